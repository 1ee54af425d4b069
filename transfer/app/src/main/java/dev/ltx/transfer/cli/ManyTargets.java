package dev.ltx.transfer.cli;

import dev.ltx.transfer.FineTuneConfig;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.TransferResults;
import dev.ltx.transfer.report.AtomicFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ltx transfer} with several {@code --target-init}s: one pass of {@link LearningTransfer#transferAll}
 * (the source's checkpoints and gradients computed once), each target's results in
 * {@code OUT/target-K/} as a single transfer writes them (and its fine-tuning), a line per target
 * in {@code OUT/targets.csv}, and with fine-tuning the ensemble report ({@link EnsembleReport}).
 */
final class ManyTargets {
    /** The CSV header of {@code targets.csv}. */
    static final String CSV_HEADER = "target,init,best_step,best_val_accuracy,final_val_accuracy,finetune_test_accuracy,"
            + "transfer_seconds";

    private ManyTargets() {
    }

    /** The folder of target {@code k} (0-based) under {@code out}. */
    static Path folder(Path out, int k) {
        return out.resolve("target-" + (k + 1));
    }

    static void run(Path out, List<Path> inits, List<LearningTransfer> transfers, TransferConfig config,
                    FineTuneConfig ft, boolean evalTest, PrintStream log) throws IOException {
        long start = System.nanoTime();
        List<TransferResult> results = LearningTransfer.transferAll(transfers, config);
        double transferSeconds = (System.nanoTime() - start) / 1e9;
        List<FineTuneResult> tuned = new ArrayList<>();
        StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
        for (int k = 0; k < results.size(); k++) {
            TransferResult r = results.get(k);
            LearningTransfer lt = transfers.get(k);
            Path dir = folder(out, k);
            TransferResults.write(dir, r, lt.backend());
            log.printf(Locale.ROOT, "target %d (%s): %s best step %d/%d, val acc %.2f%%; final %.2f%%%n", k + 1,
                    inits.get(k), r.method(), r.bestStep(), r.steps().size(), r.bestAccuracy(), finalAccuracy(r));
            if (evalTest) {
                TestEvaluation.write(dir, lt, r, log);
            }
            double ftAccuracy = Double.NaN;
            if (ft != null) {
                FineTuneResult f = lt.fineTune(r, ft);
                TransferResults.write(dir, "finetune", f);
                tuned.add(f);
                ftAccuracy = f.testAccuracy();
                log.printf(Locale.ROOT, "target %d: fine-tuned %d epochs from step %d: test acc %.2f%%%n", k + 1,
                        ft.epochs(), f.startStep(), f.testAccuracy());
            }
            csv.append(String.format(Locale.ROOT, "%d,%s,%d,%s,%s,%s,%.3f%n", k + 1, csvText(inits.get(k).toString()),
                    r.bestStep(), r.bestAccuracy(), finalAccuracy(r), ftAccuracy, r.seconds()));
        }
        AtomicFiles.writeString(out.resolve("targets.csv"), csv.toString());
        log.printf(Locale.ROOT, "%d targets transferred in one pass: %.1fs (source checkpoints and gradients computed"
                + " once)%n", results.size(), transferSeconds);
        if (ft != null) {
            EnsembleReport.write(out, transfers, inits, tuned, config.bnStatsIters(), config.seed(), log);
        }
    }

    private static double finalAccuracy(TransferResult r) {
        return r.steps().get(r.steps().size() - 1).validationAccuracy();
    }

    private static String csvText(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
