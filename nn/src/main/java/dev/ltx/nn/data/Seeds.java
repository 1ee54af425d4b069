package dev.ltx.nn.data;

/**
 * Derivation of independent seeds from a base seed and a few integers (a stream tag, an epoch, a
 * position), so every random stream of the loader is a pure function of those numbers. Each step
 * feeds the running value and the next part through SplitMix64's finalizer, which makes nearby
 * inputs (epoch 3 vs 4, position 17 vs 18) give unrelated seeds.
 */
final class Seeds {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A seed that depends on {@code seed} and on {@code parts} in order. */
    static long derive(long seed, long... parts) {
        long h = mix(seed + GOLDEN);
        for (long p : parts) h = mix(h ^ mix(p + GOLDEN));
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
