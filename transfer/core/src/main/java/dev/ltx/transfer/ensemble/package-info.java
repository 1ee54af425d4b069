/**
 * Ensembles of transferred models (paper Appendix E.2): class probabilities of a model on a split
 * ({@link dev.ltx.transfer.ensemble.Predictions}), the accuracy of an ensemble that averages them,
 * and the prediction disagreement between two models.
 */
package dev.ltx.transfer.ensemble;
