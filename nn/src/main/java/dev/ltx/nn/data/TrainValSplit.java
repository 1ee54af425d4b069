package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import java.util.Arrays;

/**
 * A seeded split of an official training set into training and validation parts.
 *
 * <p>As in the paper's code: a random permutation of the indices (here from
 * {@link Rng#permutation} with the given seed, so it is the same on every JVM, though not the same
 * permutation as torch's generator), validation size {@code floor(fraction · N)}; the first
 * {@code N - nVal} permuted indices form the training part and the rest the validation part,
 * each kept in permutation order.
 *
 * @param train           the training part
 * @param validation      the validation part
 * @param trainIndices    indices into the full set of the training part
 * @param validationIndices indices into the full set of the validation part
 */
public record TrainValSplit(Dataset train, Dataset validation, int[] trainIndices, int[] validationIndices) {
    /** The paper's split seed. */
    public static final long DEFAULT_SEED = 777;
    /** The paper's validation fraction (9:1). */
    public static final double DEFAULT_FRACTION = 0.1;

    /** Copies the index arrays. */
    public TrainValSplit {
        trainIndices = trainIndices.clone();
        validationIndices = validationIndices.clone();
    }

    /** A 9:1 split with {@code seed}. */
    public static TrainValSplit of(Dataset full, long seed) {
        return of(full, DEFAULT_FRACTION, seed);
    }

    /** A split holding out {@code floor(fraction · N)} examples for validation. */
    public static TrainValSplit of(Dataset full, double fraction, long seed) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        int n = full.size();
        int nVal = (int) Math.floor(fraction * n);
        int[] perm = new Rng(seed).permutation(n);
        int[] train = Arrays.copyOfRange(perm, 0, n - nVal);
        int[] val = Arrays.copyOfRange(perm, n - nVal, n);
        return new TrainValSplit(full.subset(full.name() + "-train", train),
                full.subset(full.name() + "-val", val), train, val);
    }

    /** A copy of the training indices. */
    @Override
    public int[] trainIndices() {
        return trainIndices.clone();
    }

    /** A copy of the validation indices. */
    @Override
    public int[] validationIndices() {
        return validationIndices.clone();
    }
}
