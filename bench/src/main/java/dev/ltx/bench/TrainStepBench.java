package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cpu.gemm.SgemmWarmup;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.Optimizer;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import dev.ltx.nn.train.DivergencePolicy;
import dev.ltx.nn.train.Evaluator;
import dev.ltx.nn.train.TrainingStep;
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
 * One CPU training step ({@link TrainingStep#run}, the step {@code ltx train} runs) of the 2-MLP,
 * Conv8 or ResNet-18-32, including taking the batch from a {@link DataLoader} over a synthetic
 * dataset of the model's input size, SGD with momentum and weight decay.
 *
 * <p>Its purpose is the heap allocated per step in steady state: run it with the GC profiler and
 * read {@code gc.alloc.rate.norm} (bytes per step), e.g.
 * {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar TrainStepBench -prof gc
 * -p model=mlp}. ResNet-18 at batch 128 on one thread takes seconds a step: {@code -p batch=16} keeps
 * the check short (storage per step scales with the batch).
 *
 * <p>{@code -p evalEvery=N} adds, after every N-th step, the evaluation pass {@code ltx train} runs
 * after each epoch: {@code evalBatch} + 48 examples in batches of {@code evalBatch} (512 by default,
 * as the command's), so that shapes other than the step's run in the same JVM, as they do in a real
 * run. The step alone never showed two sources of garbage that a GC-logged {@code ltx train} did
 * (vectors boxed after a recompilation, and a pool kept full by the evaluation's arrays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.VECTOR, BenchJvm.HEAP, BenchJvm.GC})
public class TrainStepBench {
    /** The model, by its command-line name. */
    @Param({"mlp", "conv8", "resnet18-32"})
    public String model;

    @Param({"1"})
    public int threads;

    @Param({"128"})
    public int batch;

    /** After every this many steps an evaluation pass, as {@code ltx train} runs after each epoch (0: never). */
    @Param({"0"})
    public int evalEvery;

    /** The evaluation's batch size. */
    @Param({"512"})
    public int evalBatch;

    private CpuBackend backend;
    private Backend.Scope run;
    private Module net;
    private Optimizer optimizer;
    private DataLoader loader;
    private DataLoader.Epoch epoch;
    private int epochNumber;
    private long step;
    private Normalization norm;
    private Dataset evalData;

    @Setup(Level.Trial)
    public void setUp() {
        SgemmWarmup.run(); // as the command line does (in the background) before training
        backend = new CpuBackend(CpuBackend.Mode.FAST, threads);
        run = backend.openScope(); // as Trainer does: batches live in the run's scope until closed
        ModelKind kind = ModelKind.parse(model);
        ModelConfig config = ModelConfig.defaults(kind);
        net = Models.build(config, LayerInit.seeded(backend, DType.F32, 1));
        net.train();
        optimizer = new Sgd(net.parameters(), SgdConfig.paper(0.01, 5e-4));
        Dataset data = kind == ModelKind.MLP ? SyntheticDataset.mnistLike(8 * batch, 2)
                : SyntheticDataset.cifarLike(8 * batch, 2);
        norm = kind == ModelKind.MLP ? Normalization.MNIST : Normalization.IMAGENET;
        if (evalEvery > 0) {
            evalData = kind == ModelKind.MLP ? SyntheticDataset.mnistLike(evalBatch + 48, 4)
                    : SyntheticDataset.cifarLike(evalBatch + 48, 4);
        }
        loader = DataLoader.builder(data, backend, norm).batchSize(batch).shuffle(true).seed(3).build();
        epoch = loader.epoch(epochNumber);
    }

    /** One step on the next batch (a new epoch of the loader when the last one ran out). */
    @Benchmark
    public double step() {
        if (!epoch.hasNext()) {
            epoch.close();
            epoch = loader.epoch(++epochNumber);
        }
        double loss;
        try (Batch b = epoch.next()) {
            loss = TrainingStep.run(net, optimizer, b, backend, epochNumber, step++, DivergencePolicy.STOP).loss();
        }
        if (evalEvery > 0 && step % evalEvery == 0) {
            loss += Evaluator.evaluate(net, evalData, norm, backend, evalBatch).loss();
            net.train();
        }
        return loss;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        epoch.close();
        loader.close();
        run.close();
        backend.close();
    }
}
