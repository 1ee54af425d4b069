package dev.ltx.transfer;

/**
 * What one transfer step produced (one row of {@code steps.csv}).
 *
 * @param step               step t in 1..T
 * @param validationAccuracy top-1 validation accuracy in percent of θ²_t after BN re-estimation
 * @param validationLoss     mean validation cross-entropy of θ²_t
 * @param sweeps             coordinate-descent sweeps of this step's matching (0 when none ran)
 * @param objective          matching objective Σ⟨target, π(source)⟩ reached (NaN when none ran)
 * @param gradientSeconds    time computing gradient pairs
 * @param matchingSeconds    time solving the matching
 * @param transferSeconds    time forming θ²_0 + π(θ¹_t − θ¹_0)
 * @param evaluationSeconds  time for BN re-estimation and validation
 */
public record StepRecord(int step, double validationAccuracy, double validationLoss, int sweeps, double objective,
                         double gradientSeconds, double matchingSeconds, double transferSeconds,
                         double evaluationSeconds) {
    /** The CSV header matching {@link #csvRow()}. */
    public static final String CSV_HEADER = "step,val_accuracy,val_loss,sweeps,objective,gradient_s,matching_s,"
            + "transfer_s,evaluation_s";

    public String csvRow() {
        return step + "," + validationAccuracy + "," + validationLoss + "," + sweeps + "," + objective + ","
                + gradientSeconds + "," + matchingSeconds + "," + transferSeconds + "," + evaluationSeconds;
    }
}
