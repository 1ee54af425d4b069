package dev.ltx.transfer.experiments;

import dev.ltx.nn.train.EpochMetrics;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.MeanStd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a run of an {@link ExperimentDefinition} measured, with the statistics the report and the
 * claims use. Statistics are over pairs × transfer seeds (sample std, n − 1); per-pair statistics
 * are over the transfer seeds of one pair.
 *
 * @param definition the experiment
 * @param runs       per-epoch metrics of every training run by seed
 * @param outcomes   one per (pair, transfer seed, method), in pair, seed, method order
 * @param pretrained the pre-trained scenario's pre-training runs by seed: their test accuracy
 *                   (empty for random init)
 * @param basin      the basin study's curves, or null when it was not run
 * @param tests      test accuracy of every training run by seed (empty when not recorded)
 * @param ensemble   the ensemble study's numbers, or null when it was not run
 */
public record ExperimentResults(ExperimentDefinition definition, Map<Long, List<EpochMetrics>> runs,
                                List<PairOutcome> outcomes, Map<Long, Double> pretrained, Basin basin,
                                Map<Long, Double> tests, EnsembleTable ensemble) {
    public ExperimentResults {
        runs = Collections.unmodifiableMap(new LinkedHashMap<>(runs));
        outcomes = List.copyOf(outcomes);
        pretrained = Collections.unmodifiableMap(new LinkedHashMap<>(pretrained));
        tests = Collections.unmodifiableMap(new LinkedHashMap<>(tests));
    }

    /** Results of a random-init experiment (no pre-training runs). */
    public ExperimentResults(ExperimentDefinition definition, Map<Long, List<EpochMetrics>> runs,
                             List<PairOutcome> outcomes) {
        this(definition, runs, outcomes, Map.of(), null, Map.of(), null);
    }

    /** Results without the ensemble study. */
    public ExperimentResults(ExperimentDefinition definition, Map<Long, List<EpochMetrics>> runs,
                             List<PairOutcome> outcomes, Map<Long, Double> pretrained, Basin basin,
                             Map<Long, Double> tests) {
        this(definition, runs, outcomes, pretrained, basin, tests, null);
    }

    /** The report's name of a method: "Naive", "Oracle", "GMT", "FGMT". */
    public static String label(Method m) {
        return m == Method.NAIVE ? "Naive" : m == Method.ORACLE ? "Oracle" : m.name();
    }

    /** Outcomes of {@code m} over every pair and transfer seed. */
    public List<PairOutcome> of(Method m) {
        return outcomes.stream().filter(o -> o.method() == m).toList();
    }

    /** Outcomes of {@code m} for one pair, over its transfer seeds. */
    public List<PairOutcome> of(Method m, SeedPair p) {
        return outcomes.stream().filter(o -> o.method() == m && o.sourceSeed() == p.source()
                && o.targetSeed() == p.target()).toList();
    }

    /** Mean ± std of {@code f} over {@code of}; null when there is nothing or a value is not finite. */
    public static MeanStd stat(List<PairOutcome> of, ToDoubleFunction<PairOutcome> f) {
        double[] v = of.stream().mapToDouble(f).toArray();
        if (v.length == 0 || Arrays.stream(v).anyMatch(x -> !Double.isFinite(x))) return null;
        return MeanStd.of(v);
    }

    /** Best-step validation accuracy of {@code m}; null when {@code m} was not run. */
    public MeanStd bestAccuracy(Method m) {
        return stat(of(m), PairOutcome::bestAccuracy);
    }

    /** Validation accuracy after the first fine-tuning epoch from {@code m}'s best step; null without fine-tuning. */
    public MeanStd fineTuneFirstEpoch(Method m) {
        List<PairOutcome> of = of(m);
        if (of.isEmpty() || of.stream().anyMatch(o -> o.finetuneAccuracies().length == 0)) return null;
        return stat(of, o -> o.finetuneAccuracies()[0]);
    }

    /** Standard training's validation accuracy after its first epoch (the pairs' target runs); null without fine-tuning. */
    public MeanStd standardFirstEpoch() {
        if (definition.fineTune().epochs() == 0) return null;
        double[] v = definition.pairs().stream().map(p -> runs.get(p.target()))
                .filter(e -> e != null && !e.isEmpty()).mapToDouble(e -> e.get(0).valAccuracy()).toArray();
        return v.length == 0 ? null : MeanStd.of(v);
    }

    /** Test accuracy of the runs of the pairs' sources ({@code source}) or targets, mean ± std; null when not recorded. */
    public MeanStd runTestAccuracy(boolean source) {
        double[] v = definition.pairs().stream().map(p -> tests.get(source ? p.source() : p.target()))
                .filter(x -> x != null).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? null : MeanStd.of(v);
    }

    /** The standard-training curves shown beside fine-tuning: each pair's target run's first epochs. */
    public List<double[]> standardCurves() {
        int n = Math.min(definition.fineTune().epochs(), definition.training().epochs());
        List<double[]> out = new ArrayList<>();
        for (SeedPair p : definition.pairs()) {
            out.add(runs.get(p.target()).stream().limit(n).mapToDouble(EpochMetrics::valAccuracy).toArray());
        }
        return out;
    }

    /**
     * Why the run is invalid (a crash-like defect, not a failed claim): missing outcomes,
     * non-finite accuracies, curves of the wrong length. Empty when valid.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        int expected = definition.pairs().size() * definition.transferSeeds() * definition.methods().size();
        if (outcomes.size() != expected) {
            out.add("expected " + expected + " transfers, found " + outcomes.size());
        }
        int steps = definition.transfer().steps();
        for (PairOutcome o : outcomes) {
            String tag = o.pairLabel() + " seed " + o.transferSeed() + " " + o.method();
            if (o.stepAccuracies().length != steps) {
                out.add(tag + ": " + o.stepAccuracies().length + " steps, expected " + steps);
            }
            if (Arrays.stream(o.stepAccuracies()).anyMatch(x -> !Double.isFinite(x))) {
                out.add(tag + ": non-finite validation accuracy along the transfer");
            }
            if (Arrays.stream(o.finetuneAccuracies()).anyMatch(x -> !Double.isFinite(x))) {
                out.add(tag + ": non-finite validation accuracy during fine-tuning");
            }
        }
        return out;
    }
}
