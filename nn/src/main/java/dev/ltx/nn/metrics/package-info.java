/**
 * Training metrics: mean cross-entropy loss ({@link dev.ltx.nn.metrics.Losses}), top-1 accuracy
 * from logits computed with backend ops ({@link dev.ltx.nn.metrics.Accuracy}) and an epoch
 * tracker that averages per-batch values weighted by batch size or, as the official code does,
 * with equal weight ({@link dev.ltx.nn.metrics.RunningMean}).
 */
package dev.ltx.nn.metrics;
