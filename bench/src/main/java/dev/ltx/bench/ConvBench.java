package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cpu.CpuStorage;
import dev.ltx.engine.cpu.gemm.Sgemm;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * CPU F32 convolution throughput on the Conv8 layer shapes (reference.md §7.2, here on 1×32×32
 * input): 3×3 kernels, padding 1, widths 64,64 / 128,128 / 256,256 / 512,512 at 32², 16², 8², 4²
 * (2×2 max-pooling between pairs), batch 128, at 1 and 2 threads.
 *
 * <p>Each of the forward pass and the two backward products does 2·N·O·OH·OW·C·KH·KW floating
 * operations; the {@code gflop} auxiliary counter reports that rate directly in GFLOP/s. The
 * {@code gemm} benchmark runs only the matrix products the forward pass lowers to (same m, n, k
 * and count, without im2col), so {@code forward / gemm} is the efficiency of the lowering.
 *
 * <p>Run one layer quickly: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ConvBench
 * -p layer=64-64@32 -p threads=2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.VECTOR, BenchJvm.HEAP, BenchJvm.GC})
public class ConvBench {
    /** A Conv8 layer: input channels, output channels and spatial size, as {@code C-O@HW}. */
    @Param({"1-64@32", "64-64@32", "64-128@16", "128-128@16", "128-256@8", "256-256@8", "256-512@4", "512-512@4"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    @Param({"128"})
    public int batch;

    private static final Conv2dParams PARAMS = Conv2dParams.of(1, 1);

    private CpuBackend backend;
    private Tensor x;
    private Tensor w;
    private Tensor bias;
    private Tensor gradOut;
    private double gflopPerOp;
    // the forward pass's GEMMs, for the gemm-only baseline
    private int gemmM;
    private int gemmN;
    private int gemmK;
    private int gemmCount;
    private float[] gemmA;
    private float[] gemmB;
    private float[] gemmC;

    @Setup(Level.Trial)
    public void setUp() {
        String[] io = layer.split("@");
        String[] co = io[0].split("-");
        int c = Integer.parseInt(co[0]);
        int o = Integer.parseInt(co[1]);
        int hw = Integer.parseInt(io[1]);
        backend = new CpuBackend(CpuBackend.Mode.FAST, threads);
        Rng rng = new Rng(42);
        x = random(Shape.of(batch, c, hw, hw), rng);
        w = random(Shape.of(o, c, 3, 3), rng);
        bias = random(Shape.of(o), rng);
        gradOut = random(Shape.of(batch, o, hw, hw), rng);
        gflopPerOp = 2.0 * batch * o * hw * hw * c * 9 / 1e9;

        // the image grouping of the engine's im2col path (ConvFast.groupSize: at least 256 GEMM columns)
        int plane = hw * hw;
        int group = Math.max(1, Math.min(batch, (256 + plane - 1) / plane));
        gemmM = o;
        gemmK = c * 9;
        gemmN = group * plane;
        gemmCount = (batch + group - 1) / group;
        gemmA = CpuStorage.f32(w);
        gemmB = CpuStorage.f32(random(Shape.of(gemmK, gemmN), rng));
        gemmC = new float[gemmM * gemmN];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    private Tensor random(Shape s, Rng rng) {
        float[] d = new float[s.numel()];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return backend.fromFloats(d, s);
    }

    // Each op runs in a memory scope, as a training step does, so its output's storage goes back to
    // the backend's pool and the next op reuses it. Without the scope every op wrote a fresh 4–17 MB
    // array and paid the kernel's first-touch page faults (a 2× swing between iterations on a VM).

    @Benchmark
    public float forward(Flops f) {
        f.gflop += gflopPerOp;
        try (Backend.Scope s = backend.openScope()) {
            return CpuStorage.f32(backend.conv2d(x, w, bias, PARAMS))[0];
        }
    }

    @Benchmark
    public float backwardInput(Flops f) {
        f.gflop += gflopPerOp;
        try (Backend.Scope s = backend.openScope()) {
            return CpuStorage.f32(backend.conv2dBackwardInput(gradOut, w, x.shape(), PARAMS))[0];
        }
    }

    @Benchmark
    public float backwardWeight(Flops f) {
        f.gflop += gflopPerOp;
        try (Backend.Scope s = backend.openScope()) {
            return CpuStorage.f32(backend.conv2dBackwardWeight(gradOut, x, w.shape(), PARAMS))[0];
        }
    }

    /** The forward pass's matrix products alone: {@code gemmCount} products W(O×CKK)·cols(CKK×cols). */
    @Benchmark
    public float[] gemm(Flops f) {
        f.gflop += gflopPerOp;
        for (int i = 0; i < gemmCount; i++) {
            Sgemm.sgemm(backend.pool(), false, false, gemmM, gemmN, gemmK, 1f, gemmA, 0, gemmK, gemmB, 0, gemmN,
                    0f, gemmC, 0, gemmN);
        }
        return gemmC;
    }

    /** Runs this benchmark alone; extra arguments are ignored (use the JMH jar's CLI for options). */
    public static void main(String[] args) throws RunnerException {
        Options opt = new OptionsBuilder().include(ConvBench.class.getSimpleName()).build();
        new Runner(opt).run();
    }
}
