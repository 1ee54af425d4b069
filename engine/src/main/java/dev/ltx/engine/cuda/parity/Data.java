package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;

/** Seeded random inputs placed identically on both backends, and the shared comparison step. */
final class Data {
    /** One float ulp at 1: the unit roundoff of fp32 is half of it. */
    static final double EPS = Math.ulp(1.0f);

    private Data() {
    }

    /** Uniform values in [lo, hi). */
    static float[] uniform(Rng rng, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return v;
    }

    /** A pair of tensors holding the same floats: [0] on the reference, [1] on the GPU. */
    static Tensor[] pair(Backend ref, CudaBackend gpu, float[] v, Shape s) {
        return new Tensor[] {ref.fromFloats(v, s), gpu.fromFloats(v, s)};
    }

    static Tensor[] uniformPair(Rng rng, Backend ref, CudaBackend gpu, Shape s, double lo, double hi) {
        return pair(ref, gpu, uniform(rng, s.numel(), lo, hi), s);
    }

    /** Integer labels or indices in [0, bound) as an I64 pair (or I32 when {@code wide} is false). */
    static Tensor[] indexPair(Rng rng, Backend ref, CudaBackend gpu, int n, int bound, boolean wide) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextInt(bound);
        if (wide) return new Tensor[] {ref.fromLongs(v, Shape.of(n)), gpu.fromLongs(v, Shape.of(n))};
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = (int) v[i];
        return new Tensor[] {ref.fromInts(w, Shape.of(n)), gpu.fromInts(w, Shape.of(n))};
    }

    /** Compares two results (the caller's device scope releases the GPU tensors). */
    static ParityCheck.Outcome compare(Tensor ref, Tensor got, double atol, double rtol, Runnable again) {
        return new ParityCheck.Outcome(Compare.tensors(ref, got, atol, rtol), atol, rtol, again);
    }

    /** Compares host arrays. */
    static ParityCheck.Outcome compare(double[] ref, double[] got, double atol, double rtol, Runnable again) {
        return new ParityCheck.Outcome(Compare.arrays(ref, got, atol, rtol), atol, rtol, again);
    }

    /**
     * Several comparisons as one result: failures add up, the largest differences are kept, and
     * the worst element is that of the first part with a failure (else of the first part).
     */
    static Compare.Result merge(Compare.Result... parts) {
        int failures = 0;
        double maxAbs = 0;
        double maxRel = 0;
        Compare.Result worst = parts[0];
        for (Compare.Result r : parts) {
            failures += r.failures();
            maxAbs = Math.max(maxAbs, r.maxAbs());
            maxRel = Math.max(maxRel, r.maxRel());
            if (worst.ok() && !r.ok()) worst = r;
        }
        return new Compare.Result(maxAbs, maxRel, worst.worst(), failures, worst.reference(), worst.actual());
    }

    /**
     * Worst-case error bound of a float sum of {@code terms} values of magnitude at most
     * {@code magnitude}, accumulated in any order in at most {@code depth} sequential additions:
     * {@code depth · ε · terms · magnitude} (the classic γ_n bound, n = depth).
     */
    static double sumBound(long depth, long terms, double magnitude) {
        return (depth + 2) * EPS * terms * magnitude;
    }
}
