package dev.ltx.transfer.experiments;

import dev.ltx.nn.train.EpochMetrics;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.ExperimentSummary;
import dev.ltx.transfer.report.Figure;
import dev.ltx.transfer.report.LineStyle;
import dev.ltx.transfer.report.MeanStd;
import dev.ltx.transfer.report.ReportFolder;
import dev.ltx.transfer.report.Series;
import dev.ltx.transfer.report.SummaryRow;
import dev.ltx.transfer.report.SummaryTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of an {@link MnistMlpExperiment}, all in one folder:
 * <pre>
 * summary.md        the per-method table (mean ± std over pairs), the cost table, the source runs
 * summary.json      config, table rows and every curve ({@link dev.ltx.transfer.report.SummaryJson})
 * figure-5-*.png/csv validation accuracy vs transfer step, mean ± std band per method (Figure 5)
 * figure-6-*.png/csv validation accuracy vs fine-tuning epoch per method, with standard training
 *                   from the target init (the target runs' own first epochs) (Figure 6)
 * pairs.csv         one row per pair and method
 * </pre>
 * "Cost %" is a method's gradient plus matching time (what the method itself adds; per-step
 * evaluation is monitoring) as a percentage of one source run's training time (the mean over the
 * source runs of their epochs' training seconds).
 */
final class MnistMlpReport {
    static final String TRANSFER_TITLE = "Figure 5: validation accuracy vs transfer step";
    static final String FINETUNE_TITLE = "Figure 6: validation accuracy during fine-tuning";
    static final String STANDARD = "Standard training";

    private final MnistMlpSetup setup;
    private final String backendName;

    MnistMlpReport(MnistMlpSetup setup, String backendName) {
        this.setup = setup;
        this.backendName = backendName;
    }

    /** Writes every file and returns them. */
    List<Path> write(Path dir, Map<Long, List<EpochMetrics>> runs, List<PairOutcome> outcomes, double seconds)
            throws IOException {
        List<SummaryRow> rows = new ArrayList<>();
        List<Series> transfer = new ArrayList<>();
        List<Series> finetune = new ArrayList<>();
        for (Method m : MnistMlpSetup.METHODS) {
            List<PairOutcome> of = outcomes.stream().filter(o -> o.method() == m).toList();
            if (of.isEmpty()) continue;
            rows.add(row(m, of));
            LineStyle style = m == Method.ORACLE ? LineStyle.DASH_DOT : LineStyle.SOLID;
            transfer.add(new Series(label(m), style, of.stream().map(PairOutcome::stepAccuracies).toList()));
            if (setup.finetuneEpochs() > 0) {
                finetune.add(new Series(label(m), style, of.stream().map(PairOutcome::finetuneAccuracies).toList()));
            }
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(TRANSFER_TITLE, "Transfer step t", "Validation accuracy (%)", transfer));
        if (!finetune.isEmpty()) {
            int n = Math.min(setup.finetuneEpochs(), setup.epochs());
            List<double[]> standard = new ArrayList<>();
            for (MnistMlpSetup.SeedPair p : setup.pairs()) {
                standard.add(runs.get(p.target()).stream().limit(n).mapToDouble(EpochMetrics::valAccuracy).toArray());
            }
            finetune.add(new Series(STANDARD, LineStyle.DASHED, standard));
            figures.add(new Figure(FINETUNE_TITLE, "Epoch", "Validation accuracy (%)", finetune));
        }
        ExperimentSummary summary = new ExperimentSummary(setup.name(), config(seconds), rows, figures);
        List<Path> files = new ArrayList<>(ReportFolder.write(dir, summary));
        writeAtomically(dir.resolve("summary.md"), markdown(rows, runs, outcomes, seconds));
        Path pairs = dir.resolve("pairs.csv");
        writeAtomically(pairs, pairsCsv(outcomes));
        files.add(pairs);
        return files;
    }

    private static String label(Method m) {
        return m == Method.NAIVE ? "Naive" : m == Method.ORACLE ? "Oracle" : m.name();
    }

    private static SummaryRow row(Method m, List<PairOutcome> of) {
        boolean matches = m.matchesGradients();
        MeanStd ft = of.stream().allMatch(o -> Double.isFinite(o.finetuneTestAccuracy()) && o.finetuneAccuracies().length > 0)
                ? stat(of, PairOutcome::finetuneTestAccuracy) : null;
        return new SummaryRow(label(m), stat(of, PairOutcome::bestAccuracy), stat(of, o -> o.bestStep()),
                stat(of, PairOutcome::finalAccuracy), ft, matches ? stat(of, PairOutcome::gradientSeconds) : null,
                m != Method.NAIVE ? stat(of, PairOutcome::matchingSeconds) : null);
    }

