package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CpuReduceOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);

    @AfterAll
    static void close() {
        FAST.close();
        FAST1.close();
    }

    private static float[] gaussian(Rng r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    @Test
    void referenceMatchesHandValues() {
        Tensor x = REF.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        assertArrayEquals(new double[] {5, 7, 9}, REF.reduce(ReduceOp.SUM, x, new int[] {0}, false).toDoubles());
        assertArrayEquals(new double[] {2, 5}, REF.reduce(ReduceOp.MEAN, x, new int[] {-1}, false).toDoubles());
        assertArrayEquals(new double[] {3, 6}, REF.reduce(ReduceOp.MAX, x, new int[] {1}, false).toDoubles());
        Tensor all = REF.reduce(ReduceOp.SUM, x, new int[0], false);
        assertEquals(Shape.scalar(), all.shape());
        assertEquals(21, all.item());
        Tensor kept = REF.reduce(ReduceOp.MEAN, x, new int[] {1, 0}, true);
        assertEquals(Shape.of(1, 1), kept.shape());
        assertEquals(3.5, kept.item());
        assertEquals(Shape.of(2, 1), REF.reduce(ReduceOp.SUM, x, new int[] {1}, true).shape());
        // (2, 2, 2): reduce axes 0 and 2 -> per-middle-index sums.
        Tensor y = REF.fromFloats(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, Shape.of(2, 2, 2));
        assertArrayEquals(new float[] {14, 22}, REF.reduce(ReduceOp.SUM, y, new int[] {0, 2}, false).toFloats());
        assertEquals(DType.F32, REF.reduce(ReduceOp.SUM, y, new int[] {0}, false).dtype());
    }

    @Test
    void nanAndEmptyGroupsFollowTheDocumentedRules() {
        for (CpuBackend b : new CpuBackend[] {REF, FAST}) {
            Tensor x = b.fromFloats(new float[] {1, Float.NaN, 3, 4, 5, 6}, Shape.of(2, 3));
            assertArrayEquals(new float[] {Float.NaN, 6}, b.reduce(ReduceOp.MAX, x, new int[] {1}, false).toFloats());
            assertArrayEquals(new float[] {4, Float.NaN, 6}, b.reduce(ReduceOp.MAX, x, new int[] {0}, false).toFloats());
            // Wide enough for the vector lanes: NaN must propagate through vector max and sums too.
            float[] wide = new float[3 * 40];
            for (int i = 0; i < wide.length; i++) wide[i] = i % 7;
            wide[40 + 20] = Float.NaN;
            Tensor w = b.fromFloats(wide, Shape.of(3, 40));
            float[] rowMax = b.reduce(ReduceOp.MAX, w, new int[] {1}, false).toFloats();
            assertArrayEquals(new float[] {6, Float.NaN, 6}, rowMax, b.name());
            float[] colMax = b.reduce(ReduceOp.MAX, w, new int[] {0}, false).toFloats();
            assertTrue(Float.isNaN(colMax[20]) && !Float.isNaN(colMax[19]) && !Float.isNaN(colMax[21]), b.name());
            float[] rowSum = b.reduce(ReduceOp.SUM, w, new int[] {1}, false).toFloats();
            assertTrue(Float.isNaN(rowSum[1]) && !Float.isNaN(rowSum[0]), b.name());
            Tensor empty = b.zeros(Shape.of(2, 0), DType.F32);
            assertArrayEquals(new float[] {0, 0}, b.reduce(ReduceOp.SUM, empty, new int[] {1}, false).toFloats());
            assertThrows(IllegalArgumentException.class, () -> b.reduce(ReduceOp.MAX, empty, new int[] {1}, false));
            assertThrows(IllegalArgumentException.class, () -> b.reduce(ReduceOp.SUM, x, new int[] {1, -1}, false));
            assertThrows(IllegalArgumentException.class, () -> b.reduce(ReduceOp.SUM, x, new int[] {2}, false));
        }
    }

    @Test
    void fastMatchesReferenceOnRandomShapesAndAxes() {
        Rng r = new Rng(21);
        for (int trial = 0; trial < 80; trial++) {
            int rank = 1 + r.nextInt(4);
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) dims[i] = r.nextInt(4) == 0 ? 1 : 1 + r.nextInt(37);
            Shape s = Shape.of(dims);
            int[] axes = randomAxes(r, rank);
            float[] data = gaussian(r, s.numel());
            boolean keep = r.nextInt(2) == 0;
            for (ReduceOp op : ReduceOp.values()) {
                Tensor ref = REF.reduce(op, REF.fromFloats(data, s), axes, keep);
                Tensor got = FAST.reduce(op, FAST.fromFloats(data, s), axes, keep);
                assertEquals(ref.shape(), got.shape());
                Compare.Result c = Compare.tensors(ref, got, 1e-5, 1e-5);
                assertTrue(c.ok(), op + " " + s + " axes " + java.util.Arrays.toString(axes) + ": " + c);
            }
        }
    }

    private static int[] randomAxes(Rng r, int rank) {
        int[] perm = r.permutation(rank);
        int k = r.nextInt(rank + 1);
        return java.util.Arrays.copyOf(perm, k);
    }

    @Test
    void fastHandlesCommonLayoutsAndLargeSizes() {
        Rng r = new Rng(22);
        Object[][] cases = {
            {Shape.of(64, 16, 9, 9), new int[] {0, 2, 3}},
            {Shape.of(128, 1000), new int[] {0}},
            {Shape.of(128, 1000), new int[] {1}},
            {Shape.of(300_001), new int[] {0}},
            {Shape.of(3, 70_001), new int[] {1}},
            {Shape.of(70_001, 3), new int[] {0}},
            {Shape.of(1, 1, 1), new int[0]},
            {Shape.of(5, 1, 7), new int[] {1}},
        };
        for (Object[] cs : cases) {
            Shape s = (Shape) cs[0];
            int[] axes = (int[]) cs[1];
            float[] data = gaussian(r, s.numel());
            for (ReduceOp op : ReduceOp.values()) {
                Tensor ref = REF.reduce(op, REF.fromFloats(data, s), axes, false);
                Tensor got = FAST.reduce(op, FAST.fromFloats(data, s), axes, false);
                Compare.Result c = Compare.tensors(ref, got, 1e-5, 1e-5);
                assertTrue(c.ok(), op + " " + s + ": " + c);
            }
        }
    }

    @Test
    void fastSumOfManyOnesIsExact() {
        // 2^24 + 1 is not a float: a plain float accumulator would stall at 2^24.
        int n = (1 << 24) + 64;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        Tensor s = FAST.reduce(ReduceOp.SUM, FAST.fromFloats(ones, Shape.of(n)), new int[0], false);
        assertEquals((float) n, (float) s.item());
    }

    @Test
    void fastResultIsIdenticalForOneAndTwoThreads() {
        Rng r = new Rng(23);
        Shape[] shapes = {Shape.of(1_000_003), Shape.of(513, 1031), Shape.of(32, 64, 17, 19)};
        int[][] axes = {{0}, {0}, {0, 2, 3}};
        for (int i = 0; i < shapes.length; i++) {
            float[] data = gaussian(r, shapes[i].numel());
            for (ReduceOp op : ReduceOp.values()) {
                float[] one = FAST1.reduce(op, FAST1.fromFloats(data, shapes[i]), axes[i], false).toFloats();
                float[] two = FAST.reduce(op, FAST.fromFloats(data, shapes[i]), axes[i], false).toFloats();
                assertArrayEquals(one, two, op + " " + shapes[i]);
            }
        }
    }

    @Test
    void fastDoesNotAliasItsInput() {
        Tensor x = FAST.fromFloats(new float[] {1, 2}, Shape.of(1, 2, 1));
        Tensor y = FAST.reduce(ReduceOp.SUM, x, new int[] {0, 2}, false);
        FAST.fill(y, 9);
        assertArrayEquals(new float[] {1, 2}, x.toFloats());
    }

    @Test
    void argmaxTakesTheFirstMaximumAndFirstNaN() {
        for (CpuBackend b : new CpuBackend[] {REF, FAST}) {
            Tensor x = b.fromFloats(new float[] {1, 3, 3, 0, 5, Float.NaN, 2, Float.NaN}, Shape.of(2, 4));
            Tensor rows = b.argmax(x, 1);
            assertEquals(DType.I64, rows.dtype());
            assertEquals(Shape.of(2), rows.shape());
            assertArrayEquals(new long[] {1, 1}, rows.toLongs());
            assertArrayEquals(new long[] {1, 1, 0, 1}, b.argmax(x, 0).toLongs());
            Tensor y = b.fromDoubles(new double[] {0, 9, 2, 9, 1, 3}, Shape.of(3, 2));
            assertArrayEquals(new long[] {1, 0}, b.argmax(y, -2).toLongs());
            assertThrows(IllegalArgumentException.class, () -> b.argmax(y, 2));
        }
    }
}
