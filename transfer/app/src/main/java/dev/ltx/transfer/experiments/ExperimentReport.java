package dev.ltx.transfer.experiments;

import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.AtomicFiles;
import dev.ltx.transfer.report.ExperimentSummary;
import dev.ltx.transfer.report.Figure;
import dev.ltx.transfer.report.LineStyle;
import dev.ltx.transfer.report.MeanStd;
import dev.ltx.transfer.report.ReportFolder;
import dev.ltx.transfer.report.Series;
import dev.ltx.transfer.report.SummaryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report of any {@link ExperimentDefinition} run, all in one folder:
 * <pre>
 * summary.md        claim checks, the per-method table (mean ± std over pairs × transfer seeds),
 *                   the per-pair spread over transfer seeds, the cost table, the source runs
 * summary.json      config, claim checks, table rows and every curve ({@link dev.ltx.transfer.report.SummaryJson})
 * figure-5-*.png/csv validation accuracy vs transfer step, mean ± std band per method (Figure 5)
 * figure-6-*.png/csv validation accuracy vs fine-tuning epoch per method, with standard training
 *                   from the target init (the target runs' own first epochs) (Figure 6)
 * pairs.csv         one row per pair, transfer seed and method
 * </pre>
 * Bands and table cells are over every (pair, transfer seed) curve, so their spread includes both
 * the pairs' and the transfer seeds' variation.
 */
public final class ExperimentReport {
    /** Title of the transfer-curve figure. */
    public static final String TRANSFER_TITLE = "Figure 5: validation accuracy vs transfer step";
    /** Title of the fine-tuning figure. */
    public static final String FINETUNE_TITLE = "Figure 6: validation accuracy during fine-tuning";
    /** Label of the standard-training curve in the fine-tuning figure. */
    public static final String STANDARD = "Standard training";
    /** Title of the basin figure (its file name is derived from it). */
    public static final String BASIN_TITLE = "Figure 7: validation loss from the fine-tuned target";

    private final ExperimentDefinition def;
    private final String backendName;

    /** A report of {@code def} run on the backend named {@code backendName}. */
    public ExperimentReport(ExperimentDefinition def, String backendName) {
        this.def = def;
        this.backendName = backendName;
    }

    /** Writes every file and returns them. */
    public List<Path> write(Path dir, ExperimentResults r, List<ClaimResult> claims, double seconds) throws IOException {
        List<SummaryRow> rows = new ArrayList<>();
        List<Series> transfer = new ArrayList<>();
        List<Series> finetune = new ArrayList<>();
        for (Method m : def.methods()) {
            List<PairOutcome> of = r.of(m);
            if (of.isEmpty()) continue;
            rows.add(row(m, of));
            LineStyle style = m == Method.ORACLE ? LineStyle.DASH_DOT : LineStyle.SOLID;
            transfer.add(new Series(ExperimentResults.label(m), style, of.stream().map(PairOutcome::stepAccuracies).toList()));
            if (def.fineTune().epochs() > 0) {
                finetune.add(new Series(ExperimentResults.label(m), style,
                        of.stream().map(PairOutcome::finetuneAccuracies).toList()));
            }
        }
        List<Figure> figures = new ArrayList<>();
        if (def.analyses().contains(Analysis.TRANSFER_CURVES) && !transfer.isEmpty()) {
            figures.add(new Figure(TRANSFER_TITLE, "Transfer step t", "Validation accuracy (%)", transfer));
        }
        if (def.analyses().contains(Analysis.FINE_TUNING_CURVES) && !finetune.isEmpty()) {
            finetune.add(new Series(STANDARD, LineStyle.DASHED, r.standardCurves()));
            figures.add(new Figure(FINETUNE_TITLE, "Epoch", "Validation accuracy (%)", finetune));
        }
        if (r.basin() != null) {
            List<Series> lines = new ArrayList<>();
            for (Basin.Curve c : Basin.Curve.values()) {
                lines.add(new Series(c.label(), c == Basin.Curve.PERMUTED_SOURCE ? LineStyle.DASH_DOT : LineStyle.SOLID,
                        r.basin().losses().get(c)));
            }
            figures.add(new Figure(BASIN_TITLE, "lambda (0: fine-tuned target, 1: the other end)", "Validation loss",
                    lines, r.basin().lambdas()));
        }
        ExperimentSummary summary = new ExperimentSummary(def.name(), config(claims, seconds), rows, figures);
        List<Path> files = new ArrayList<>(ReportFolder.write(dir, summary));
        AtomicFiles.writeString(dir.resolve("summary.md"),
                new SummaryMarkdown(def, backendName).render(r, rows, claims, seconds));
        Path pairs = dir.resolve("pairs.csv");
        AtomicFiles.writeString(pairs, PairsCsv.render(r.outcomes()));
        files.add(pairs);
        return files;
    }

    private static SummaryRow row(Method m, List<PairOutcome> of) {
        MeanStd ft = of.stream().allMatch(o -> o.finetuneAccuracies().length > 0)
                ? ExperimentResults.stat(of, PairOutcome::finetuneTestAccuracy) : null;
        return new SummaryRow(ExperimentResults.label(m), ExperimentResults.stat(of, PairOutcome::bestAccuracy),
                ExperimentResults.stat(of, o -> o.bestStep()), ExperimentResults.stat(of, PairOutcome::finalAccuracy), ft,
                m.matchesGradients() ? ExperimentResults.stat(of, PairOutcome::gradientSeconds) : null,
                m != Method.NAIVE ? ExperimentResults.stat(of, PairOutcome::matchingSeconds) : null);
    }

    private Map<String, Object> config(List<ClaimResult> claims, double seconds) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("paper_figure", def.paperFigure());
        c.put("scenario", def.scenario().name().toLowerCase(java.util.Locale.ROOT));
        if (def.pretraining() != null) {
            c.put("pretraining", def.pretraining().describe());
        }
        c.put("dataset", def.dataset().cliName());
        c.put("train_examples", def.trainExamples() == 0 ? "all" : def.trainExamples());
        c.put("eval_examples", def.evalExamples() == 0 ? "all" : def.evalExamples());
        c.put("model", def.describeModel());
        c.put("training", def.training().describe());
        c.put("epochs", def.training().epochs());
        c.put("pairs", def.pairs().stream().map(p -> p.source() + "->" + p.target()).toList());
        c.put("transfer_seeds", def.transferSeedList());
        c.put("methods", def.methods().stream().map(ExperimentResults::label).toList());
        c.put("transfer", def.transfer().describe());
        c.put("steps", def.transfer().steps());
        c.put("schedule", def.transfer().schedule().name().toLowerCase(java.util.Locale.ROOT));
        c.put("gm_iters", def.transfer().gradientBatches());
        c.put("bn_stats_iters", def.transfer().bnStatsIters());
        c.put("finetune", def.fineTune().describe());
        c.put("finetune_epochs", def.fineTune().epochs());
        c.put("backend", backendName);
        c.put("wall_seconds", seconds);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (ClaimResult cr : claims) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("claim", cr.statement());
            m.put("passed", cr.passed());
            m.put("detail", cr.detail());
            checks.add(m);
        }
        c.put("claims", checks);
        c.put("notes", def.notes());
        return c;
    }
}
