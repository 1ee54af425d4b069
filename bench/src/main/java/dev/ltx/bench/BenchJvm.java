package dev.ltx.bench;

/**
 * JVM flags shared by the benchmark forks. Use them in each benchmark class as
 * {@code @Fork(value = 1, jvmArgsAppend = {BenchJvm.VECTOR, BenchJvm.HEAP, BenchJvm.GC})}: JMH
 * forks a fresh JVM per benchmark, and that JVM needs the incubating Vector API module too.
 */
public final class BenchJvm {
    /** The Vector API is an incubator module in Java 17..25. */
    public static final String VECTOR = "--add-modules=jdk.incubator.vector";
    /** Heap for the largest benchmark operands. */
    public static final String HEAP = "-Xmx8g";
    /** The collector the tests and launchers use. */
    public static final String GC = "-XX:+UseParallelGC";

    /** Silences the JVM's echo of the compile commands below. */
    public static final String QUIET = "-XX:CompileCommand=quiet";
    /**
     * Keeps the assignment solver's row minima out of line, as the {@code ltx} launcher does (inlined,
     * C2 may box their vectors; see {@code dev.ltx.transfer.lap}).
     */
    public static final String SAP_ROW_MIN = "-XX:CompileCommand=dontinline,dev.ltx.transfer.lap.SapKernel::rowMin";
    /** As {@link #SAP_ROW_MIN}, for its float-row twin (square float matrices are read in place). */
    public static final String SAP_FLOAT_ROW_MIN =
            "-XX:CompileCommand=dontinline,dev.ltx.transfer.lap.SapFloatKernel::rowMin";
    /** As {@link #SAP_ROW_MIN}, for the auction's candidate-list rebuilds. */
    public static final String AUCTION_ROW_MIN =
            "-XX:CompileCommand=dontinline,dev.ltx.transfer.lap.AuctionKernel::rowMin";

    private BenchJvm() {
    }
}
