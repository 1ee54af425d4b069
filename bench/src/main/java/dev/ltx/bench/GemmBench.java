package dev.ltx.bench;

import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.Random;
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
 * F32 GEMM on the CPU backend ({@code Backend.gemm}, FAST mode) at 1 and 2 threads.
 *
 * <p>Shapes: square {@code 256}..{@code 2048} (N×N·N×N), and the products of a 784-4096-10 MLP
 * at batch 128:
 * <ul>
 *   <li>{@code mlp-fwd}: X(128×784)·Wᵀ with W 4096×784 (m=128, n=4096, k=784, B transposed);</li>
 *   <li>{@code mlp-dW}: dYᵀ·X, dY 128×4096, X 128×784 (m=4096, n=784, k=128, A transposed);</li>
 *   <li>{@code mlp-dX}: dY(128×4096)·W(4096×784) (m=128, n=784, k=4096);</li>
 *   <li>{@code mlp-out}: H(128×4096)·W2ᵀ with W2 10×4096 (m=128, n=10, k=4096, B transposed).</li>
 *   <li>{@code MxKxN} (e.g. {@code 128x784x1024}): plain M×K·K×N, the shapes the PyTorch peer script
 *       {@code bench_gemm.py} times for a 784-1024-10 MLP, so ratios compare like with like.</li>
 * </ul>
 *
 * <p>GFLOP/s: the secondary result {@code gflop} (an operations counter, {@link Flops}, that
 * adds 2·m·n·k/10⁹ per call) is reported per second, so its score <em>is</em> GFLOP/s. The primary
 * score is calls per second.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBench}
 * (add e.g. {@code -p shape=1024 -p threads=1} to pick cases).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.VECTOR, BenchJvm.HEAP, BenchJvm.GC})
@State(Scope.Benchmark)
public class GemmBench {
    @Param({"256", "512", "1024", "2048", "mlp-fwd", "mlp-dW", "mlp-dX", "mlp-out",
            "128x784x1024", "784x128x1024", "128x1024x784"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private CpuBackend backend;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private boolean transA;
    private boolean transB;
    private double gflopPerCall;

    @Setup(Level.Trial)
    public void setup() {
        backend = new CpuBackend(CpuBackend.Mode.FAST, threads);
        int m, n, k;
        switch (shape) {
            case "mlp-fwd" -> {
                m = 128; n = 4096; k = 784; transA = false; transB = true;
            }
            case "mlp-dW" -> {
                m = 4096; n = 784; k = 128; transA = true; transB = false;
            }
            case "mlp-dX" -> {
                m = 128; n = 784; k = 4096; transA = false; transB = false;
            }
            case "mlp-out" -> {
                m = 128; n = 10; k = 4096; transA = false; transB = true;
            }
            default -> {
                if (shape.contains("x")) { // MxKxN, no transposes: the peer script's (bench_gemm.py) shapes
                    String[] mkn = shape.split("x");
                    m = Integer.parseInt(mkn[0]);
                    k = Integer.parseInt(mkn[1]);
                    n = Integer.parseInt(mkn[2]);
                    transA = false;
                    transB = false;
                    break;
                }
                m = n = k = Integer.parseInt(shape);
                transA = false;
                transB = false;
            }
        }
        System.out.println("# " + dev.ltx.engine.cpu.gemm.Sgemm.describe());
        Random r = new Random(1234);
        a = backend.fromFloats(random(r, m * k), transA ? Shape.of(k, m) : Shape.of(m, k));
        b = backend.fromFloats(random(r, k * n), transB ? Shape.of(n, k) : Shape.of(k, n));
        c = backend.empty(Shape.of(m, n), dev.ltx.engine.DType.F32);
        gflopPerCall = 2.0 * m * n * k / 1e9;
    }

    private static float[] random(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Tensor sgemm(Flops flops) {
        backend.gemm(c, a, b, transA, transB, 1.0, 0.0);
        flops.gflop += gflopPerCall;
        return c;
    }
}
