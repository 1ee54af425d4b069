package dev.ltx.bench.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.DeviceScope;
import java.io.PrintStream;

/** sgemm TFLOP/s (C = A·B, square n³) of both GEMM paths: 2 warm-up calls, then the best of 3 timed batches. */
final class SgemmThroughput {
    private SgemmThroughput() {
    }

    static boolean run(CudaBackend gpu, int[] sizes, PrintStream out) {
        CudaBackend.GemmPath before = gpu.gemmPath();
        try {
            for (int n : sizes) {
                for (CudaBackend.GemmPath path : CudaBackend.GemmPath.values()) {
                    gpu.setGemmPath(path);
                    try (DeviceScope scope = gpu.openScope()) {
                        Tensor a = gpu.fromFloats(random(n, 1), Shape.of(n, n));
                        Tensor b = gpu.fromFloats(random(n, 2), Shape.of(n, n));
                        Tensor c = gpu.empty(Shape.of(n, n), DType.F32);
                        int reps = n >= 8192 ? 3 : 10;
                        for (int i = 0; i < 2; i++) gpu.gemm(c, a, b, false, false, 1.0, 0.0);
                        gpu.synchronize();
                        double best = Double.MAX_VALUE;
                        for (int batch = 0; batch < 3; batch++) {
                            long start = System.nanoTime();
                            for (int i = 0; i < reps; i++) gpu.gemm(c, a, b, false, false, 1.0, 0.0);
                            gpu.synchronize();
                            best = Math.min(best, (System.nanoTime() - start) / 1e9 / reps);
                        }
                        double tflops = 2.0 * n * n * (double) n / best / 1e12;
                        out.printf("sgemm %-5s n=%d: %.2f TFLOP/s (%.2f ms per call)%n",
                                path.name().toLowerCase(java.util.Locale.ROOT), n, tflops, best * 1e3);
                    }
                }
            }
        } finally {
            gpu.setGemmPath(before);
        }
        return true;
    }

    private static float[] random(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
        return v;
    }
}
