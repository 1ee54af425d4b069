package dev.ltx.bench;

import dev.ltx.transfer.lap.LapResult;
import dev.ltx.transfer.lap.LinearAssignment;
import java.util.SplittableRandom;
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
 * Jonker-Volgenant solve time (ms/op) on the cost matrices of scipy's side-by-side script
 * ({@code bench_lap.py}, part A):
 * <ul>
 *   <li>{@code uniform}: {@code C ~ U[0,1)^(n x n)}, minimized;</li>
 *   <li>{@code wm_indep}: {@code C = Wa Wb^T}, {@code Wa, Wb ~ N(0,1)^(n x 784)} independent,
 *       maximized;</li>
 *   <li>{@code wm_perm}: as above with {@code Wb = Wa[pi] + N(0,1)} noise (nearly a permutation),
 *       maximized.</li>
 * </ul>
 * Matrices are generated once per trial (per fork) in {@link Level#Trial} setup with a seed fixed
 * by (kind, n), outside the timed region; every invocation solves the same matrix from scratch
 * (the solver keeps no state and does not modify its input). scipy instead draws a fresh matrix
 * per repeat; compare medians over several seeds ({@code -p seed=...}) when in doubt.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar LapBench}
 * (restrict with {@code -p kind=uniform -p n=1024}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g", BenchJvm.QUIET, BenchJvm.SAP_ROW_MIN,
        BenchJvm.SAP_FLOAT_ROW_MIN, BenchJvm.AUCTION_ROW_MIN})
public class LapBench {
    private static final int WM_DIM = 784;

    @Param({"uniform", "wm_indep", "wm_perm"})
    public String kind;

    @Param({"256", "512", "1024", "2048", "4096"})
    public int n;

    @Param({"0"})
    public long seed;

    private double[] cost;
    private boolean maximize;

    /** Builds the cost matrix (not timed). */
    @Setup(Level.Trial)
    public void generate() {
        SplittableRandom rnd = new SplittableRandom(1000L * n + 31L * seed + kind.hashCode());
        maximize = !kind.equals("uniform");
        cost = switch (kind) {
            case "uniform" -> uniform(rnd, n);
            case "wm_indep" -> innerProducts(rnd, n, false);
            case "wm_perm" -> innerProducts(rnd, n, true);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    /** One complete solve. */
    @Benchmark
    public LapResult solve() {
        return LinearAssignment.solve(cost, n, n, maximize);
    }

    static double[] uniform(SplittableRandom rnd, int n) {
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) {
            c[k] = rnd.nextDouble();
        }
        return c;
    }

    /** {@code Wa Wb^T} with Gaussian rows; {@code Wb = Wa[pi] + noise} when {@code nearPerm}. */
    static double[] innerProducts(SplittableRandom rnd, int n, boolean nearPerm) {
        int d = WM_DIM;
        double[] a = gaussian(rnd, n * d);
        double[] b = gaussian(rnd, n * d);
        if (nearPerm) {
            int[] pi = permutation(rnd, n);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    b[i * d + k] += a[pi[i] * d + k];
                }
            }
        }
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = dot(a, i * d, b, j * d, d);
            }
        }
        return c;
    }

    private static double dot(double[] a, int ao, double[] b, int bo, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 4 <= d; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < d; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double[] gaussian(SplittableRandom rnd, int count) {
        double[] g = new double[count];
        for (int k = 0; k < count; k++) { // Box-Muller, one draw per pair of uniforms
            double u1 = 1.0 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            g[k] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }
        return g;
    }

    private static int[] permutation(SplittableRandom rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }
}
