package dev.ltx.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 batch normalization: one pool task per block of channels; within a channel, each (image,
 * channel) plane is reduced in {@code FloatVector} lanes and the per-plane results are added in
 * double, in image order, so the statistics are accurate and independent of the thread count.
 * Deviations are taken from the float-rounded mean and corrected in double, which keeps the
 * variance and the gradients accurate when the mean is large relative to the spread.
 */
final class BatchNormFast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Roughly how many input floats one task should cover. */
    private static final int TASK_FLOATS = 1 << 14;

    private BatchNormFast() {
    }

    private static int grain(int n, int plane) {
        return Math.max(1, TASK_FLOATS / Math.max(1, n * plane));
    }

    static void train(Parallel pool, int n, int c, int plane, float[] x, float[] gamma, float[] beta, double eps,
                      float[] y, float[] mean, float[] var, float[] invStd) {
        double count = (double) n * plane;
        pool.forRange(c, grain(n, plane), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int b = 0; b < n; b++) s += sum(x, (b * c + ch) * plane, plane);
                double m = s / count;
                float mf = (float) m;
                double sq = 0;
                for (int b = 0; b < n; b++) sq += sumSquaredDeviation(x, (b * c + ch) * plane, plane, mf);
                double shift = m - mf;
                double v = Math.max(0.0, sq / count - shift * shift);
                double inv = 1.0 / Math.sqrt(v + eps);
                mean[ch] = mf;
                var[ch] = (float) v;
                invStd[ch] = (float) inv;
                double scale = (gamma == null ? 1.0 : gamma[ch]) * inv;
                double offset = (beta == null ? 0.0 : beta[ch]) - shift * scale;
                for (int b = 0; b < n; b++) affine(x, y, (b * c + ch) * plane, plane, mf, (float) scale, (float) offset);
            }
        });
    }

    static float[] eval(Parallel pool, int n, int c, int plane, float[] x, float[] gamma, float[] beta,
                        float[] runningMean, float[] runningVar, double eps, float[] y) {
        pool.forRange(c, grain(n, plane), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double scale = (gamma == null ? 1.0 : gamma[ch]) / Math.sqrt(runningVar[ch] + eps);
                float offset = beta == null ? 0f : beta[ch];
                for (int b = 0; b < n; b++) {
                    affine(x, y, (b * c + ch) * plane, plane, runningMean[ch], (float) scale, offset);
                }
            }
        });
        return y;
    }

    /** See {@link BatchNormReference#backward}; gGamma and gBeta are filled when gamma is not null. */
    static void backward(Parallel pool, int n, int c, int plane, float[] gy, float[] x, float[] gamma,
                         float[] mean, float[] invStd, float[] gx, float[] gGamma, float[] gBeta) {
        double count = (double) n * plane;
        pool.forRange(c, grain(n, plane), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mf = mean[ch];
                double inv = invStd[ch];
                double sumG = 0;
                double sumGDev = 0;
                for (int b = 0; b < n; b++) {
                    int off = (b * c + ch) * plane;
                    sumG += sum(gy, off, plane);
                    sumGDev += dotDeviation(gy, x, off, plane, mf);
                }
                double sumGXhat = sumGDev * inv;
                if (gamma != null) {
                    gGamma[ch] = (float) sumGXhat;
                    gBeta[ch] = (float) sumG;
                }
                // gx = a·gy + k·(x − mean) + b with a = gamma·invStd, k = −a·invStd·mean(gy·x̂), b = −a·mean(gy)
                double a = (gamma == null ? 1.0 : gamma[ch]) * inv;
                double k = -a * inv * sumGXhat / count;
                double bias = -a * sumG / count;
                for (int b = 0; b < n; b++) {
                    gradient(gy, x, gx, (b * c + ch) * plane, plane, mf, (float) a, (float) k, (float) bias);
                }
            }
        });
    }

    /** Σ v[off..off+len), float lanes reduced into double. */
    private static double sum(float[] v, int off, int len) {
        int i = 0;
        double s = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            FloatVector acc = FloatVector.zero(S);
            for (; i < upper; i += S.length()) acc = acc.add(FloatVector.fromArray(S, v, off + i));
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) s += v[off + i];
        return s;
    }

    /** Σ (v − m)² over v[off..off+len). */
    private static double sumSquaredDeviation(float[] v, int off, int len, float m) {
        int i = 0;
        double s = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            FloatVector mv = FloatVector.broadcast(S, m);
            FloatVector acc = FloatVector.zero(S);
            for (; i < upper; i += S.length()) {
                FloatVector d = FloatVector.fromArray(S, v, off + i).sub(mv);
                acc = d.fma(d, acc);
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) {
            double d = v[off + i] - m;
            s += d * d;
        }
        return s;
    }

    /** Σ g·(x − m) over [off, off+len). */
    private static double dotDeviation(float[] g, float[] x, int off, int len, float m) {
        int i = 0;
        double s = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            FloatVector mv = FloatVector.broadcast(S, m);
            FloatVector acc = FloatVector.zero(S);
            for (; i < upper; i += S.length()) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mv);
                acc = d.fma(FloatVector.fromArray(S, g, off + i), acc);
            }
            s = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < len; i++) s += (double) g[off + i] * (x[off + i] - m);
        return s;
    }

    /** y = (x − m)·scale + offset over [off, off+len). */
    private static void affine(float[] x, float[] y, int off, int len, float m, float scale, float offset) {
        int i = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            FloatVector mv = FloatVector.broadcast(S, m);
            FloatVector sv = FloatVector.broadcast(S, scale);
            FloatVector ov = FloatVector.broadcast(S, offset);
            for (; i < upper; i += S.length()) {
                FloatVector.fromArray(S, x, off + i).sub(mv).fma(sv, ov).intoArray(y, off + i);
            }
        }
        for (; i < len; i++) y[off + i] = (x[off + i] - m) * scale + offset;
    }

    /** gx = a·gy + k·(x − m) + b over [off, off+len). */
    private static void gradient(float[] gy, float[] x, float[] gx, int off, int len, float m, float a, float k,
                                 float b) {
        int i = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            FloatVector mv = FloatVector.broadcast(S, m);
            FloatVector av = FloatVector.broadcast(S, a);
            FloatVector kv = FloatVector.broadcast(S, k);
            FloatVector bv = FloatVector.broadcast(S, b);
            for (; i < upper; i += S.length()) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mv);
                FloatVector.fromArray(S, gy, off + i).fma(av, d.fma(kv, bv)).intoArray(gx, off + i);
            }
        }
        for (; i < len; i++) gx[off + i] = gy[off + i] * a + (x[off + i] - m) * k + b;
    }
}
