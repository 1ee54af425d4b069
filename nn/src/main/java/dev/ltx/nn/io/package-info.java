/**
 * Checkpoint files: a validated safetensors reader ({@link dev.ltx.nn.io.SafetensorsReader}), an
 * atomic writer ({@link dev.ltx.nn.io.SafetensorsWriter}), strict state-dict checking
 * ({@link dev.ltx.nn.io.StrictLoad}), header-only checking of a checkpoint against a model
 * ({@link dev.ltx.nn.io.CheckpointCheck}, for files saved by PyTorch in F32, F16, BF16 or F64); atomic text
 * files ({@link dev.ltx.nn.io.AtomicText}) and the one-writer-per-folder lock ({@link dev.ltx.nn.io.FolderLock}).
 */
package dev.ltx.nn.io;
