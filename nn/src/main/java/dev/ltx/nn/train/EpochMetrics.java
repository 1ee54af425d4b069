package dev.ltx.nn.train;

/**
 * What one epoch of training measured (one row of {@code metrics.csv}, one object of
 * {@code metrics.json}). Losses are sample-weighted means of the per-batch mean cross-entropy;
 * accuracies are {@code 100 · correct / total}.
 *
 * @param epoch            0-based epoch
 * @param lr               learning rate of the epoch's first step
 * @param trainLoss        mean training loss over the epoch (in training mode, while the weights moved)
 * @param trainAccuracy    training top-1 accuracy in percent over the epoch
 * @param valLoss          validation loss after the epoch (evaluation mode)
 * @param valAccuracy      validation top-1 accuracy in percent after the epoch
 * @param steps            optimizer steps taken in the epoch
 * @param seconds          wall time of the epoch's training (without validation)
 * @param samplesPerSecond training throughput
 */
public record EpochMetrics(int epoch, double lr, double trainLoss, double trainAccuracy, double valLoss,
                           double valAccuracy, long steps, double seconds, double samplesPerSecond) {

    /** The CSV header matching {@link #csvRow()}. */
    public static final String CSV_HEADER =
            "epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy,steps,seconds,samples_per_second";

    /** The values as one CSV line (no quoting needed: all numbers), full double precision. */
    public String csvRow() {
        return epoch + "," + lr + "," + trainLoss + "," + trainAccuracy + "," + valLoss + "," + valAccuracy + ","
                + steps + "," + seconds + "," + samplesPerSecond;
    }
}
