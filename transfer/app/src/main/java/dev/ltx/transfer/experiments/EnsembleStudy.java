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
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.ensemble.Ensembles;
import dev.ltx.transfer.ensemble.Predictions;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.report.AtomicFiles;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The ensemble study of paper Appendix E.2 (reference.md §12, its most likely reading): for each
 * pair (transfer seed 1) on the test split, the trained source ensembled with (i) the fully trained
 * target run ("Full Ensemble"), (ii) GMT's and (iii) FGMT's best step after the fine-tuning epochs
 * (fewer than a full run: the appendix's "@50 vs @60"); each member's accuracy, the ensemble's
 * (class probabilities averaged) and the prediction disagreement with the source. Fine-tuned
 * parameters are evaluated with the target init's buffers and, with batch norm, statistics
 * re-estimated as the transfer does; trained runs with their own statistics. A pair's numbers are
 * cached in {@code OUT/ensemble/S-T.csv}.
 */
final class EnsembleStudy {
    private static final String HEADER = "member,alone,with_source,disagreement,source";

    private EnsembleStudy() {
    }

    /** Computes (or reads) every pair's numbers; progress goes to {@code log}. */
    static EnsembleTable run(ExperimentDefinition def, Path dir, Backend backend, PrintStream log) throws IOException {
        List<EnsembleTable.Member> members = new ArrayList<>(List.of(EnsembleTable.Member.TARGET));
        if (def.methods().contains(Method.GMT)) members.add(EnsembleTable.Member.GMT_FT);
        if (def.methods().contains(Method.FGMT)) members.add(EnsembleTable.Member.FGMT_FT);
        List<Double> source = new ArrayList<>();
        Map<EnsembleTable.Member, List<Double>> alone = new EnumMap<>(EnsembleTable.Member.class);
        Map<EnsembleTable.Member, List<Double>> with = new EnumMap<>(EnsembleTable.Member.class);
        Map<EnsembleTable.Member, List<Double>> differ = new EnumMap<>(EnsembleTable.Member.class);
        for (SeedPair pair : def.pairs()) {
            Path cache = dir.resolve("ensemble").resolve(pair.slug() + ".csv");
            List<String[]> rows = Files.isRegularFile(cache) ? read(cache, members.size()) : null;
            if (rows == null) {
                long t0 = System.nanoTime();
                try (Backend.Scope scope = backend.openScope()) {
                    rows = compute(def, dir, pair, members, backend, cache);
                }
                log.printf(Locale.ROOT, "pair %s: %d ensembles in %.1fs%n", pair.label(), members.size(),
                        (System.nanoTime() - t0) / 1e9);
            }
            source.add(Double.parseDouble(rows.get(0)[4]));
            for (String[] r : rows) {
                EnsembleTable.Member m = EnsembleTable.Member.valueOf(r[0]);
                alone.computeIfAbsent(m, x -> new ArrayList<>()).add(Double.parseDouble(r[1]));
                with.computeIfAbsent(m, x -> new ArrayList<>()).add(Double.parseDouble(r[2]));
                differ.computeIfAbsent(m, x -> new ArrayList<>()).add(Double.parseDouble(r[3]));
            }
        }
        return new EnsembleTable(source, alone, with, differ, def.fineTune().epochs(),
                def.trainConfig(def.pairs().get(0).target()).epochs());
    }

    private static List<String[]> compute(ExperimentDefinition def, Path dir, SeedPair pair,
                                          List<EnsembleTable.Member> members, Backend backend, Path cache)
            throws IOException {
        RunFolder target = RunFolder.open(ExperimentRunner.runDir(dir, pair.target()));
        TrainConfig c = target.config();
        TrainingData d = TrainingData.load(c);
        TransferData data = RebasinInterpolation.transferData(c, d);
        if (data.test() == null || data.test().size() == 0) {
            throw new NoSuchFileException(target.path().toString(), null, "no test split to ensemble on");
        }
        Supplier<Module> factory = () -> Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed()));
        Predictions source = predict(factory, RebasinInterpolation.load(ExperimentRunner.runDir(dir, pair.source()),
                backend), data, backend);
        LearningTransfer evaluator = RebasinInterpolation.evaluator(factory, data, target.loadCheckpoint(-1, backend),
                backend);
        List<String> names = ModelState.parameterNames(factory.get());
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        List<String[]> rows = new ArrayList<>();
        for (EnsembleTable.Member m : members) {
            Map<String, Tensor> state = switch (m) {
                case TARGET -> RebasinInterpolation.load(target.path(), backend);
                case GMT_FT -> evaluator.evaluationState(fineTuned(dir, pair, Method.GMT, names, backend),
                        def.transfer().bnStatsIters(), 0);
                case FGMT_FT -> evaluator.evaluationState(fineTuned(dir, pair, Method.FGMT, names, backend),
                        def.transfer().bnStatsIters(), 0);
            };
            Predictions p = predict(factory, state, data, backend);
            String[] row = {m.name(), Double.toString(p.accuracy()),
                Double.toString(Ensembles.accuracy(List.of(source, p))),
                Double.toString(Ensembles.disagreement(source, p)), Double.toString(source.accuracy())};
            rows.add(row);
            csv.append(String.join(",", row)).append('\n');
        }
        Files.createDirectories(cache.getParent());
        AtomicFiles.writeString(cache, csv.toString());
        return rows;
    }

    private static Predictions predict(Supplier<Module> factory, Map<String, Tensor> state, TransferData data,
                                       Backend backend) {
        return Predictions.onTest(factory.get(), state, data, backend);
    }

    private static Map<String, Tensor> fineTuned(Path dir, SeedPair pair, Method m, List<String> names, Backend backend)
            throws IOException {
        Path f = ExperimentRunner.transferDir(dir, pair, 1, m).resolve("finetune.safetensors");
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, "the ensemble study needs the fine-tuned parameters,"
                    + " written by ltx since the pre-trained scenario was added; delete the transfer's folder to"
                    + " recompute it");
        }
        return ParameterMaps.select(SafetensorsReader.readFinite(f, backend), names);
    }

    /** A cache file's rows, or null when it is not complete (then they are recomputed). */
    private static List<String[]> read(Path cache, int members) throws IOException {
        List<String> lines = Files.readAllLines(cache);
        if (lines.size() != 1 + members || !lines.get(0).equals(HEADER)) return null;
        List<String[]> rows = new ArrayList<>();
        try {
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                EnsembleTable.Member.valueOf(f[0]);
                for (int i = 1; i < 5; i++) Double.parseDouble(f[i]);
                rows.add(f);
            }
        } catch (RuntimeException e) {
            return null;
        }
        return rows;
    }
}
