package dev.ltx.transfer.lap;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SapKernel}'s loops over a row-major float matrix: each entry is widened to double as it is
 * loaded ({@code s * (double) f[off + j]}, exact), so every value computed is the one the double
 * kernels compute on the widened matrix, bit for bit, while half the bytes are read. The solver's
 * passes over whole rows are bound by memory bandwidth: the row minima of a 4096 x 4096 matrix took
 * about 5.5 ms from the floats against 9-10 ms from the widened doubles (and the 128 MiB widening
 * itself is gone).
 *
 * <p>A float vector of the preferred species holds exactly two double vectors of the preferred
 * species ({@code convertShape} parts 0 and 1), so one width serves the whole process (see
 * {@link SapKernel#S}). Each kernel has one scalar tail loop.
 */
final class SapFloatKernel {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Doubles per double vector; a float vector covers two of them. */
    private static final int LEN = D.length();

    static {
        if (F.length() != 2 * LEN) {
            throw new IllegalStateException("float species " + F + " does not hold two of " + D);
        }
    }

    private SapFloatKernel() {
    }

    /** As {@link SapKernel#relax} on float row {@code f[off..off+n)}. */
    static double relax(float[] f, int off, double s, double[] w, double u1, double[] d, double[] pred,
                        double rowIndex, int n) {
        DoubleVector min = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        DoubleVector pi = DoubleVector.broadcast(D, rowIndex);
        int bound = F.loopBound(n);
        int j = 0;
        for (; j < bound; j += 2 * LEN) {
            FloatVector c = FloatVector.fromArray(F, f, off + j);
            for (int part = 0; part < 2; part++) {
                int k = j + part * LEN;
                DoubleVector h = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, part)).mul(s)
                        .sub(DoubleVector.fromArray(D, w, k)).sub(u1);
                DoubleVector dv = DoubleVector.fromArray(D, d, k);
                VectorMask<Double> better = h.lt(dv);
                if (better.anyTrue()) {
                    dv = dv.blend(h, better);
                    dv.intoArray(d, k);
                    DoubleVector.fromArray(D, pred, k).blend(pi, better).intoArray(pred, k);
                }
                min = min.min(dv);
            }
        }
        double m = min.reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            double h = s * f[off + j] - w[j] - u1;
            if (h < d[j]) {
                d[j] = h;
                pred[j] = rowIndex;
            }
            if (d[j] < m) {
                m = d[j];
            }
        }
        return m;
    }

    /** As {@link SapKernel#init} on float row {@code f[off..off+n)}. */
    static double init(float[] f, int off, double s, double[] w, double[] d, double[] pred, double rowIndex,
                       int n) {
        DoubleVector m0 = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        DoubleVector m1 = m0;
        DoubleVector pi = DoubleVector.broadcast(D, rowIndex);
        int bound = F.loopBound(n);
        int j = 0;
        for (; j < bound; j += 2 * LEN) {
            FloatVector c = FloatVector.fromArray(F, f, off + j);
            DoubleVector h0 = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                    .sub(DoubleVector.fromArray(D, w, j));
            DoubleVector h1 = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                    .sub(DoubleVector.fromArray(D, w, j + LEN));
            h0.intoArray(d, j);
            h1.intoArray(d, j + LEN);
            pi.intoArray(pred, j);
            pi.intoArray(pred, j + LEN);
            m0 = m0.min(h0);
            m1 = m1.min(h1);
        }
        double m = m0.min(m1).reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            double h = s * f[off + j] - w[j];
            d[j] = h;
            pred[j] = rowIndex;
            if (h < m) {
                m = h;
            }
        }
        return m;
    }

    /**
     * As {@link SapKernel#rowMin} on float row {@code f[off..off+n)}; four independent running
     * minima. Keep it out of line for the same reason (the {@code ltx} launcher passes
     * {@code -XX:CompileCommand=dontinline} for it too).
     */
    static double rowMin(float[] f, int off, double s, double[] v, int n) {
        DoubleVector m0 = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        DoubleVector m1 = m0;
        DoubleVector m2 = m0;
        DoubleVector m3 = m0;
        int j = 0;
        for (int last = n - 4 * LEN; j <= last; j += 4 * LEN) {
            FloatVector a = FloatVector.fromArray(F, f, off + j);
            FloatVector b = FloatVector.fromArray(F, f, off + j + 2 * LEN);
            m0 = m0.min(((DoubleVector) a.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j)));
            m1 = m1.min(((DoubleVector) a.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j + LEN)));
            m2 = m2.min(((DoubleVector) b.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j + 2 * LEN)));
            m3 = m3.min(((DoubleVector) b.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j + 3 * LEN)));
        }
        double min = m0.min(m1).min(m2.min(m3)).reduceLanes(VectorOperators.MIN);
        for (; j < n; j++) {
            min = Math.min(min, s * f[off + j] - v[j]);
        }
        return min;
    }

    /** As {@link SapKernel#twoSmallest} on float row {@code f[off..off+n)}. */
    static void twoSmallest(float[] f, int off, double s, double[] v, int n, double[] lanes, double[] out) {
        DoubleVector m1 = DoubleVector.broadcast(D, Double.POSITIVE_INFINITY);
        DoubleVector m2 = m1;
        int bound = F.loopBound(n);
        int j = 0;
        for (; j < bound; j += 2 * LEN) {
            FloatVector c = FloatVector.fromArray(F, f, off + j);
            DoubleVector h0 = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j));
            m2 = m2.min(m1.max(h0));
            m1 = m1.min(h0);
            DoubleVector h1 = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j + LEN));
            m2 = m2.min(m1.max(h1));
            m1 = m1.min(h1);
        }
        m1.intoArray(lanes, 0);
        m2.intoArray(lanes, LEN);
        double a = Double.POSITIVE_INFINITY;
        double b = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 2 * LEN; k++) {
            double h = lanes[k];
            if (h < a) {
                b = a;
                a = h;
            } else if (h < b) {
                b = h;
            }
        }
        for (; j < n; j++) {
            double h = s * f[off + j] - v[j];
            if (h < a) {
                b = a;
                a = h;
            } else if (h < b) {
                b = h;
            }
        }
        out[0] = a;
        out[1] = b;
    }

    /** As {@link SapKernel#atMost} on float row {@code f[off..off+n)}. */
    static int atMost(float[] f, int off, double s, double[] v, int n, double threshold, int[] cand) {
        int count = 0;
        int bound = F.loopBound(n);
        int j = 0;
        for (; j < bound; j += 2 * LEN) {
            FloatVector c = FloatVector.fromArray(F, f, off + j);
            DoubleVector h0 = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j));
            DoubleVector h1 = ((DoubleVector) c.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                    .sub(DoubleVector.fromArray(D, v, j + LEN));
            if (h0.min(h1).compare(VectorOperators.LE, threshold).anyTrue()) {
                for (int k = j; k < j + 2 * LEN; k++) {
                    if (s * f[off + k] - v[k] <= threshold) {
                        cand[count++] = k;
                        if (count == cand.length) {
                            return count;
                        }
                    }
                }
            }
        }
        for (; j < n; j++) {
            if (s * f[off + j] - v[j] <= threshold) {
                cand[count++] = j;
                if (count == cand.length) {
                    return count;
                }
            }
        }
        return count;
    }
}
