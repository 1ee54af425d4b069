package dev.ltx.bench;

import dev.ltx.autograd.Var;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.layers.Sequential;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.MatchResult;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.method.Evaluation;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ltx side of part B of {@code /work/shared/peers/bench_lap.py}: Git Re-basin weight matching
 * of two MLPs 784-512-512-10 (ReLU, biases) on MNIST, "trained" (3 epochs SGD lr 0.01, momentum
 * 0.9, weight decay 5e-4, batch 128, seeds 1 and 2, as the peer trains its own) and "init"; for
 * each, 1 and 2 threads: one warm-up and {@code reps} timed matchings (official options, seeds
 * 1..reps, cold or warm-started LAPs), the median wall time, the sweeps (min/median/max), the
 * objective of the last run, and for
 * the trained models the test accuracy of A, B and the λ = 0.5 midpoint naive and permuted.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -Xmx4g -cp bench/target/benchmarks.jar
 * dev.ltx.bench.RebasinPeerBench RUN_DIR [reps]} where RUN_DIR is any MNIST run folder (its config
 * gives the data set, split and normalization).
 */
public final class RebasinPeerBench {
    private RebasinPeerBench() {
    }

    public static void main(String[] args) throws Exception {
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        TrainingData d = TrainingData.load(RunFolder.open(Path.of(args[0])).config());
        CpuBackend train = new CpuBackend(CpuBackend.Mode.FAST, 2);
        long t0 = System.nanoTime();
        Module a = trained(d, train, 1);
        Module b = trained(d, train, 2);
        System.out.printf("trained two models in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        Map<String, Map<String, Tensor>[]> models = new LinkedHashMap<>();
        models.put("trained", states(a, b));
        models.put("init", states(WeightMatchingBench.mlp(LayerInit.seeded(train, DType.F32, 1)),
                WeightMatchingBench.mlp(LayerInit.seeded(train, DType.F32, 2))));
        PermutationSpec spec = PermutationSpec.of(a);
        for (Map.Entry<String, Map<String, Tensor>[]> e : models.entrySet()) {
            List<StatePair> pairs = List.of(new StatePair(e.getValue()[0], e.getValue()[1]));
            for (int threads = 1; threads <= 2; threads++) {
                for (boolean warm : new boolean[] {false, true}) {
                    try (CpuBackend backend = new CpuBackend(CpuBackend.Mode.FAST, threads)) {
                        double[] ms = new double[reps];
                        int[] sweeps = new int[reps];
                        MatchResult r = null;
                        for (int s = 0; s <= reps; s++) {
                            long q = System.nanoTime();
                            r = WeightMatching.match(spec, pairs, MatchOptions.defaults(s).withWarmStart(warm), backend);
                            if (s > 0) {
                                ms[s - 1] = (System.nanoTime() - q) / 1e6;
                                sweeps[s - 1] = r.sweeps();
                            }
                        }
                        Arrays.sort(ms);
                        Arrays.sort(sweeps);
                        System.out.printf("ltx weight-matching %-7s F32 thr=%d warm=%-5b median %.1f ms (min %.1f max %.1f)"
                                        + " | sweeps %d/%d/%d | obj %.1f -> %.1f%s%n", e.getKey(), threads, warm, ms[reps / 2],
                                ms[0], ms[reps - 1], sweeps[0], sweeps[reps / 2], sweeps[reps - 1],
                                WeightMatching.objective(spec, pairs, Permutations.identity(spec), backend),
                                r.objective(), e.getKey().equals("trained") && threads == 2 && !warm
                                        ? accuracies(spec, r.permutations(), e.getValue(), d, backend) : "");
                    }
                }
            }
        }
        train.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor>[] states(Module a, Module b) {
        PermutationSpec spec = PermutationSpec.of(a);
        Map<String, Tensor>[] out = new Map[2];
        out[0] = new LinkedHashMap<>();
        out[1] = new LinkedHashMap<>();
        for (String n : spec.parameters()) {
            out[0].put(n, a.stateDict().get(n));
            out[1].put(n, b.stateDict().get(n));
        }
        return out;
    }

    private static Module trained(TrainingData d, CpuBackend backend, long seed) {
        Sequential m = WeightMatchingBench.mlp(LayerInit.seeded(backend, DType.F32, seed));
        Sgd opt = new Sgd(m.parameters(), new SgdConfig(0.01, 0.9, 0, 5e-4, false));
        try (DataLoader loader = DataLoader.builder(d.train(), backend, d.normalization()).batchSize(128)
                .shuffle(true).seed(seed).prefetch(0).build()) {
            for (int e = 0; e < 3; e++) {
                m.train();
                try (DataLoader.Epoch it = loader.epoch(e)) {
                    while (it.hasNext()) {
                        try (Batch batch = it.next()) {
                            opt.zeroGrad();
                            Var loss = Losses.crossEntropy(m.forward(Var.constant(batch.images())), batch.labels());
                            loss.backward();
                            opt.step();
                        }
                    }
                }
            }
        }
        return m;
    }

    /** Test accuracy of A, B, and the midpoints (A + B)/2 and (A + π(B))/2. */
    private static String accuracies(PermutationSpec spec, Permutations pi, Map<String, Tensor>[] ab, TrainingData d,
                                     CpuBackend backend) {
        Map<String, Tensor> bp = PermutationApplier.apply(spec, pi, ab[1], backend);
        return String.format(" | test acc A %.2f B %.2f mid naive %.2f mid permuted %.2f", acc(ab[0], d, backend),
                acc(ab[1], d, backend), acc(mid(ab[0], ab[1], backend), d, backend), acc(mid(ab[0], bp, backend), d,
                        backend));
    }

    private static Map<String, Tensor> mid(Map<String, Tensor> x, Map<String, Tensor> y, CpuBackend backend) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        x.forEach((n, t) -> out.put(n, backend.scale(backend.binary(dev.ltx.engine.BinaryOp.ADD, t, y.get(n)), 0.5)));
        return out;
    }

    private static double acc(Map<String, Tensor> params, TrainingData d, CpuBackend backend) {
        Module m = WeightMatchingBench.mlp(LayerInit.seeded(backend, DType.F32, 0));
        ModelState.setParameters(m, params);
        return Evaluation.evaluate(m, d.test(), d.normalization(), 512, backend).accuracy();
    }
}
