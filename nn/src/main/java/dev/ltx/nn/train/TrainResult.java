package dev.ltx.nn.train;

import java.util.List;

/**
 * What a finished training run produced.
 *
 * @param folder       the run folder holding checkpoints, metrics and metadata
 * @param epochs       per-epoch metrics
 * @param testLoss     final mean test loss
 * @param testAccuracy final test top-1 accuracy in percent
 * @param reused       true when the folder already held this finished run and nothing was trained
 */
public record TrainResult(RunFolder folder, List<EpochMetrics> epochs, double testLoss, double testAccuracy,
                          boolean reused) {
    public TrainResult {
        epochs = List.copyOf(epochs);
    }
}
