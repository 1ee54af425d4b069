/**
 * The device check: a plain Java main ({@link dev.ltx.bench.cuda.CudaDeviceCheck}) that runs on a
 * GPU machine from the shaded benchmarks jar, without Maven or JUnit: the kernel parity checks
 * against the CPU reference (PASS/FAIL per check and per kernel, with timings), sgemm TFLOP/s of
 * both GEMM paths, and training images/s of Conv8 and ResNet-18. Driven by
 * {@code bench/device-check.sh}.
 */
package dev.ltx.bench.cuda;
