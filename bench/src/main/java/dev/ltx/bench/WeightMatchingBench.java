package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.layers.Flatten;
import dev.ltx.nn.layers.Linear;
import dev.ltx.nn.layers.ReLU;
import dev.ltx.nn.layers.Sequential;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.MatchResult;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Git Re-basin weight matching (ms/op) of two MLPs 784-512-512-10 (ReLU, biases), the network of
 * part B of the numpy/scipy script {@code bench_lap.py} (805 ms there under load): the spec is
 * derived from a {@link Sequential} chain (groups c1, c2 of 512), one state pair, official options
 * (identity start, ≤ 100 sweeps, ε = 1e-7), random group order seeded per invocation.
 * <ul>
 *   <li>{@code init}: two independently initialized models (PyTorch default init, seeds 1 and 2);</li>
 *   <li>{@code noisy}: the second model is a random permutation of the first plus N(0, (0.5·σ)²)
 *       noise per tensor, a stand-in for two related (trained) models.</li>
 * </ul>
 * Setup (model init, state maps) is outside the timed region. Each invocation runs the whole
 * matching (cost matrices, LAPs, per-sweep objective). Sweeps and objective of the first run are
 * printed once per trial.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar WeightMatchingBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", BenchJvm.QUIET, BenchJvm.SAP_ROW_MIN,
        BenchJvm.SAP_FLOAT_ROW_MIN, BenchJvm.AUCTION_ROW_MIN})
public class WeightMatchingBench {
    @Param({"init", "noisy"})
    public String models;

    /** F32 by default; F64 ({@code -p dtype=F64}) takes the engine's scalar reference GEMM and is far slower. */
    @Param({"F32"})
    public String dtype;

    /** Warm-started assignments ({@link MatchOptions#warmStart()}); false solves every LAP from scratch. */
    @Param({"true", "false"})
    public boolean warm;

    private Backend backend;
    private PermutationSpec spec;
    private List<StatePair> pairs;
    private long seed;

    /** Builds both models and the matching problem (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        backend = CpuBackend.create();
        DType dt = DType.valueOf(dtype);
        Module a = mlp(LayerInit.seeded(backend, dt, 1));
        spec = PermutationSpec.of(a);
        Map<String, Tensor> target = a.stateDict();
        Map<String, Tensor> source;
        if (models.equals("init")) {
            source = mlp(LayerInit.seeded(backend, dt, 2)).stateDict();
        } else {
            Rng rng = new Rng(3);
            Map<String, int[]> perms = new LinkedHashMap<>();
            for (PermutationGroup g : spec.groups()) {
                perms.put(g.name(), rng.permutation(g.size()));
            }
            source = noisy(PermutationApplier.apply(spec, Permutations.of(spec, perms), target, backend), rng);
        }
        pairs = List.of(new StatePair(target, source));
        MatchResult r = WeightMatching.match(spec, pairs, MatchOptions.defaults(0).withWarmStart(warm), backend);
        System.out.printf("%n[%s %s] sweeps %d, objective %.4f -> %.4f, %.1f ms (cold)%n", models, dtype, r.sweeps(),
                WeightMatching.objective(spec, pairs, Permutations.identity(spec), backend), r.objective(),
                r.seconds() * 1e3);
    }

    /** One complete weight matching. */
    @Benchmark
    public MatchResult match() {
        return WeightMatching.match(spec, pairs, MatchOptions.defaults(seed++).withWarmStart(warm), backend);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    /** Flatten → 784-512 → ReLU → 512-512 → ReLU → 512-10, PyTorch default init. */
    static Sequential mlp(LayerInit init) {
        return new Sequential(new Flatten(), new Linear(init, 784, 512, true), new ReLU(),
                new Linear(init, 512, 512, true), new ReLU(), new Linear(init, 512, 10, true));
    }

    private Map<String, Tensor> noisy(Map<String, Tensor> state, Rng rng) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((name, t) -> {
            double[] v = t.toDoubles();
            double ss = 0;
            for (double x : v) {
                ss += x * x;
            }
            double sigma = 0.5 * Math.sqrt(ss / v.length);
            for (int i = 0; i < v.length; i++) {
                v[i] += sigma * rng.nextGaussian();
            }
            out.put(name, backend.cast(backend.fromDoubles(v, t.shape()), t.dtype()));
        });
        return out;
    }
}
