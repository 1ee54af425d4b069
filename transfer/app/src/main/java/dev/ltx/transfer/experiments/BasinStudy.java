package dev.ltx.transfer.experiments;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.report.AtomicFiles;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The basin study (paper Figure 7, §4.3; reference.md §12): validation loss along the straight line
 * from each pair's fine-tuned target (λ = 0) to (i) FGMT's best step after fine-tuning, (ii) the
 * fine-tuned source permuted toward the target by weight matching, (iii) Naive's best step after
 * fine-tuning (λ = 1), at {@link #POINTS} evenly spaced λ, BN statistics re-estimated at every point
 * where the model has BN. Transfer seed 1 of each pair. A pair's curves are cached in
 * {@code OUT/basin/S-T.csv}, so a re-run reuses them.
 */
final class BasinStudy {
    /** Points along each line, λ = 0, 1/24, ..., 1. */
    static final int POINTS = 25;
    private static final String HEADER = "curve,lambda,val_loss,val_acc";

    private BasinStudy() {
    }

    /** The λ of every point. */
    static double[] lambdas() {
        double[] l = new double[POINTS];
        for (int i = 0; i < POINTS; i++) l[i] = (double) i / (POINTS - 1);
        return l;
    }

    /** Computes (or reads) every pair's curves; progress goes to {@code log}. */
    static Basin run(ExperimentDefinition def, Path dir, Backend backend, PrintStream log) throws IOException {
        Map<Basin.Curve, List<double[]>> losses = new EnumMap<>(Basin.Curve.class);
        for (Basin.Curve c : Basin.Curve.values()) losses.put(c, new ArrayList<>());
        for (SeedPair pair : def.pairs()) {
            Path cache = dir.resolve("basin").resolve(pair.slug() + ".csv");
            Map<Basin.Curve, double[]> curves = Files.isRegularFile(cache) ? read(cache) : null;
            if (curves == null) {
                long t0 = System.nanoTime();
                try (Backend.Scope scope = backend.openScope()) {
                    curves = compute(def, dir, pair, backend, cache);
                }
                log.printf(Locale.ROOT, "pair %s: %d points per line in %.1fs%n", pair.label(), POINTS,
                        (System.nanoTime() - t0) / 1e9);
            }
            for (Basin.Curve c : Basin.Curve.values()) losses.get(c).add(curves.get(c));
        }
        return new Basin(lambdas(), losses);
    }

    private static Map<Basin.Curve, double[]> compute(ExperimentDefinition def, Path dir, SeedPair pair, Backend backend,
                                                      Path cache) throws IOException {
        RunFolder target = RunFolder.open(ExperimentRunner.runDir(dir, pair.target()));
        TrainConfig c = target.config();
        TrainingData d = TrainingData.load(c);
        Supplier<Module> factory = () -> Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed()));
        Module model = factory.get();
        List<String> names = ModelState.parameterNames(model);
        PermutationSpec spec = PermutationSpec.of(model);
        Map<String, Tensor> t = ParameterMaps.select(RebasinInterpolation.load(target.path(), backend), names);
        Map<String, Tensor> s = ParameterMaps.select(RebasinInterpolation.load(ExperimentRunner.runDir(dir, pair.source()), backend), names);
        Map<String, Tensor> permuted = PermutationApplier.apply(spec, WeightMatching.match(spec,
                List.of(new StatePair(t, s)), MatchOptions.defaults(0), backend).permutations(), s, backend);
        Map<Basin.Curve, Map<String, Tensor>> ends = new EnumMap<>(Basin.Curve.class);
        ends.put(Basin.Curve.FGMT_FT, fineTuned(dir, pair, Method.FGMT, names, backend));
        ends.put(Basin.Curve.PERMUTED_SOURCE, permuted);
        ends.put(Basin.Curve.NAIVE_FT, fineTuned(dir, pair, Method.NAIVE, names, backend));
        LearningTransfer evaluator = RebasinInterpolation.evaluator(factory, RebasinInterpolation.transferData(c, d), t,
                backend);
        int bn = def.transfer().bnStatsIters();
        Map<Basin.Curve, double[]> out = new EnumMap<>(Basin.Curve.class);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        double[] lambdas = lambdas();
        for (Basin.Curve curve : Basin.Curve.values()) {
            double[] loss = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                var m = evaluator.evaluate(ParameterMaps.interpolate(t, ends.get(curve), lambdas[i]), bn, 0);
                loss[i] = m.loss();
                csv.append(curve.name()).append(',').append(lambdas[i]).append(',').append(m.loss()).append(',')
                        .append(m.accuracy()).append('\n');
            }
            out.put(curve, loss);
        }
        Files.createDirectories(cache.getParent());
        AtomicFiles.writeString(cache, csv.toString());
        return out;
    }

    private static Map<String, Tensor> fineTuned(Path dir, SeedPair pair, Method m, List<String> names, Backend backend)
            throws IOException {
        Path f = ExperimentRunner.transferDir(dir, pair, 1, m).resolve("finetune.safetensors");
        if (!Files.isRegularFile(f)) {
            throw new java.nio.file.NoSuchFileException(f.toString(), null, "the basin study needs the fine-tuned"
                    + " parameters, written by ltx since the pre-trained scenario was added; delete the transfer's folder"
                    + " to recompute it");
        }
        return ParameterMaps.select(SafetensorsReader.readFinite(f, backend), names);
    }

    /** A cache file's curves, or null when it is not complete (then they are recomputed). */
    private static Map<Basin.Curve, double[]> read(Path cache) throws IOException {
        List<String> lines = Files.readAllLines(cache);
        if (lines.size() != 1 + POINTS * Basin.Curve.values().length || !lines.get(0).equals(HEADER)) return null;
        Map<Basin.Curve, double[]> out = new EnumMap<>(Basin.Curve.class);
        try {
            for (int k = 1; k < lines.size(); k++) {
                String[] f = lines.get(k).split(",");
                Basin.Curve c = Basin.Curve.valueOf(f[0]);
                out.computeIfAbsent(c, x -> new double[POINTS])[(k - 1) % POINTS] = Double.parseDouble(f[2]);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return out.size() == Basin.Curve.values().length ? out : null;
    }
}