    private static MeanStd stat(List<PairOutcome> of, java.util.function.ToDoubleFunction<PairOutcome> f) {
        return MeanStd.of(of.stream().mapToDouble(f).toArray());
    }

    private Map<String, Object> config(double seconds) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", setup.dataset().cliName());
        c.put("model", "mlp " + setup.inputs() + "-" + setup.width() + "-" + setup.classes() + ", no bias");
        c.put("activation", setup.activation().name().toLowerCase(Locale.ROOT));
        c.put("epochs", setup.epochs());
        c.put("optimizer", "sgd lr 0.01 momentum 0.9 wd 0, constant, batch " + setup.batchSize());
        c.put("pairs", setup.pairs().stream().map(p -> p.source() + "->" + p.target()).toList());
        c.put("steps", setup.steps());
        c.put("schedule", "cosine");
        c.put("gm_iters", setup.gmIters());
        c.put("finetune_epochs", setup.finetuneEpochs());
        c.put("seed", setup.transferSeed());
        c.put("backend", backendName);
        c.put("wall_seconds", seconds);
        return c;
    }

    private String markdown(List<SummaryRow> rows, Map<Long, List<EpochMetrics>> runs, List<PairOutcome> outcomes,
                            double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(setup.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%s, MLP %d-%d-%d (%s, no bias), %d epochs SGD lr 0.01 momentum 0.9; "
                        + "pairs %s; T = %d cosine steps, %d gradient batch(es); fine-tuning %d epoch(s). "
                        + "Mean ± sample std over %d pair(s). Backend %s. This invocation: %.1f s.%n%n",
                setup.dataset().cliName(), setup.inputs(), setup.width(), setup.classes(),
                setup.activation().name().toLowerCase(Locale.ROOT), setup.epochs(),
                setup.pairs().stream().map(MnistMlpSetup.SeedPair::label).toList(), setup.steps(), setup.gmIters(),
                setup.finetuneEpochs(), setup.pairs().size(), backendName, seconds));
        md.append("## Transfer (best step on validation) and fine-tuning (test)\n\n");
        md.append(SummaryTable.render(rows)).append('\n');
        double sourceSeconds = setup.pairs().stream().mapToDouble(p -> trainingSeconds(runs.get(p.source()))).average()
                .orElse(Double.NaN);
        md.append("## Cost\n\n");
        md.append(String.format(Locale.ROOT, "One source training run: %.1f s (%d epochs, training only).%n%n",
                sourceSeconds, setup.epochs()));
        md.append("| method | transfer s (all) | gradient s | matching s | gradient+matching, % of one source run |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Method m : MnistMlpSetup.METHODS) {
            List<PairOutcome> of = outcomes.stream().filter(o -> o.method() == m).toList();
            if (of.isEmpty()) continue;
            double own = of.stream().mapToDouble(o -> o.gradientSeconds() + o.matchingSeconds()).average().orElse(0);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f%% |%n", label(m),
                    stat(of, PairOutcome::transferSeconds).format(1), stat(of, PairOutcome::gradientSeconds).format(2),
                    stat(of, PairOutcome::matchingSeconds).format(2), 100 * own / sourceSeconds));
        }
        md.append("\n## Source and target runs\n\n| seed | final val acc % | training s |\n| --- | --- | --- |\n");
        runs.forEach((seed, epochs) -> md.append(String.format(Locale.ROOT, "| %d | %.2f | %.1f |%n", seed,
                epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).valAccuracy(), trainingSeconds(epochs))));
        return md.toString();
    }

    private static double trainingSeconds(List<EpochMetrics> epochs) {
        return epochs.stream().mapToDouble(EpochMetrics::seconds).sum();
    }

    private static String pairsCsv(List<PairOutcome> outcomes) {
        StringBuilder csv = new StringBuilder("source_seed,target_seed,method,best_step,best_val_acc,final_val_acc,"
                + "finetune_test_acc,gradient_s,matching_s,transfer_s,finetune_s,step_val_acc\n");
        for (PairOutcome o : outcomes) {
            csv.append(o.sourceSeed()).append(',').append(o.targetSeed()).append(',').append(o.method()).append(',')
                    .append(o.bestStep()).append(',').append(o.bestAccuracy()).append(',').append(o.finalAccuracy())
                    .append(',').append(o.finetuneTestAccuracy()).append(',').append(o.gradientSeconds()).append(',')
                    .append(o.matchingSeconds()).append(',').append(o.transferSeconds()).append(',')
                    .append(o.finetuneSeconds()).append(",\"")
                    .append(String.join(" ", Arrays.stream(o.stepAccuracies()).mapToObj(Double::toString).toList()))
                    .append("\"\n");
        }
        return csv.toString();
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
