/**
 * Experiment drivers: whole reproductions of the paper's experiments built from the training
 * ({@link dev.ltx.nn.train}), transfer ({@link dev.ltx.transfer.LearningTransfer}) and report
 * ({@link dev.ltx.transfer.report}) layers.
 *
 * <p>{@link dev.ltx.transfer.experiments.MnistMlpExperiment} reproduces the MNIST 2-MLP experiment
 * (reference.md §9, §10, §12, §17; paper Figures 5a and 6): six source/target runs, every pair
 * transferred with Naive, Oracle, GMT and FGMT, fine-tuned from the best step, and one report
 * folder. Work is resumable: finished training runs and finished transfers are found on disk and
 * reused, so an interrupted reproduction continues where it stopped.
 */
package dev.ltx.transfer.experiments;
