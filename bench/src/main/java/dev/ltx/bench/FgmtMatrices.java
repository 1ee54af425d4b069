package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.CheckpointStore;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.lap.LapResult;
import dev.ltx.transfer.lap.LinearAssignment;
import dev.ltx.transfer.match.MatchCache;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.MatchResult;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.method.BatchSampler;
import dev.ltx.transfer.method.GradientPairs;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.perm.AxisRef;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures the LAP and the matching of FGMT on the real gradient cost matrices of a trained
 * single-group model (the MNIST 2-MLP): replays FGMT's gradient collection for {@code T} steps
 * (the points θ²_0 + π(θ¹_{t−1} − θ¹_0) with π from the previous step's matching), and per step
 * prints the gradient time, the whole matching uncached with cold LAPs and with a persistent
 * {@link MatchCache} and warm starts (as FGMT runs it), and the LAP of the step's cost matrix A_t
 * cold and warm-started from A_{t−1}'s column duals (checking both reach the same optimum).
 * {@code -Dskip.uncached=true} leaves out the uncached matching.
 *
 * <p>Run (from the repository root, after {@code mvn -o package -pl bench -am -DskipTests}):
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx8g -cp bench/target/benchmarks.jar dev.ltx.bench.FgmtMatrices \
 *     RUNS/seed-101 RUNS/seed-102 [T]
 * </pre>
 */
public final class FgmtMatrices {
    /** {@code -Dskip.uncached=true}: time only the cached matching. */
    private static final boolean SKIP_UNCACHED = Boolean.getBoolean("skip.uncached");

    private FgmtMatrices() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: FgmtMatrices SOURCE_RUN TARGET_RUN [T]");
            System.exit(2);
        }
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Backend backend = CpuBackend.create();
        RunFolder run = RunFolder.open(Path.of(args[0]));
        TrainConfig c = run.config();
        TrainingData d = TrainingData.load(c);
        TransferData data = new TransferData(d.train(), d.validation(), d.test(), d.normalization(), d.augmentation(),
                c.batchSize(), c.evalBatchSize());
        Module target = Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed()));
        Module sourceModel = Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed()));
        List<String> names = ModelState.parameterNames(target);
        CheckpointStore src = CheckpointStore.of(run, backend);
        TransferConfig tc = TransferConfig.defaults(Method.FGMT, 1);
        Trajectory traj = Trajectory.linear(src.loadAll(List.of(-1, src.lastEpoch())), names, steps, tc.schedule());
        Map<String, Tensor> targetInit = ParameterMaps.select(
                CheckpointStore.of(RunFolder.open(Path.of(args[1])), backend).load(-1), names);
        PermutationSpec spec = PermutationSpec.of(target);
        if (spec.groups().size() != 1) {
            throw new IllegalArgumentException("a single-group model is needed, got " + spec.groups());
        }
        PermutationGroup g = spec.groups().get(0);
        int n = g.size();
        GradientPairs gradients = new GradientPairs(target, sourceModel, new BatchSampler(data, backend), 1, 0, 128);
        Rng rng = new Rng(1);
        Permutations pi = Permutations.identity(spec);
        List<StatePair> pairs = new ArrayList<>();
        MatchCache cache = new MatchCache();
        Tensor a = backend.zeros(Shape.of(n, n), DType.F32);
        double[] prevV = null;
        double sumCold = 0;
        double sumWarm = 0;
        double sumUncached = 0;
        double sumCached = 0;
        for (int t = 1; t <= steps; t++) {
            long t0 = System.nanoTime();
            Map<String, Tensor> d0 = traj.displacement(t - 1);
            Map<String, Tensor> point = ParameterMaps.add(targetInit,
                    pi.isIdentity() ? d0 : PermutationApplier.apply(spec, pi, d0, backend));
            StatePair pair = gradients.compute(point, traj.point(t - 1), rng);
            pairs.add(pair);
            long t1 = System.nanoTime();
            long seed = rng.nextLong();
            MatchResult plain = SKIP_UNCACHED ? null : WeightMatching.match(spec, pairs, MatchOptions.defaults(seed), backend);
            long t2 = System.nanoTime();
            MatchResult cached = WeightMatching.match(spec, pairs, MatchOptions.defaults(seed).withWarmStart(true),
                    backend, cache);
            long t3 = System.nanoTime();
            long o0 = System.nanoTime();
            WeightMatching.objective(spec, pairs, cached.permutations(), backend);
            double objSeconds = (System.nanoTime() - o0) / 1e9;
            boolean samePi = plain == null || plain.permutations().equals(cached.permutations());
            for (AxisRef m : spec.members(g.name())) {
                Tensor tw = pair.target().get(m.param());
                Tensor sw = pair.source().get(m.param());
                if (m.axis() == 0) {
                    backend.gemm(a, tw, sw, false, true, 1.0, 1.0);
                } else {
                    backend.gemm(a, tw, sw, true, false, 1.0, 1.0);
                }
            }
            double[] flat = a.toDoubles();
            long t4 = System.nanoTime();
            LapResult cold = LinearAssignment.solve(flat, n, n, true);
            long t5 = System.nanoTime();
            LapResult warm = prevV == null ? cold : LinearAssignment.solve(flat, n, n, true, prevV);
            long t6 = System.nanoTime();
            double gap = Math.abs(cold.totalCost() - warm.totalCost()) / Math.max(1e-300, Math.abs(cold.totalCost()));
            if (gap > 1e-9) {
                throw new IllegalStateException("step " + t + ": warm optimum " + warm.totalCost() + " != cold "
                        + cold.totalCost());
            }
            prevV = cold.v();
            double cs = (t5 - t4) / 1e9;
            double ws = prevV == null || t == 1 ? cs : (t6 - t5) / 1e9;
            sumCold += cs;
            sumWarm += ws;
            sumUncached += (t2 - t1) / 1e9;
            sumCached += (t3 - t2) / 1e9;
            System.out.printf("step %2d: grad %.2fs, match uncached cold %.2fs, cached warm %.2fs (sweeps %d, same π %b), "
                            + "LAP cold %.3fs warm %.3fs, same assignment %b, objective over all pairs %.3fs%n", t, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    (t3 - t2) / 1e9, cached.sweeps(), samePi, cs, ws,
                    java.util.Arrays.equals(cold.rowToCol(), warm.rowToCol()), objSeconds);
            pi = cached.permutations();
        }
        System.out.printf("total: match uncached %.2fs cached %.2fs; LAP cold %.2fs warm %.2fs%n", sumUncached,
                sumCached, sumCold, sumWarm);
        backend.close();
    }
}
