/**
 * Source trajectories of named parameters: checkpoint lists interpolated with S sub-steps per
 * segment ({@link dev.ltx.transfer.trajectory.AlphaSchedule} cosine-weighted or uniform α; S = 1 gives
 * the actual checkpoints) and the parameter-map arithmetic the transfer uses.
 */
package dev.ltx.transfer.trajectory;
