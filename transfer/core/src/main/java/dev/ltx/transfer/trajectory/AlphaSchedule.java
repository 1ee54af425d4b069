package dev.ltx.transfer.trajectory;

/**
 * How the S sub-steps of one trajectory segment are spaced (reference.md §2.2).
 *
 * <p>For sub-step k = 1..S the interpolation coefficient is α_k, with α_S = 1:
 * <ul>
 *   <li>{@link #UNIFORM}: α_k = k / S;</li>
 *   <li>{@link #COSINE}: the official cumulative-weight schedule ({@code '1+math.cos((t/T)*math.pi)'}),
 *       α_k = Σ_{t&lt;k} (1 + cos(πt/S)) / Σ_{t&lt;S} (1 + cos(πt/S)): big increments early, points
 *       crowding toward the segment's end (S = 10: .1818 .3592 .5236 … .9956 1).</li>
 * </ul>
 */
public enum AlphaSchedule {
    /** The cosine-weighted schedule every official main experiment uses (ltx default). */
    COSINE,
    /** Evenly spaced points, as the paper's text describes. */
    UNIFORM;

    /** The coefficients α_1..α_S of {@code splits} sub-steps (index k−1 holds α_k); the last is exactly 1. */
    public double[] alphas(int splits) {
        if (splits < 1) {
            throw new IllegalArgumentException("a trajectory segment needs at least 1 split, got " + splits);
        }
        double[] a = new double[splits];
        if (this == UNIFORM) {
            for (int k = 1; k <= splits; k++) a[k - 1] = (double) k / splits;
            return a;
        }
        double[] weight = new double[splits];
        double total = 0;
        for (int t = 0; t < splits; t++) {
            weight[t] = 1 + Math.cos(Math.PI * t / splits);
            total += weight[t];
        }
        double partial = 0;
        for (int k = 1; k <= splits; k++) {
            partial += weight[k - 1];
            a[k - 1] = partial / total;
        }
        a[splits - 1] = 1.0; // the same sum in the same order; pinned so rounding can never leave 1 - ulp
        return a;
    }

    /** Parses {@code cosine} or {@code uniform} (case-insensitive). */
    public static AlphaSchedule parse(String name) {
        for (AlphaSchedule s : values()) {
            if (s.name().equalsIgnoreCase(name)) return s;
        }
        throw new IllegalArgumentException("unknown alpha schedule '" + name + "', expected cosine or uniform");
    }
}
