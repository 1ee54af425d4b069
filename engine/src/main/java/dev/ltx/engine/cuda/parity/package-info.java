/**
 * CUDA-versus-CPU parity checks, one list shared by the {@code @Tag("cuda")} JUnit tests and the
 * device-check harness in {@code bench}: each {@link dev.ltx.engine.cuda.parity.ParityCheck} runs
 * one op on seeded random inputs (odd sizes included) on the CPU REFERENCE backend and on a
 * {@link dev.ltx.engine.cuda.CudaBackend}, and compares with a tolerance whose derivation is
 * written next to it. They need a GPU to run; nothing here touches CUDA until a check is run.
 */
package dev.ltx.engine.cuda.parity;
