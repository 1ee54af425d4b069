package dev.ltx.transfer.lap;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bid of {@link AuctionWarmStart}: over a float row, the lowest-index minimum and the second
 * smallest value of {@code sign·c[off+j] - p[j]} ({@code sign} is ±1: the caller's matrix is read in
 * place, without a negated copy for maximization; the product is exact), with the Vector API (a scalar tail loop for widths
 * that are not a multiple of the vector length). Float halves the memory traffic of the
 * row-by-row scans, which dominate the auction; its rounding only perturbs a heuristic.
 *
 * <p>{@link #rowMin}, like {@link SapKernel#rowMin}, must stay out of line: inlined into
 * {@code CandidateLists.rebuild} C2 (JDK 17) may box its vectors (see there).
 */
final class AuctionKernel {
    /**
     * The preferred species, the engine's (see {@link SapKernel}). Measured on the ten FGMT matrices
     * of the MNIST 2-MLP (n = 4096, Zen 5, JDK 17): inside FGMT's matching, with 256-bit kernels here
     * and 512-bit ones in the engine, a warm auction took 150-235 ms; with 512 bits everywhere
     * 67-105 ms, the same bids and rebuilds (the matching of ten steps: 3.6 s → 2.3 s). The solver
     * alone, without the engine, was also faster at one width (1.88 s → 1.69 s for the ten solves),
     * but LapBench's cold solves (no engine in the JVM) stayed 10-35 % slower than with the old
     * 256-bit kernels in interleaved runs (uniform n = 1024: 8.4 vs 11-13 ms; n = 4096: 293-335 vs
     * 328-411 ms), even after two independent pairs of running minima in {@link #bid}: an open cost
     * of the choice, which follows the engine because FGMT is where the solver's time goes.
     */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private AuctionKernel() {
    }

    /**
     * Returns the lowest index {@code j1} minimizing {@code h[j] = sign·c[off+j] - p[j]} and writes
     * {@code out[0] = h[j1]}, {@code out[1]} = the second smallest value as a multiset
     * ({@code +inf} when {@code n == 1}). Values must be finite and {@code n >= 1}.
     *
     * <p>The per-lane minima are combined with lane reductions, not stored to an array: on JDK 17,
     * with the engine's 512-bit kernels in the same JVM, C2 failed to intrinsify the stores of these
     * 256-bit vectors (the shared {@code intoArray} profile is polluted), leaving the loop to the
     * Vector API's slow Java fallback.
     */
    static int bid(float[] c, float sign, int off, float[] p, int n, float[] out) {
        int len = S.length();
        FloatVector m1 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        FloatVector m2 = m1;
        FloatVector q1 = m1; // a second, independent pair of running minima (odd vectors)
        FloatVector q2 = m1;
        int j = 0;
        for (int last = n - 2 * len; j <= last; j += 2 * len) {
            FloatVector h = FloatVector.fromArray(S, c, off + j).mul(sign).sub(FloatVector.fromArray(S, p, j));
            FloatVector g = FloatVector.fromArray(S, c, off + j + len).mul(sign)
                    .sub(FloatVector.fromArray(S, p, j + len));
            m2 = m2.min(m1.max(h)); // the lane's second smallest as a multiset, without masks
            m1 = m1.min(h);
            q2 = q2.min(q1.max(g));
            q1 = q1.min(g);
        }
        m2 = m2.min(q2).min(m1.max(q1)); // the two pairs merged: smallest and second smallest per lane
        m1 = m1.min(q1);
        for (int last = n - len; j <= last; j += len) {
            FloatVector h = FloatVector.fromArray(S, c, off + j).mul(sign).sub(FloatVector.fromArray(S, p, j));
            m2 = m2.min(m1.max(h));
            m1 = m1.min(h);
        }
        float a = m1.reduceLanes(VectorOperators.MIN);
        float b;
        VectorMask<Float> atA = m1.eq(a);
        if (atA.trueCount() >= 2) {
            b = a; // the minimum occurs in two lanes
        } else { // the second smallest: the other lanes' minima or any lane's second
            b = Math.min(m2.reduceLanes(VectorOperators.MIN),
                    m1.blend(Float.POSITIVE_INFINITY, atA).reduceLanes(VectorOperators.MIN));
        }
        for (int k = j; k < n; k++) {
            float h = sign * c[off + k] - p[k];
            if (h < a) {
                b = a;
                a = h;
            } else if (h < b) {
                b = h;
            }
        }
        out[0] = a;
        out[1] = b;
        return firstAtMost(c, sign, off, p, n, a);
    }

    /**
     * The bid over a candidate list: positions {@code base .. base + padded} of {@code idx} (columns)
     * and {@code cost} (their effective costs), {@code padded} a multiple of the vector length whose
     * unused tail has cost {@code +inf} (and any valid column). Returns the first position (relative
     * to base) minimizing {@code cost[q] - p[idx[q]]} and writes the minimum and the second smallest
     * value as a multiset to {@code out}, as {@link #bid} does over a row; the caller's lists are in
     * increasing column order, so the first position is the lowest column. Prices are gathered.
     */
    static int listBid(int[] idx, float[] cost, int base, int padded, float[] p, float[] out) {
        listMinima(idx, cost, base, padded, p, out);
        float a = out[0];
        int len = S.length();
        int end = base + padded;
        for (int q = base; q < end; q += len) {
            FloatVector h = FloatVector.fromArray(S, cost, q).sub(FloatVector.fromArray(S, p, 0, idx, q));
            VectorMask<Float> at = h.eq(a);
            if (at.anyTrue()) {
                return q - base + at.firstTrue();
            }
        }
        throw new IllegalStateException("no list entry at the list minimum " + a);
    }

    /**
     * The two values of {@link #listBid} without the position: {@code out[0]} the list's minimum of
     * {@code cost[q] - p[idx[q]]}, {@code out[1]} its second smallest value as a multiset. Reads each
     * price once, so it is also safe while another thread lowers prices ({@link ListPrefetcher}).
     */
    static void listMinima(int[] idx, float[] cost, int base, int padded, float[] p, float[] out) {
        int len = S.length();
        int end = base + padded;
        FloatVector m1 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        FloatVector m2 = m1;
        for (int q = base; q < end; q += len) {
            FloatVector h = FloatVector.fromArray(S, cost, q).sub(FloatVector.fromArray(S, p, 0, idx, q));
            m2 = m2.min(m1.max(h));
            m1 = m1.min(h);
        }
        float a = m1.reduceLanes(VectorOperators.MIN);
        VectorMask<Float> atA = m1.eq(a);
        out[0] = a;
        out[1] = atA.trueCount() >= 2 ? a : Math.min(m2.reduceLanes(VectorOperators.MIN),
                m1.blend(Float.POSITIVE_INFINITY, atA).reduceLanes(VectorOperators.MIN));
    }

    /** The lowest {@code j} with {@code sign·c[off+j] - p[j] <= t}; one exists by construction. */
    private static int firstAtMost(float[] c, float sign, int off, float[] p, int n, float t) {
        int len = S.length();
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += len) {
            FloatVector h = FloatVector.fromArray(S, c, off + j).mul(sign).sub(FloatVector.fromArray(S, p, j));
            VectorMask<Float> le = h.compare(VectorOperators.LE, t);
            if (le.anyTrue()) {
                return j + le.firstTrue();
            }
        }
        for (; j < n; j++) {
            if (sign * c[off + j] - p[j] <= t) {
                return j;
            }
        }
        throw new IllegalStateException("no entry at most the row minimum " + t);
    }

    /**
     * The minimum over j of {@code sign·c[off+j] - p[j]} (no vector stores, see {@link #bid}). Each
     * step reduces its eight vectors to one float before taking the running minimum: four carried
     * vector minima ran three times faster than one (each step waited for the previous compare), but
     * JDK 17's C2 sometimes kept a carried vector boxed, a fresh object per step (see
     * {@link SapFloatKernel#rowMin}); the reductions of different steps overlap instead.
     */
    static float rowMin(float[] c, float sign, int off, float[] p, int n) {
        int len = S.length();
        float min = Float.POSITIVE_INFINITY;
        int j = 0;
        for (int last = n - 8 * len; j <= last; j += 8 * len) {
            FloatVector h = reduced(c, sign, off, p, j, len).min(reduced(c, sign, off, p, j + 4 * len, len));
            min = Math.min(min, h.reduceLanes(VectorOperators.MIN));
        }
        for (int last = n - len; j <= last; j += len) {
            min = Math.min(min, FloatVector.fromArray(S, c, off + j).mul(sign).sub(FloatVector.fromArray(S, p, j))
                    .reduceLanes(VectorOperators.MIN));
        }
        for (; j < n; j++) {
            float h = sign * c[off + j] - p[j];
            if (h < min) {
                min = h;
            }
        }
        return min;
    }

    /** The lane-wise minimum of {@code sign·c[off+k] - p[k]} over the four vectors from {@code k = j}. */
    private static FloatVector reduced(float[] c, float sign, int off, float[] p, int j, int len) {
        FloatVector h0 = FloatVector.fromArray(S, c, off + j).mul(sign).sub(FloatVector.fromArray(S, p, j));
        FloatVector h1 = FloatVector.fromArray(S, c, off + j + len).mul(sign).sub(FloatVector.fromArray(S, p, j + len));
        FloatVector h2 = FloatVector.fromArray(S, c, off + j + 2 * len).mul(sign)
                .sub(FloatVector.fromArray(S, p, j + 2 * len));
        FloatVector h3 = FloatVector.fromArray(S, c, off + j + 3 * len).mul(sign)
                .sub(FloatVector.fromArray(S, p, j + 3 * len));
        return h0.min(h1).min(h2.min(h3));
    }

    /**
     * Writes the minimum and maximum of {@code c} to {@code out[0]} and {@code out[1]}; NaN when
     * some entry is NaN (the lane-wise minimum and maximum propagate it), infinite when some entry
     * is. Four independent accumulator pairs, as in {@link #rowMin}.
     */
    static void minMax(float[] c, float[] out) {
        minMax(c, 0, c.length, out);
    }

    /** {@link #minMax(float[], float[])} of {@code c[from..to)}. */
    static void minMax(float[] c, int from, int to, float[] out) {
        int len = S.length();
        FloatVector lo0 = FloatVector.broadcast(S, Float.POSITIVE_INFINITY);
        FloatVector lo1 = lo0;
        FloatVector hi0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector hi1 = hi0;
        int j = from;
        for (int last = to - 2 * len; j <= last; j += 2 * len) {
            FloatVector a = FloatVector.fromArray(S, c, j);
            FloatVector b = FloatVector.fromArray(S, c, j + len);
            lo0 = lo0.min(a);
            hi0 = hi0.max(a);
            lo1 = lo1.min(b);
            hi1 = hi1.max(b);
        }
        float lo = lo0.min(lo1).reduceLanes(VectorOperators.MIN);
        float hi = hi0.max(hi1).reduceLanes(VectorOperators.MAX);
        for (; j < to; j++) {
            lo = Math.min(lo, c[j]);
            hi = Math.max(hi, c[j]);
        }
        out[0] = lo;
        out[1] = hi;
    }

    /**
     * Writes to {@code out[outOff..]}, in increasing order, the indices j with
     * {@code sign·c[off+j] - p[j] < t}; returns their count, or {@code cap + 1} as soon as there are more
     * than {@code cap} (then what it wrote is unspecified). The differences are recomputed (a row and
     * the prices stay in cache) rather than stored, see {@link #bid}; float subtraction gives the same
     * values in every lane.
     *
     * <p>A vector with hits takes its one or two indices from the mask ({@code firstTrue},
     * {@code lastTrue}); only three or more go through a scalar loop. Hits are sparse (a list holds
     * up to 64 of a row's thousands of columns, so most vectors with a hit have one), and the
     * scalar loop over all the lanes of every such vector, with a hard-to-predict branch per lane,
     * took most of a list rebuild: the ten FGMT solves of the MNIST 2-MLP (n = 4096, replayed,
     * jars interleaved, same duals) went from 1.06-1.17 s to 1.01-1.11 s.
     */
    static int collectBelow(float[] c, float sign, int off, float[] p, int n, float t, int[] out, int outOff, int cap) {
        int len = S.length();
        int count = 0;
        int bound = S.loopBound(n);
        int j = 0;
        for (; j < bound; j += len) {
            VectorMask<Float> below = FloatVector.fromArray(S, c, off + j).mul(sign)
                    .sub(FloatVector.fromArray(S, p, j)).compare(VectorOperators.LT, t);
            if (below.anyTrue()) {
                int hits = below.trueCount();
                if (count + hits > cap) {
                    return cap + 1;
                }
                int first = j + below.firstTrue();
                out[outOff + count++] = first;
                if (hits == 2) {
                    out[outOff + count++] = j + below.lastTrue();
                } else if (hits > 2) {
                    for (int q = first + 1; q < j + len; q++) {
                        if (sign * c[off + q] - p[q] < t) {
                            if (count == cap) { // only when a concurrent writer changed prices between the reads
                                return cap + 1;
                            }
                            out[outOff + count++] = q;
                        }
                    }
                }
            }
        }
        for (; j < n; j++) {
            if (sign * c[off + j] - p[j] < t) {
                if (count == cap) {
                    return cap + 1;
                }
                out[outOff + count++] = j;
            }
        }
        return count;
    }
}
