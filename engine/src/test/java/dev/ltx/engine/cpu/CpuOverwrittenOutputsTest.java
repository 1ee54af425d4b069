package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FAST ops whose results take recycled storage without the pool's zero fill
 * ({@link CpuBackend#floatsForOverwrite}) write every element: each op runs once on a fresh backend
 * and once where the pool holds only NaN-filled arrays of the result's size, and the two results
 * must have the same bits (a skipped element would read NaN).
 */
class CpuOverwrittenOutputsTest {
    private static CpuBackend fresh;
    private static CpuBackend recycling;

    @BeforeAll
    static void setUp() {
        fresh = new CpuBackend(CpuBackend.Mode.FAST, 2);
        recycling = new CpuBackend(CpuBackend.Mode.FAST, 2);
    }

    @AfterAll
    static void tearDown() {
        fresh.close();
        recycling.close();
    }

    /** Runs {@code op} on inputs made by {@code inputs} on each backend and compares the results' bits. */
    private static void check(String what, Function<CpuBackend, Tensor[]> inputs, Function<Tensor[], Tensor> op) {
        float[] expected = op.apply(inputs.apply(fresh)).toFloats();
        CpuBackend b = recycling;
        try (var outer = b.openScope()) {
            Tensor[] in = inputs.apply(b);
            try (var s = b.openScope()) { // leaves NaN-filled arrays of the result's size in the pool
                for (int q = 0; q < 3; q++) b.full(Shape.of(expected.length), DType.F32, Double.NaN);
            }
            long reusedBefore = b.arrays().reused();
            float[] actual = op.apply(in).toFloats();
            assertTrue(expected.length == 0 || b.arrays().reused() > reusedBefore, what + ": took a recycled array");
            assertArrayEquals(expected, actual, what);
        }
    }

    /** A tensor of {@code shape} with values in [lo, lo + 3), varied by {@code salt}. */
    private static Tensor ramp(CpuBackend b, Shape shape, double lo, int salt) {
        float[] v = new float[shape.numel()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (lo + ((i * 7L + salt) % 61) / 20.0);
        return b.fromFloats(v, shape);
    }

    @Test
    void unaryOpsWriteEveryElement() {
        for (int n : new int[] {37, 83, 70_001}) { // tails, and more than one parallel range
            for (UnaryOp op : UnaryOp.values()) {
                boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL;
                check(op + " n " + n, b -> new Tensor[] {ramp(b, Shape.of(n), positive ? 0.5 : -1.5, n)},
                        in -> in[0].backend().unary(op, in[0]));
            }
        }
    }

    @Test
    void scaleAndAddScalarWriteEveryElement() {
        for (int n : new int[] {37, 70_001}) {
            check("scale n " + n, b -> new Tensor[] {ramp(b, Shape.of(n), -1.5, 1)}, in -> in[0].backend().scale(in[0], 0.75));
            check("addScalar n " + n, b -> new Tensor[] {ramp(b, Shape.of(n), -1.5, 2)},
                    in -> in[0].backend().addScalar(in[0], -0.25));
        }
    }

    @Test
    void binaryOpsWriteEveryElementOnEveryBroadcastPath() {
        Shape[][] pairs = {
                {Shape.of(4, 37), Shape.of(4, 37)},       // same shape
                {Shape.of(4, 37), Shape.of(37)},          // a row over the last axis
                {Shape.of(37), Shape.of(4, 37)},          // the same, operands swapped
                {Shape.of(2, 3, 5, 7), Shape.of(3, 1, 1)}, // per channel: constant runs of 35
                {Shape.of(4, 1), Shape.of(1, 37)},        // neither operand has the result's shape
                {Shape.of(3, 70_001), Shape.of(70_001)},  // several parallel ranges
        };
        for (Shape[] p : pairs) {
            for (BinaryOp op : BinaryOp.values()) {
                check(op + " " + p[0] + " " + p[1], b -> new Tensor[] {ramp(b, p[0], -1.5, 3), ramp(b, p[1], 0.5, 5)},
                        in -> in[0].backend().binary(op, in[0], in[1]));
            }
        }
    }

    @Test
    void convolutionOutputsAreWrittenInFull() {
        // {N, C, H, W, O, K, stride, pad}: 8x8 planes (image groups), 16x16 (one image per GEMM),
        // a 1x1 convolution read in place, and a strided one
        int[][] cases = {{5, 3, 8, 8, 4, 3, 1, 1}, {3, 2, 16, 16, 5, 3, 1, 1}, {2, 4, 16, 16, 3, 1, 1, 0},
                {2, 3, 9, 9, 4, 3, 2, 1}};
        for (int[] c : cases) {
            for (boolean bias : new boolean[] {false, true}) {
                Conv2dParams p = Conv2dParams.of(c[6], c[7]);
                check("conv2d " + Arrays.toString(c) + " bias " + bias, b -> new Tensor[] {
                        ramp(b, Shape.of(c[0], c[1], c[2], c[3]), -1.5, 7), ramp(b, Shape.of(c[4], c[1], c[5], c[5]), -1.5, 11),
                        bias ? ramp(b, Shape.of(c[4]), -1.5, 13) : null},
                        in -> in[0].backend().conv2d(in[0], in[1], in[2], p));
            }
        }
    }
}
