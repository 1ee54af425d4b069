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
     * As {@link SapKernel#rowMin} on float row {@code f[off..off+n)}. Each step reduces its eight
     * vectors to one double before taking the running minimum: no vector is carried from one step to
     * the next, because JDK 17's C2 sometimes kept a carried vector boxed, a fresh object per step
     * (with four carried minima, or two, one FGMT transfer of the MNIST 2-MLP allocated 2-6 GB in this
     * loop in about one run in three; the reductions of different steps overlap instead). The minimum
     * is exact, so the order of the reductions does not change it. Kept out of line (the {@code ltx}
     * launcher passes {@code -XX:CompileCommand=dontinline} for it).
     */
    static double rowMin(float[] f, int off, double s, double[] v, int n) {
        double min = Double.POSITIVE_INFINITY;
        int j = 0;
        for (int last = n - 8 * LEN; j <= last; j += 8 * LEN) {
            DoubleVector h = reduced(f, off + j, s, v, j).min(reduced(f, off + j + 4 * LEN, s, v, j + 4 * LEN));
            min = Math.min(min, h.reduceLanes(VectorOperators.MIN));
        }
        for (; j < n; j++) {
            min = Math.min(min, s * f[off + j] - v[j]);
        }
        return min;
    }

    /** The lane-wise minimum of {@code s·f[i+k] - v[j+k]} over the {@code 4 * LEN} values from k = 0. */
    private static DoubleVector reduced(float[] f, int i, double s, double[] v, int j) {
        FloatVector a = FloatVector.fromArray(F, f, i);
        FloatVector b = FloatVector.fromArray(F, f, i + 2 * LEN);
        DoubleVector h0 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                .sub(DoubleVector.fromArray(D, v, j));
        DoubleVector h1 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                .sub(DoubleVector.fromArray(D, v, j + LEN));
        DoubleVector h2 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 0)).mul(s)
                .sub(DoubleVector.fromArray(D, v, j + 2 * LEN));
        DoubleVector h3 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 1)).mul(s)
                .sub(DoubleVector.fromArray(D, v, j + 3 * LEN));
        return h0.min(h1).min(h2.min(h3));
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
