/**
 * The training loop: a {@link dev.ltx.nn.train.TrainConfig} (model, dataset, optimizer, schedule,
 * seed, checkpoint epochs) run by the {@link dev.ltx.nn.train.Trainer} into a
 * {@link dev.ltx.nn.train.RunFolder} (config, metadata, per-epoch metrics as JSON and CSV, and
 * safetensors checkpoints with PyTorch names, including the initial model as epoch -1), which later
 * stages open and read back.
 */
package dev.ltx.nn.train;
