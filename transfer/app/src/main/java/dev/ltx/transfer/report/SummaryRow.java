package dev.ltx.transfer.report;

import java.util.Objects;

/**
 * One method's numbers in one experiment, each a mean ± sample std over the seed pairs. Every
 * metric may be {@code null} where it does not apply or was not measured (e.g. matching time for
 * Naive or Oracle, fine-tuning when it was skipped); tables show such cells as "—" and JSON as
 * {@code null}.
 *
 * @param method          method name, e.g. {@code "FGMT"}; not blank
 * @param bestValAcc      validation accuracy (%) at each pair's best transfer step
 * @param bestStep        the best transfer step (1-based)
 * @param finalValAcc     validation accuracy (%) at the last transfer step T
 * @param finetuneTestAcc test accuracy (%) after fine-tuning the transferred parameters
 * @param gradientSeconds wall-clock seconds spent computing gradients during the transfer
 * @param matchingSeconds wall-clock seconds spent in weight/gradient matching
 */
public record SummaryRow(String method, MeanStd bestValAcc, MeanStd bestStep, MeanStd finalValAcc,
                         MeanStd finetuneTestAcc, MeanStd gradientSeconds, MeanStd matchingSeconds) {

    /** Validates the method name. */
    public SummaryRow {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("summary row method must not be blank");
        }
    }
}
