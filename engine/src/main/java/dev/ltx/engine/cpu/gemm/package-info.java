/**
 * Single-precision GEMM for the CPU: panel packing, a register-tiled Vector API micro-kernel and deterministic splitting over the shared pool.
 */
package dev.ltx.engine.cpu.gemm;
