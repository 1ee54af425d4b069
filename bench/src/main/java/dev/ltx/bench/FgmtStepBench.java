package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.Mlp;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.match.MatchCache;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.MatchResult;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.method.BatchSampler;
import dev.ltx.transfer.method.GradientPairs;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One FGMT step (ms/op) on the paper's MNIST 2-MLP (784-4096-10, ReLU, no bias) with random data,
 * batch 128, excluding evaluation: the new gradient pair (both models, the same batch, forward +
 * backward), weight matching of the {@code pairs} cached pairs from identity (≤ 100 sweeps,
 * ε 1e-7; one 4096-group LAP per sweep), and θ²_t = θ²_0 + π(θ¹_t − θ¹_0).
 *
 * <p>{@code pairs} = t is the step number: {@code pairs − 1} earlier pairs are precomputed in setup
 * (not timed). The data set holds 1,024 random 28×28 images with random labels. {@code cache}:
 * true runs the step as FGMT does (a {@link MatchCache} already holding the earlier pairs' sums and
 * the previous duals, warm-started LAP; the cache is copied before each invocation, untimed);
 * false rebuilds every pair's products and solves cold, as FGMT did before the cache.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar FgmtStepBench}
 * (add {@code -p pairs=1} to restrict, {@code -jvmArgsAppend -Dltx.threads=1} for one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g", BenchJvm.QUIET, BenchJvm.SAP_ROW_MIN,
        BenchJvm.SAP_FLOAT_ROW_MIN, BenchJvm.AUCTION_ROW_MIN})
public class FgmtStepBench {
    private static final int HIDDEN = 4096;

    @Param({"1", "10"})
    public int pairs;

    private Backend backend;
    private PermutationSpec spec;
    private GradientPairs gradients;
    private Map<String, Tensor> targetInit;
    private Map<String, Tensor> sourcePoint;
    private Map<String, Tensor> targetPoint;
    private Map<String, Tensor> displacement;
    /** Whether the step runs as FGMT does now: a {@link MatchCache} holding the earlier pairs, warm-started LAP. */
    @Param({"true", "false"})
    public boolean cache;

    private List<StatePair> cached;
    private MatchCache base;
    private MatchCache stepCache;
    private long step;

    /** Models, random data, points and the cached pairs (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        backend = CpuBackend.create();
        Module target = mlp(1);
        Module source = mlp(2);
        spec = PermutationSpec.of(target);
        targetInit = ModelState.parameters(target);
        Map<String, Tensor> sourceInit = ModelState.parameters(source);
        sourcePoint = ModelState.parameters(mlp(3));
        displacement = ParameterMaps.subtract(sourcePoint, sourceInit);
        targetPoint = ParameterMaps.add(targetInit, displacement);
        Rng rng = new Rng(4);
        int n = 1024;
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) rng.nextInt(256);
        for (int i = 0; i < n; i++) labels[i] = rng.nextInt(10);
        Dataset data = Dataset.of("random", pixels, labels, 10, 1, 28, 28);
        TransferData td = TransferData.of(data, data, null, Normalization.MNIST, Augmentation.identity());
        gradients = new GradientPairs(target, source, new BatchSampler(td, backend), 1, 0, 128);
        cached = new ArrayList<>();
        for (int i = 0; i < pairs - 1; i++) cached.add(gradients.compute(targetPoint, sourcePoint, rng));
        base = new MatchCache();
        if (cache && !cached.isEmpty()) {
            WeightMatching.match(spec, cached, MatchOptions.defaults(0), backend, base);
        }
    }

    /** A fresh copy of the cache as step t finds it (not timed). */
    @Setup(Level.Invocation)
    public void copyCache() {
        stepCache = cache ? base.copy() : null;
    }

    private Module mlp(long seed) {
        return new Mlp(LayerInit.seeded(backend, DType.F32, seed), 784, HIDDEN, 10, Activation.RELU, false);
    }

    /** Gradient pair + matching + transfer of one step. */
    @Benchmark
    public Map<String, Tensor> fgmtStep() {
        Rng rng = new Rng(step++);
        List<StatePair> w = new ArrayList<>(cached);
        w.add(gradients.compute(targetPoint, sourcePoint, rng));
        MatchResult m = WeightMatching.match(spec, w, MatchOptions.defaults(rng.nextLong()).withWarmStart(cache), backend,
                stepCache);
        Permutations pi = m.permutations();
        return ParameterMaps.add(targetInit, PermutationApplier.apply(spec, pi, displacement, backend));
    }
}
