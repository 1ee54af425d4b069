/**
 * The CPU backend: a scalar reference implementation of every op (the test oracle) and Vector API, cache-blocked, two-thread fast paths for float32, sharing one worker pool.
 */
package dev.ltx.engine.cpu;
