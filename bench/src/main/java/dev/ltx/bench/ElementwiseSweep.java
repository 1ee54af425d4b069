package dev.ltx.bench;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Every elementwise op of the CPU FAST backend timed in ONE JVM, round-robin, on a 128×4096 F32
 * activation (a 2-MLP's hidden layer), with the 784×4096 parameter for the SGD step and the sum.
 * Not a JMH benchmark on purpose: JMH forks a JVM per benchmark, where each op is compiled alone;
 * here the ops share the JIT's profile as they do in training, so a loop that the JIT compiled for
 * the ops it had seen first and left to a slow path for the others shows up as an op far slower
 * than its neighbours. (JDK 17's C2 did that to the loops behind one switch that a JVM met late: a
 * ReLU took 3.0 ms instead of 0.05 ms, a DIV after ADD, SUB and MUL 1.1 ms instead of 0.08.)
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.ltx.bench.ElementwiseSweep [threads] [rounds]
 * </pre>
 *
 * <p>Prints each op's median milliseconds over the rounds after the first half, and the GB/s that
 * implies for the bytes it must read and write.
 */
public final class ElementwiseSweep {
    private static final int ROWS = 128;
    private static final int COLS = 4096;
    private static final int REPEATS = 100;

    private ElementwiseSweep() {
    }

    /** One timed op: its name, the bytes it reads and writes, and the call. */
    private record Op(String name, long bytes, Runnable call) {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (CpuBackend b = new CpuBackend(CpuBackend.Mode.FAST, threads)) {
            List<Op> ops = ops(b);
            double[][] ms = new double[ops.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < ops.size(); k++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < REPEATS; i++) {
                        try (Backend.Scope ignored = b.openScope()) {
                            ops.get(k).call().run();
                        }
                    }
                    ms[k][r] = (System.nanoTime() - t0) / 1e6 / REPEATS;
                }
            }
            System.out.printf(Locale.ROOT, "ElementwiseSweep: %d thread(s), %d rounds of %d calls, medians of the last %d%n",
                    threads, rounds, REPEATS, rounds - rounds / 2);
            for (int k = 0; k < ops.size(); k++) {
                double[] tail = Arrays.copyOfRange(ms[k], rounds / 2, rounds);
                Arrays.sort(tail);
                double median = tail[tail.length / 2];
                System.out.printf(Locale.ROOT, "%-16s %8.3f ms %7.1f GB/s%n", ops.get(k).name(), median,
                        ops.get(k).bytes() / median / 1e6);
            }
        }
    }

    private static List<Op> ops(Backend b) {
        Random rnd = new Random(1);
        Tensor x = b.fromFloats(gaussian(rnd, ROWS * COLS), Shape.of(ROWS, COLS));
        Tensor y = b.fromFloats(gaussian(rnd, ROWS * COLS), Shape.of(ROWS, COLS));
        Tensor row = b.fromFloats(gaussian(rnd, COLS), Shape.of(COLS));
        Tensor col = b.fromFloats(gaussian(rnd, ROWS), Shape.of(ROWS, 1));
        Tensor p = b.fromFloats(gaussian(rnd, 784 * COLS), Shape.of(COLS, 784));
        Tensor g = b.fromFloats(gaussian(rnd, 784 * COLS), Shape.of(COLS, 784));
        Tensor buf = b.fromFloats(gaussian(rnd, 784 * COLS), Shape.of(COLS, 784));
        long act = 4L * ROWS * COLS;
        long par = 4L * 784 * COLS;
        List<Op> ops = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            ops.add(new Op(op.name().toLowerCase(Locale.ROOT), 2 * act, () -> b.unary(op, x)));
        }
        for (BinaryOp op : BinaryOp.values()) {
            String n = op.name().toLowerCase(Locale.ROOT);
            ops.add(new Op(n, 3 * act, () -> b.binary(op, x, y)));
            ops.add(new Op(n + " row", 2 * act, () -> b.binary(op, x, row)));
            ops.add(new Op(n + " col", 2 * act, () -> b.binary(op, x, col)));
            ops.add(new Op("col " + n, 2 * act, () -> b.binary(op, col, x)));
        }
        ops.add(new Op("relu backward", 3 * act, () -> b.reluBackward(y, x)));
        ops.add(new Op("mask then mul", 3 * act, () -> b.binary(BinaryOp.MUL, y, b.unary(UnaryOp.RELU_MASK, x))));
        ops.add(new Op("scale", 2 * act, () -> b.scale(x, 0.5)));
        ops.add(new Op("addScalar", 2 * act, () -> b.addScalar(x, 0.5)));
        ops.add(new Op("axpby", 3 * act, () -> b.axpby(0.5, x, 1.0, y)));
        SgdUpdate sgd = new SgdUpdate(1e-6, 0.9, 0.0, 0.0, false);
        ops.add(new Op("sgd momentum", 5 * par, () -> b.sgdStep(sgd, List.of(p), List.of(g), List.of(buf), false)));
        ops.add(new Op("sum", par, () -> b.reduce(ReduceOp.SUM, g, new int[0], false)));
        return ops;
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
