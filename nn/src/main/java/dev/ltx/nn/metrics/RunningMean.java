package dev.ltx.nn.metrics;

/**
 * Accumulates per-batch means (loss, accuracy) over an epoch.
 *
 * <p>{@link #mean()} weights each batch by its size, giving the mean over all samples (the right
 * epoch figure when the last batch is smaller). {@link #meanOfBatchMeans()} is the unweighted mean
 * of the per-batch values, the figure the official code reports (it averages
 * the batch losses and accuracies with equal weight); the two differ only when batch sizes differ. Sums are kept with
 * Kahan compensation so that long epochs do not drift. Not thread-safe.
 */
public final class RunningMean {
    private double weightedSum;
    private double weightedCompensation;
    private double plainSum;
    private double plainCompensation;
    private long samples;
    private long batches;

    /** Records one batch's mean {@code value} over {@code batchSize} samples (&ge; 1). */
    public void add(double value, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("batch value must be finite, got " + value);
        }
        double w = value * batchSize - weightedCompensation;
        double wSum = weightedSum + w;
        weightedCompensation = (wSum - weightedSum) - w;
        weightedSum = wSum;
        double p = value - plainCompensation;
        double pSum = plainSum + p;
        plainCompensation = (pSum - plainSum) - p;
        plainSum = pSum;
        samples += batchSize;
        batches++;
    }

    /** The sample-weighted mean; NaN before the first batch. */
    public double mean() {
        return samples == 0 ? Double.NaN : weightedSum / samples;
    }

    /** The unweighted mean of the per-batch values; NaN before the first batch. */
    public double meanOfBatchMeans() {
        return batches == 0 ? Double.NaN : plainSum / batches;
    }

    /** The number of samples recorded. */
    public long samples() {
        return samples;
    }

    /** The number of batches recorded. */
    public long batches() {
        return batches;
    }

    /** Forgets everything (start of a new epoch). */
    public void reset() {
        weightedSum = 0.0;
        weightedCompensation = 0.0;
        plainSum = 0.0;
        plainCompensation = 0.0;
        samples = 0;
        batches = 0;
    }
}
