/**
 * Checkpoint files: a validated safetensors reader ({@link dev.ltx.nn.io.SafetensorsReader}), an
 * atomic writer ({@link dev.ltx.nn.io.SafetensorsWriter}) and strict state-dict checking
 * ({@link dev.ltx.nn.io.StrictLoad}); atomic text files ({@link dev.ltx.nn.io.AtomicText}) and the
 * one-writer-per-folder lock ({@link dev.ltx.nn.io.FolderLock}).
 */
package dev.ltx.nn.io;
