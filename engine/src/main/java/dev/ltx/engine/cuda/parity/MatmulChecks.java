package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.CudaBackend.GemmPath;
import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Parity checks of {@code gemm.cu} (both paths) and {@code conv.cu}.
 *
 * <p>Tolerances, for inputs in [−1, 1]: an fp32 dot product of k terms accumulated to depth k
 * errs by at most {@code (k + 2)·ε·Σ|a||b| ≤ (k + 2)·ε·k} ({@link Data#sumBound}). The TF32 path
 * first rounds both operands to 10 explicit mantissa bits (relative error 2⁻¹¹ each), adding
 * {@code 2⁻¹⁰·k}. Convolutions are such dot products: forward over C·KH·KW terms; the input
 * gradient over O terms (GEMM) and then up to KH·KW more (col2im), so depth O + KH·KW over
 * O·KH·KW terms; the weight gradient over N·OH·OW terms in one GEMM; the bias gradient over
 * N·OH·OW terms with a block reduction (depth N·⌈P/256⌉ + 10).
 */
final class MatmulChecks {
    private static final double TF32_UNIT = Math.scalb(1.0, -10);

    private MatmulChecks() {
    }

    static List<ParityCheck> all(long seed) {
        List<ParityCheck> checks = new ArrayList<>();
        int[][] dims = {{67, 45, 129}, {1, 1, 1}, {128, 64, 256}, {3, 200, 17}, {100, 9, 1000}};
        int k = 0;
        for (GemmPath path : GemmPath.values()) {
            for (int[] d : dims) {
                boolean ta = k % 2 == 1;
                boolean tb = k % 3 == 1;
                checks.add(gemm(path, d[0], d[1], d[2], ta, tb, k % 2 == 0 ? 0.0 : 0.5, seed + k++));
            }
            checks.add(batched(path, 5, 33, 17, 65, seed + k++));
        }
        checks.add(conv(GemmPath.TILED, 2, 3, 7, 9, 5, 3, 3, Conv2dParams.of(1, 1), seed + 40));
        checks.add(conv(GemmPath.TILED, 3, 4, 11, 13, 6, 3, 3, Conv2dParams.of(2, 1), seed + 41));
        checks.add(conv(GemmPath.TILED, 2, 3, 15, 15, 4, 7, 7, Conv2dParams.of(2, 3), seed + 42));
        checks.add(conv(GemmPath.TILED, 5, 8, 6, 6, 17, 1, 1, Conv2dParams.of(1, 0), seed + 43));
        checks.add(conv(GemmPath.TF32, 4, 16, 8, 8, 32, 3, 3, Conv2dParams.of(1, 1), seed + 44));
        return checks;
    }

    private static double dotTol(GemmPath path, long terms, long depth) {
        return Data.sumBound(depth, terms, 1.0) + (path == GemmPath.TF32 ? TF32_UNIT * terms : 0.0);
    }

    private static Kernel kernel(GemmPath path) {
        return path == GemmPath.TF32 ? Kernel.SGEMM_TF32_F32 : Kernel.SGEMM_TILED_F32;
    }

    /** Runs {@code body} with the GEMM path switched, restoring the previous one. */
    static <T> T with(CudaBackend gpu, GemmPath path, java.util.function.Supplier<T> body) {
        GemmPath before = gpu.gemmPath();
        gpu.setGemmPath(path);
        try {
            return body.get();
        } finally {
            gpu.setGemmPath(before);
        }
    }

    static ParityCheck gemm(GemmPath path, int m, int n, int k, boolean ta, boolean tb, double beta, long seed) {
        String name = "gemm " + kernel(path).symbol() + " " + m + "x" + n + "x" + k + (ta ? " Aᵀ" : "") + (tb ? " Bᵀ" : "")
                + " beta " + beta;
        return new ParityCheck(name, List.of(kernel(path)), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] a = Data.uniformPair(rng, ref, gpu, ta ? Shape.of(k, m) : Shape.of(m, k), -1, 1);
            Tensor[] b = Data.uniformPair(rng, ref, gpu, tb ? Shape.of(n, k) : Shape.of(k, n), -1, 1);
            Tensor[] c = Data.uniformPair(rng, ref, gpu, Shape.of(m, n), -1, 1);
            double alpha = 1.25;
            ref.gemm(c[0], a[0], b[0], ta, tb, alpha, beta);
            with(gpu, path, () -> {
                gpu.gemm(c[1], a[1], b[1], ta, tb, alpha, beta);
                return null;
            });
            double atol = alpha * dotTol(path, k, k) + 2 * Data.EPS * (Math.abs(beta) + alpha * k);
            return Data.compare(c[0], c[1], atol, 0.0,
                    () -> with(gpu, path, () -> gpu.matmul(a[1], b[1], ta, tb)).close());
        });
    }

    static ParityCheck batched(GemmPath path, int batch, int m, int n, int k, long seed) {
        String name = "gemm " + kernel(path).symbol() + " batched " + batch + "x" + m + "x" + n + "x" + k + " Bᵀ";
        return new ParityCheck(name, List.of(kernel(path)), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] a = Data.uniformPair(rng, ref, gpu, Shape.of(batch, m, k), -1, 1);
            Tensor[] b = Data.uniformPair(rng, ref, gpu, Shape.of(batch, n, k), -1, 1);
            Tensor want = ref.batchedMatmul(a[0], b[0], false, true);
            Tensor got = with(gpu, path, () -> gpu.batchedMatmul(a[1], b[1], false, true));
            return Data.compare(want, got, dotTol(path, k, k), 0.0,
                    () -> with(gpu, path, () -> gpu.batchedMatmul(a[1], b[1], false, true)).close());
        });
    }

    /** Forward (with bias), input, weight and bias gradients of one geometry, compared together. */
    static ParityCheck conv(GemmPath path, int n, int c, int h, int w, int o, int kh, int kw, Conv2dParams p, long seed) {
        Shape xs = Shape.of(n, c, h, w);
        Shape ws = Shape.of(o, c, kh, kw);
        String name = "conv x" + xs + " w" + ws + " stride " + p.strideH() + " pad " + p.padH() + " "
                + path.name().toLowerCase(java.util.Locale.ROOT);
        List<Kernel> ks = List.of(Kernel.IM2COL_F32, Kernel.COL2IM_F32, Kernel.CONV2D_BIAS_F32,
                Kernel.CONV2D_BIAS_GRAD_F32, kernel(path), Kernel.STRIDED_COPY_F32);
        return new ParityCheck(name, ks, (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] x = Data.uniformPair(rng, ref, gpu, xs, -1, 1);
            Tensor[] wt = Data.uniformPair(rng, ref, gpu, ws, -1, 1);
            Tensor[] bias = Data.uniformPair(rng, ref, gpu, Shape.of(o), -1, 1);
            Shape ys = Shape.of(n, o, p.outH(h, kh), p.outW(w, kw));
            Tensor[] gy = Data.uniformPair(rng, ref, gpu, ys, -1, 1);
            long plane = (long) ys.dim(2) * ys.dim(3);
            long fwd = (long) c * kh * kw;
            long bwdIn = (long) o * kh * kw;
            long bwdW = n * plane;
            double atol = Math.max(Math.max(dotTol(path, fwd, fwd) + 2 * Data.EPS * (fwd + 1),
                    dotTol(path, bwdIn, o + (long) kh * kw)), Math.max(dotTol(path, bwdW, bwdW),
                    Data.sumBound(n * ((plane + 255) / 256) + 10, bwdW, 1.0)));
            double[] want = join(ref.conv2d(x[0], wt[0], bias[0], p), ref.conv2dBackwardInput(gy[0], wt[0], xs, p),
                    ref.conv2dBackwardWeight(gy[0], x[0], ws, p), ref.conv2dBackwardBias(gy[0]));
            double[] got = with(gpu, path, () -> join(gpu.conv2d(x[1], wt[1], bias[1], p),
                    gpu.conv2dBackwardInput(gy[1], wt[1], xs, p), gpu.conv2dBackwardWeight(gy[1], x[1], ws, p),
                    gpu.conv2dBackwardBias(gy[1])));
            return Data.compare(want, got, atol, 0.0,
                    () -> with(gpu, path, () -> gpu.conv2d(x[1], wt[1], bias[1], p)).close());
        });
    }

    static double[] join(Tensor... ts) {
        int total = 0;
        for (Tensor t : ts) total += t.numel();
        double[] r = new double[total];
        int at = 0;
        for (Tensor t : ts) {
            double[] v = t.toDoubles();
            System.arraycopy(v, 0, r, at, v.length);
            at += v.length;
        }
        return r;
    }
}
