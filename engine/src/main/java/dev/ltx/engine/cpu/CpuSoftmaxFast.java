package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 fast paths of softmax, log-softmax (last axis) and cross-entropy: each row takes a vector
 * max, a scalar {@code exp(x - max)} pass summed in double, then a vector scale or shift. Rows are
 * split over the pool in groups whose size depends only on the row length, and every row is
 * computed the same way whatever thread runs it, so results do not depend on the thread count.
 */
final class CpuSoftmaxFast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Approximate elements per parallel task. */
    private static final int GRAIN = 1 << 14;

    private CpuSoftmaxFast() {
    }

    /** Softmax or log-softmax along the last axis. */
    static Tensor lastAxis(CpuBackend b, Tensor x, boolean log) {
        float[] in = CpuStorage.f32(x);
        int c = x.rank() == 0 ? 1 : x.dim(-1);
        int rows = c == 0 ? 0 : x.numel() / c;
        float[] out = b.floats(x.numel());
        b.pool().forRange(rows, Math.max(1, GRAIN / Math.max(1, c)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * c;
                float max = max(in, off, c);
                double sum = expShifted(in, off, c, max, out);
                if (log) {
                    shift(in, off, c, max, (float) Math.log(sum), out);
                } else {
                    scaleInPlace(out, off, c, (float) (1.0 / sum));
                }
            }
        });
        return b.wrap(out, x.shape(), DType.F32);
    }

    static Tensor crossEntropy(CpuBackend b, Tensor logits, int[] labels) {
        float[] in = CpuStorage.f32(logits);
        int n = logits.dim(0);
        int c = logits.dim(1);
        float[] loss = b.floats(n);
        b.pool().forRange(n, Math.max(1, GRAIN / Math.max(1, c)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * c;
                float max = max(in, off, c);
                double sum = expShifted(in, off, c, max, null);
                loss[r] = (float) ((double) max + Math.log(sum) - in[off + labels[r]]);
            }
        });
        return b.wrap(loss, Shape.of(n), DType.F32);
    }

    static Tensor crossEntropyBackward(CpuBackend b, Tensor logits, int[] labels, Tensor gradLoss) {
        float[] in = CpuStorage.f32(logits);
        float[] g = CpuStorage.f32(gradLoss);
        int n = logits.dim(0);
        int c = logits.dim(1);
        float[] out = b.floats(n * c);
        b.pool().forRange(n, Math.max(1, GRAIN / Math.max(1, c)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int off = r * c;
                float max = max(in, off, c);
                double sum = expShifted(in, off, c, max, out);
                scaleInPlace(out, off, c, (float) (g[r] / sum));
                out[off + labels[r]] -= g[r];
            }
        });
        return b.wrap(out, logits.shape(), DType.F32);
    }

    private static float max(float[] a, int off, int len) {
        int i = 0;
        int bound = S.loopBound(len);
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += S.length()) m = m.max(FloatVector.fromArray(S, a, off + i));
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) r = Math.max(r, a[off + i]);
        return r;
    }

    /**
     * Writes {@code exp(a - max)} into {@code out} (when not null) and returns the sum of those
     * values, accumulated in double in index order. The exponential is scalar {@link Math#exp}: the
     * Vector API's EXP rounds differently when interpreted and when compiled, which would make
     * results depend on JIT timing.
     */
    private static double expShifted(float[] a, int off, int len, float max, float[] out) {
        double total = 0;
        for (int i = 0; i < len; i++) {
            float e = (float) Math.exp(a[off + i] - max);
            if (out != null) out[off + i] = e;
            total += e;
        }
        return total;
    }

    private static void scaleInPlace(float[] a, int off, int len, float s) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, off + i).mul(s).intoArray(a, off + i);
        for (; i < len; i++) a[off + i] *= s;
    }

    /** {@code out = (a - max) - logSum}. */
    private static void shift(float[] a, int off, int len, float max, float logSum, float[] out) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, off + i).sub(max).sub(logSum).intoArray(out, off + i);
        }
        for (; i < len; i++) out[off + i] = (a[off + i] - max) - logSum;
    }
}
