package dev.ltx.transfer.experiments;

import java.util.Arrays;
import java.util.List;

/** {@code pairs.csv}: one row per (pair, transfer seed, method) with its numbers and its per-step curve. */
final class PairsCsv {
    static final String HEADER = "source_seed,target_seed,transfer_seed,method,best_step,best_val_acc,final_val_acc,"
            + "finetune_test_acc,gradient_s,matching_s,transfer_s,finetune_s,step_val_acc\n";

    private PairsCsv() {
    }

    static String render(List<PairOutcome> outcomes) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (PairOutcome o : outcomes) {
            csv.append(o.sourceSeed()).append(',').append(o.targetSeed()).append(',').append(o.transferSeed()).append(',')
                    .append(o.method()).append(',').append(o.bestStep()).append(',').append(o.bestAccuracy()).append(',')
                    .append(o.finalAccuracy()).append(',').append(o.finetuneTestAccuracy()).append(',')
                    .append(o.gradientSeconds()).append(',').append(o.matchingSeconds()).append(',')
                    .append(o.transferSeconds()).append(',').append(o.finetuneSeconds()).append(",\"")
                    .append(String.join(" ", Arrays.stream(o.stepAccuracies()).mapToObj(Double::toString).toList()))
                    .append("\"\n");
        }
        return csv.toString();
    }
}
