package dev.ltx.transfer.experiments;

import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.AtomicFiles;
import dev.ltx.transfer.report.BandPlot;
import dev.ltx.transfer.report.CurveCsv;
import dev.ltx.transfer.report.Figure;
import dev.ltx.transfer.report.LineStyle;
import dev.ltx.transfer.report.MeanStd;
import dev.ltx.transfer.report.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ablations' report: {@code ablation-NAME.png/.csv} per {@link Ablation} (a sweep's best-step
 * validation accuracy against its x, or a categorical knob's curves along the transfer; mean ± std
 * over pairs) and {@code ablations.md} with every variant's numbers.
 */
final class AblationReport {
    private AblationReport() {
    }

    static List<Path> write(Path dir, ExperimentDefinition def, List<Ablation> ablations,
                            Map<TransferRecipe, List<PairOutcome>> results) throws IOException {
        List<Path> files = new ArrayList<>();
        StringBuilder md = new StringBuilder("# " + def.name() + ": ablations (paper §3.4)\n\n");
        md.append(String.format(Locale.ROOT, "GMT and FGMT on %d pair(s), transfer seed 1, no fine-tuning; every other"
                + " setting as %s. Best-step validation accuracy (%%), mean ± std over pairs.%n%n", def.pairs().size(),
                def.name()));
        for (Ablation a : ablations) {
            Figure f = figure(a, results);
            Path png = dir.resolve("ablation-" + a.name() + ".png");
            Path csv = dir.resolve("ablation-" + a.name() + ".csv");
            BandPlot.write(f, png);
            CurveCsv.write(csv, f);
            files.add(png);
            files.add(csv);
            md.append("## ").append(a.title()).append("\n\n");
            if (!a.note().isEmpty()) md.append(a.note()).append("\n\n");
            md.append("| variant | GMT | FGMT | GMT gradient s | FGMT gradient s |\n")
                    .append("| --- | --- | --- | --- | --- |\n");
            for (Ablation.Variant v : a.variants()) {
                List<PairOutcome> of = results.get(v.transfer());
                md.append("| ").append(v.label());
                for (Method m : AblationRunner.METHODS) md.append(" | ").append(fmt(stat(of, m, PairOutcome::bestAccuracy), 2));
                for (Method m : AblationRunner.METHODS) md.append(" | ").append(fmt(stat(of, m, PairOutcome::gradientSeconds), 1));
                md.append(" |\n");
            }
            md.append('\n');
        }
        Path summary = dir.resolve("ablations.md");
        AtomicFiles.writeString(summary, md.toString());
        files.add(summary);
        return files;
    }

    private static Figure figure(Ablation a, Map<TransferRecipe, List<PairOutcome>> results) {
        List<Series> series = new ArrayList<>();
        if (a.plot() == Ablation.Plot.BEST_VS_X) {
            double[] x = a.variants().stream().mapToDouble(Ablation.Variant::x).toArray();
            for (Method m : AblationRunner.METHODS) {
                List<double[]> perPair = new ArrayList<>();
                int pairs = (int) results.get(a.variants().get(0).transfer()).stream().filter(o -> o.method() == m).count();
                for (int p = 0; p < pairs; p++) {
                    double[] v = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        v[i] = results.get(a.variants().get(i).transfer()).stream().filter(o -> o.method() == m)
                                .toList().get(p).bestAccuracy();
                    }
                    perPair.add(v);
                }
                series.add(new Series(ExperimentResults.label(m), LineStyle.SOLID, perPair));
            }
            return new Figure(a.title(), a.xLabel(), "Best-step validation accuracy (%)", series, x);
        }
        for (Method m : AblationRunner.METHODS) {
            for (int i = 0; i < a.variants().size(); i++) {
                Ablation.Variant v = a.variants().get(i);
                series.add(new Series(ExperimentResults.label(m) + ", " + v.label(),
                        i == 0 ? LineStyle.SOLID : LineStyle.DASHED, results.get(v.transfer()).stream()
                        .filter(o -> o.method() == m).map(PairOutcome::stepAccuracies).toList()));
            }
        }
        return new Figure(a.title(), a.xLabel(), "Validation accuracy (%)", series);
    }

    private static MeanStd stat(List<PairOutcome> of, Method m, java.util.function.ToDoubleFunction<PairOutcome> f) {
        return ExperimentResults.stat(of.stream().filter(o -> o.method() == m).toList(), f);
    }

    private static String fmt(MeanStd s, int digits) {
        return s == null ? "—" : s.format(digits);
    }
}
