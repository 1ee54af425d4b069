package dev.ltx.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH secondary result {@code gflop} of the GEMM and convolution benchmarks: a benchmark method adds
 * the GFLOP it did per call; JMH divides the iteration's total by its time, so the reported score
 * ({@code <Benchmark>:gflop}) is GFLOP/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    /** GFLOP done in the current iteration. */
    public double gflop;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        gflop = 0;
    }
}
