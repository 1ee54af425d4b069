package dev.ltx.bench;

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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The GEMM's register-tile micro-kernel alone, on one core ({@link Sgemm#microKernel}): A (one tile
 * of rows) and a packed B panel of depth {@code kc} reused call after call. At {@code kc = 64} both
 * stay in L1 (5×64 tile: 1.3 + 16 KiB), so the rate is the kernel's code against the FMA ceiling of
 * the same machine ({@code ../shared/peers/fma_peak.c}); at 256 and 1024 the panel (64 and 256 KiB)
 * comes from L2, as in a real product. Read against {@link GemmBench}'s 1-thread figures, the
 * difference is what the product loses around the kernel: operand traffic, packing and the
 * tile's store to C.
 *
 * <p>GFLOP/s: the secondary result {@code gflop} ({@link Flops}), as in {@link GemmBench}.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmTileBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.VECTOR, BenchJvm.HEAP, BenchJvm.GC})
@State(Scope.Thread)
public class GemmTileBench {
    /** Kernel calls per benchmark invocation (amortizes the harness's own cost). */
    private static final int CALLS = 256;

    /** Depth of the tile: 64 keeps the panel in L1, 256 and 1024 read it from L2. */
    @Param({"64", "256", "1024"})
    public int kc;

    private float[] a;
    private float[] panel;
    private float[] tile;

    @Setup(Level.Trial)
    public void setup() {
        System.out.println("# " + Sgemm.describe());
        a = new float[Sgemm.tileRows() * kc];
        panel = new float[kc * Sgemm.tileColumns()];
        tile = new float[Sgemm.tileRows() * Sgemm.tileColumns()];
        // small values, so sums stay far from overflow however many calls run
        for (int i = 0; i < a.length; i++) a[i] = (i % 7 - 3) * 1e-3f;
        for (int i = 0; i < panel.length; i++) panel[i] = (i % 5 - 2) * 1e-3f;
    }

    @Benchmark
    public float[] microKernel(Flops flops) {
        long done = 0;
        for (int call = 0; call < CALLS; call++) {
            done += Sgemm.microKernel(kc, a, panel, tile);
        }
        flops.gflop += done / 1e9;
        return tile;
    }
}
