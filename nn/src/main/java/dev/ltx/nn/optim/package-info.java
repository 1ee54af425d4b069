/**
 * Optimizers and learning-rate schedules.
 *
 * <p>{@link dev.ltx.nn.optim.Sgd} and {@link dev.ltx.nn.optim.AdamW} follow PyTorch's update rules
 * exactly (up to floating-point rounding order) and run every operation through
 * {@link dev.ltx.engine.Backend} ops on the parameters' own backend, so they work unchanged on any
 * backend and in F32 or F64. They take plain lists of parameter {@link dev.ltx.autograd.Var}s and
 * save/restore their state as named tensors (see {@link dev.ltx.nn.optim.Optimizer}).
 * {@link dev.ltx.nn.optim.LrSchedule} holds the schedules as values: constant, the reference's
 * per-epoch cosine with linear warmup, per-step linear warmup and multi-step decay.
 */
package dev.ltx.nn.optim;
