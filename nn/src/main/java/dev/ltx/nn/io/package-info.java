/**
 * Checkpoint files: a validated safetensors reader ({@link dev.ltx.nn.io.SafetensorsReader}), an
 * atomic writer ({@link dev.ltx.nn.io.SafetensorsWriter}) and strict state-dict checking
 * ({@link dev.ltx.nn.io.StrictLoad}).
 */
package dev.ltx.nn.io;
