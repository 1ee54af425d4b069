package dev.ltx.transfer.experiments;

/**
 * A source run's seed and a target run's seed.
 *
 * @param source seed of the source run (its trajectory is transferred)
 * @param target seed of the target run (its init receives the trajectory; its training is the Oracle's)
 */
public record SeedPair(long source, long target) {
    public SeedPair {
        if (source == target) {
            throw new IllegalArgumentException("a pair is two different seeds, got " + source + " twice");
        }
    }

    /** "101→102". */
    public String label() {
        return source + "→" + target;
    }

    /** "101-102" (folder names). */
    public String slug() {
        return source + "-" + target;
    }
}
