/**
 * The machinery behind {@link dev.ltx.transfer.LearningTransfer}: the per-step Naive/Oracle/GMT/FGMT
 * loop ({@link dev.ltx.transfer.method.TransferRunner}), synced gradient pairs, batch-norm
 * re-estimation with the cumulative average, seeded batch sampling, validation and the
 * fine-tuning loop.
 */
package dev.ltx.transfer.method;
