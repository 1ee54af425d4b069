package dev.ltx.transfer;

import dev.ltx.engine.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuning (or standard-training baseline) run.
 *
 * @param startStep    the transfer step it started from (0 for the baseline, which starts at θ²_0)
 * @param epochs       one record per epoch
 * @param testAccuracy final test accuracy in percent (NaN without a test set)
 * @param testLoss     final test loss (NaN without a test set)
 * @param parameters   the trained parameters
 */
public record FineTuneResult(int startStep, List<EpochRecord> epochs, double testAccuracy, double testLoss,
                             Map<String, Tensor> parameters) {
    public FineTuneResult {
        epochs = List.copyOf(epochs);
    }

    /** Validation accuracy after each epoch. */
    public double[] validationAccuracies() {
        return epochs.stream().mapToDouble(EpochRecord::validationAccuracy).toArray();
    }
}
