package dev.ltx.transfer.match;

/**
 * Settings of {@link WeightMatching#match}.
 *
 * @param maxSweeps  most sweeps over all groups (official: 100)
 * @param epsilon    a group step counts as progress when it raises its term by more than this (official: 1e-7)
 * @param seed       seed of the group visiting order (one shuffle per sweep)
 * @param normalized divide each (pair, parameter) term by {@code ||target_w||·||source_w||} when that exceeds 1e-12 (official: false)
 */
public record MatchOptions(int maxSweeps, double epsilon, long seed, boolean normalized) {
    public MatchOptions {
        if (maxSweeps < 1) {
            throw new IllegalArgumentException("maxSweeps must be at least 1, got " + maxSweeps);
        }
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and non-negative, got " + epsilon);
        }
    }

    /** The official settings (100 sweeps, ε = 1e-7, unnormalized) with {@code seed}. */
    public static MatchOptions defaults(long seed) {
        return new MatchOptions(100, 1e-7, seed, false);
    }
}
