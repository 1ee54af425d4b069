package dev.ltx.transfer.experiments;

import dev.ltx.nn.train.EpochMetrics;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.MeanStd;
import dev.ltx.transfer.report.SummaryRow;
import dev.ltx.transfer.report.SummaryTable;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.md} of an experiment: settings, claim checks, the per-method table over pairs ×
 * transfer seeds, the per-pair spread over transfer seeds, the cost table and the source runs.
 * "Cost %" is a method's gradient plus matching time (what the method itself adds; per-step
 * evaluation is monitoring) as a percentage of one source run's training time (the mean over the
 * source runs of their epochs' training seconds).
 */
final class SummaryMarkdown {
    private final ExperimentDefinition def;
    private final String backendName;

    SummaryMarkdown(ExperimentDefinition def, String backendName) {
        this.def = def;
        this.backendName = backendName;
    }

    String render(ExperimentResults r, List<SummaryRow> rows, List<ClaimResult> claims, double seconds) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(def.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%s%s%s, %s; training %s; pairs %s; transfer %s; fine-tuning %s. "
                        + "Mean ± sample std over %d pair(s) × %d transfer seed(s). Backend %s. This invocation: %.1f s.%n%n",
                def.paperFigure().isEmpty() ? "" : def.paperFigure() + ". ", def.dataset().cliName(),
                (def.trainExamples() > 0 ? " (first " + def.trainExamples() + " examples of the training split)" : "")
                        + (def.evalExamples() > 0 ? " (validation and test: first " + def.evalExamples() + " examples)"
                        : ""),
                def.describeModel(),
                def.training().describe(), def.pairs().stream().map(SeedPair::label).toList(), def.transfer().describe(),
                def.fineTune().describe(), def.pairs().size(), def.transferSeeds(), backendName, seconds));
        if (def.pretraining() != null) {
            md.append("Pre-trained scenario: ").append(def.pretraining().describe())
                    .append("; runs/seed-S is the fine-tuning of pretrained/seed-S.\n\n");
        }
        if (!def.notes().isEmpty()) {
            md.append("## Notes\n\n");
            def.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        md.append("## Claims\n\n");
        if (claims.isEmpty()) md.append("(none checked)\n");
        claims.forEach(c -> md.append("- ").append(c.passed() ? "**PASS** " : "**FAIL** ").append(c.statement())
                .append(": ").append(c.detail()).append('\n'));
        md.append('\n');
        md.append("## Transfer (best step on validation) and fine-tuning (test)\n\n");
        md.append(SummaryTable.render(rows)).append('\n');
        perPair(md, r);
        if (def.analyses().contains(Analysis.COST)) cost(md, r);
        md.append(def.pretraining() == null ? "\n## Source and target runs\n\n"
                : "\n## Source and target runs (fine-tuning the pre-trained models)\n\n");
        md.append("| seed | final val acc % | test acc % | training s |\n| --- | --- | --- | --- |\n");
        r.runs().entrySet().forEach(e -> {
            List<EpochMetrics> epochs = e.getValue();
            Double test = r.tests().get(e.getKey());
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %s | %.1f |%n", e.getKey(),
                    epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).valAccuracy(),
                    test == null ? "—" : String.format(Locale.ROOT, "%.2f", test), trainingSeconds(epochs)));
        });
        if (r.basin() != null) {
            basin(md, r.basin());
        }
        if (r.ensemble() != null) {
            ensemble(md, r.ensemble());
        }
        if (!r.pretrained().isEmpty()) {
            md.append("\n## Pre-training runs\n\n| seed | test acc % |\n| --- | --- |\n");
            r.pretrained().forEach((seed, acc) -> md.append(String.format(Locale.ROOT, "| %d | %.2f |%n", seed, acc)));
        }
        return md.toString();
    }

    /** Figure 7's numbers: each line's barrier and its loss at both ends and the midpoint, mean ± std over pairs. */
    private static void basin(StringBuilder md, Basin b) {
        md.append("\n## Basin (Figure 7; transfer seed 1 of each pair)\n\n");
        md.append("Validation loss along (1 - lambda) * fine-tuned target + lambda * X, ").append(BasinStudy.POINTS)
                .append(" points; barrier = max over lambda of the loss above the straight line between the ends.\n\n");
        md.append("| X | barrier | loss at 0 | loss at 0.5 | loss at 1 |\n| --- | --- | --- | --- | --- |\n");
        int mid = BasinStudy.POINTS / 2;
        for (Basin.Curve c : Basin.Curve.values()) {
            List<double[]> l = b.losses().get(c);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c.label(), b.barrier(c).format(3),
                    at(l, 0).format(3), at(l, mid).format(3), at(l, BasinStudy.POINTS - 1).format(3)));
        }
    }

    /** Appendix E.2's table: each second member alone, ensembled with the source, and its disagreement. */
    private static void ensemble(StringBuilder md, EnsembleTable e) {
        md.append("\n## Ensembles (Appendix E.2; test split, transfer seed 1 of each pair)\n\n");
        md.append(String.format(Locale.ROOT, "The trained source alone: %s %%. Each row: a second model, the ensemble"
                + " of the two (class probabilities averaged) and the share of test examples on which it and the source"
                + " predict differently. Fully trained target: %d epochs; GMT/FGMT + FT: %d epochs from the best"
                + " step.%n%n", EnsembleTable.stat(e.source()).format(2), e.fullEpochs(), e.fineTuneEpochs()));
        md.append("| second model | its test acc % | ensemble with source % | disagreement with source % |\n");
        md.append("| --- | --- | --- | --- |\n");
        for (EnsembleTable.Member m : e.members()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", m.label(),
                    EnsembleTable.stat(e.alone().get(m)).format(2), EnsembleTable.stat(e.withSource().get(m)).format(2),
                    EnsembleTable.stat(e.disagreement().get(m)).format(2)));
        }
    }

    private static MeanStd at(List<double[]> runs, int i) {
        return MeanStd.of(runs.stream().mapToDouble(x -> x[i]).toArray());
    }

    /** Per pair: best-step accuracy over the transfer seeds (mean ± std, min–max). */
    private void perPair(StringBuilder md, ExperimentResults r) {
        md.append("## Per pair (spread over transfer seeds)\n\n");
        md.append("| method | pair | best val acc % (mean ± std) | min – max | fine-tuned test acc % |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Method m : def.methods()) {
            for (SeedPair p : def.pairs()) {
                List<PairOutcome> of = r.of(m, p);
                if (of.isEmpty()) continue;
                double[] best = of.stream().mapToDouble(PairOutcome::bestAccuracy).toArray();
                MeanStd b = ExperimentResults.stat(of, PairOutcome::bestAccuracy);
                MeanStd ft = ExperimentResults.stat(of, PairOutcome::finetuneTestAccuracy);
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f – %.2f | %s |%n", ExperimentResults.label(m),
                        p.label(), b == null ? SummaryTable.MISSING : b.format(2),
                        java.util.Arrays.stream(best).min().orElse(Double.NaN),
                        java.util.Arrays.stream(best).max().orElse(Double.NaN),
                        ft == null ? SummaryTable.MISSING : ft.format(2)));
            }
        }
    }

    private void cost(StringBuilder md, ExperimentResults r) {
        double sourceSeconds = def.pairs().stream().mapToDouble(p -> trainingSeconds(r.runs().get(p.source())))
                .average().orElse(Double.NaN);
        md.append("\n## Cost\n\n");
        md.append(String.format(Locale.ROOT, "One source training run: %.1f s (%d epochs, training only).%n%n",
                sourceSeconds, def.training().epochs()));
        md.append("| method | transfer s (all) | gradient s | matching s | gradient+matching, % of one source run |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Method m : def.methods()) {
            List<PairOutcome> of = r.of(m);
            if (of.isEmpty()) continue;
            double own = of.stream().mapToDouble(o -> o.gradientSeconds() + o.matchingSeconds()).average().orElse(0);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f%% |%n", ExperimentResults.label(m),
                    fmt(ExperimentResults.stat(of, PairOutcome::transferSeconds), 1),
                    fmt(ExperimentResults.stat(of, PairOutcome::gradientSeconds), 2),
                    fmt(ExperimentResults.stat(of, PairOutcome::matchingSeconds), 2), 100 * own / sourceSeconds));
        }
    }

    private static String fmt(MeanStd m, int decimals) {
        return m == null ? SummaryTable.MISSING : m.format(decimals);
    }

    private static double trainingSeconds(List<EpochMetrics> epochs) {
        return epochs == null ? Double.NaN : epochs.stream().mapToDouble(EpochMetrics::seconds).sum();
    }
}
