package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CpuIndexOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);
    private static final CpuBackend[] ALL = {REF, FAST};

    @AfterAll
    static void close() {
        FAST.close();
        FAST1.close();
    }

    private static double[] gaussian(Rng r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextGaussian();
        return a;
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void indexSelectMatchesHandValues() {
        for (CpuBackend b : ALL) {
            Tensor x = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            Tensor cols = b.indexSelect(x, 1, b.fromInts(new int[] {2, 0, 2}, Shape.of(3)));
            assertEquals(Shape.of(2, 3), cols.shape());
            assertArrayEquals(new float[] {3, 1, 3, 6, 4, 6}, cols.toFloats());
            Tensor rows = b.indexSelect(x, -2, b.fromLongs(new long[] {1}, Shape.of(1)));
            assertArrayEquals(new float[] {4, 5, 6}, rows.toFloats());
            assertEquals(Shape.of(0, 3), b.indexSelect(x, 0, b.fromInts(new int[0], Shape.of(0))).shape());
            Tensor ix = b.fromLongs(new long[] {10, 20, 30}, Shape.of(3));
            assertArrayEquals(new long[] {30, 10}, b.indexSelect(ix, 0, b.fromInts(new int[] {2, 0}, Shape.of(2))).toLongs());
        }
    }

    /** Along the last axis (single elements, a loop per dtype) with repeats and several rows: a scalar gather. */
    @Test
    void indexSelectAlongTheLastAxisGathersEachRowForEveryDtype() {
        Shape s = Shape.of(3, 2, 6);
        int[] idx = {5, 0, 0, 3, 1};
        double[] d = new double[s.numel()];
        for (int i = 0; i < d.length; i++) d[i] = 3 * i - 20;
        double[] want = new double[6 * idx.length];
        for (int o = 0; o < 6; o++) {
            for (int k = 0; k < idx.length; k++) want[o * idx.length + k] = d[o * 6 + idx[k]];
        }
        for (DType dt : DType.values()) {
            for (CpuBackend b : ALL) {
                Tensor out = b.indexSelect(b.cast(b.fromDoubles(d, s), dt), 2, b.fromInts(idx, Shape.of(idx.length)));
                assertEquals(Shape.of(3, 2, idx.length), out.shape());
                assertEquals(dt, out.dtype());
                assertArrayEquals(want, out.toDoubles(), dt + " " + b.name());
            }
        }
    }

    @Test
    void indexAddMatchesHandValuesAndAccumulatesRepeats() {
        for (CpuBackend b : ALL) {
            Tensor src = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            Tensor out = b.indexAdd(Shape.of(2, 2), 1, b.fromInts(new int[] {1, 0, 1}, Shape.of(3)), src);
            assertArrayEquals(new float[] {2, 4, 5, 10}, out.toFloats(), b.name());
            Tensor rows = b.indexAdd(Shape.of(3, 3), 0, b.fromLongs(new long[] {2, 2}, Shape.of(2)), src);
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 5, 7, 9}, rows.toFloats(), b.name());
        }
    }

    @Test
    void permutationThenInverseIsIdentityForEveryDtype() {
        Rng r = new Rng(41);
        Shape s = Shape.of(4, 7, 5);
        for (int axis = 0; axis < 3; axis++) {
            int[] perm = r.permutation(s.dim(axis));
            int[] inv = new int[perm.length];
            for (int i = 0; i < perm.length; i++) inv[perm[i]] = i;
            for (DType dt : DType.values()) {
                for (CpuBackend b : ALL) {
                    double[] d = new double[s.numel()];
                    for (int i = 0; i < d.length; i++) d[i] = i - 17;
                    Tensor x = b.cast(b.fromDoubles(d, s), dt);
                    Tensor p = b.indexSelect(x, axis, b.fromInts(perm, Shape.of(perm.length)));
                    Tensor back = b.indexSelect(p, axis, b.fromLongs(toLongs(inv), Shape.of(inv.length)));
                    assertEquals(dt, back.dtype());
                    assertArrayEquals(x.toDoubles(), back.toDoubles(), dt + " axis " + axis);
                    // indexAdd with a permutation undoes indexSelect with it as well.
                    assertArrayEquals(x.toDoubles(), b.indexAdd(s, axis, b.fromInts(perm, Shape.of(perm.length)), p)
                            .toDoubles(), dt + " axis " + axis);
                }
            }
        }
    }

    private static long[] toLongs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) l[i] = a[i];
        return l;
    }

    @Test
    void indexAddIsTheAdjointOfIndexSelect() {
        Rng r = new Rng(42);
        Shape s = Shape.of(3, 6, 4);
        for (int axis = 0; axis < 3; axis++) {
            int k = 9;
            int[] idx = new int[k];
            for (int i = 0; i < k; i++) idx[i] = r.nextInt(s.dim(axis));
            Shape sel = s.withDim(axis, k);
            double[] x = gaussian(r, s.numel());
            double[] y = gaussian(r, sel.numel());
            Tensor ix = REF.fromInts(idx, Shape.of(k));
            double lhs = dot(REF.indexSelect(REF.fromDoubles(x, s), axis, ix).toDoubles(), y);
            double rhs = dot(x, REF.indexAdd(s, axis, ix, REF.fromDoubles(y, sel)).toDoubles());
            assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)), "axis " + axis);
            double fast = dot(x, FAST.indexAdd(s, axis, FAST.fromInts(idx, Shape.of(k)),
                    FAST.fromFloats(floats(y), sel)).toDoubles());
            assertEquals(lhs, fast, 1e-4 * (1 + Math.abs(lhs)), "fast axis " + axis);
        }
    }

    @Test
    void fastIndexAddMatchesReferenceAndIsThreadIndependent() {
        Rng r = new Rng(43);
        Shape[] shapes = {Shape.of(1), Shape.of(17), Shape.of(5, 33), Shape.of(2, 3, 4, 5), Shape.of(64, 9000),
            Shape.of(300, 17, 3)};
        for (Shape s : shapes) {
            for (int axis = 0; axis < s.rank(); axis++) {
                int k = 1 + r.nextInt(2 * s.dim(axis) + 1);
                int[] idx = new int[k];
                for (int i = 0; i < k; i++) idx[i] = r.nextInt(s.dim(axis));
                Shape sel = s.withDim(axis, k);
                float[] y = floats(gaussian(r, sel.numel()));
                Tensor ref = REF.indexAdd(s, axis, REF.fromInts(idx, Shape.of(k)), REF.fromFloats(y, sel));
                Tensor got = FAST.indexAdd(s, axis, FAST.fromInts(idx, Shape.of(k)), FAST.fromFloats(y, sel));
                Compare.Result c = Compare.tensors(ref, got, 1e-5, 1e-5);
                assertTrue(c.ok(), s + " axis " + axis + ": " + c);
                Tensor one = FAST1.indexAdd(s, axis, FAST1.fromInts(idx, Shape.of(k)), FAST1.fromFloats(y, sel));
                assertArrayEquals(one.toFloats(), got.toFloats(), s + " axis " + axis);
            }
        }
    }

    @Test
    void badIndicesAndShapesThrowWithDetails() {
        for (CpuBackend b : ALL) {
            Tensor x = b.zeros(Shape.of(2, 3), DType.F32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.indexSelect(x, 1, b.fromInts(new int[] {0, 3}, Shape.of(2))));
            assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("position 1")
                    && e.getMessage().contains("(2, 3)"), e.getMessage());
            IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                    () -> b.indexAdd(Shape.of(2, 3), 0, b.fromLongs(new long[] {-1}, Shape.of(1)),
                            b.zeros(Shape.of(1, 3), DType.F32)));
            assertTrue(neg.getMessage().contains("index -1") && neg.getMessage().contains("position 0"), neg.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.indexSelect(x, 0, b.zeros(Shape.of(1), DType.F32)));
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> b.indexSelect(x, 0, b.fromInts(new int[] {0, 1}, Shape.of(1, 2))));
            assertTrue(rank.getMessage().contains("(1, 2)") && rank.getMessage().contains("(2, 3)"), rank.getMessage());
            IllegalArgumentException src = assertThrows(IllegalArgumentException.class,
                    () -> b.indexAdd(Shape.of(2, 3), 1, b.fromInts(new int[] {0, 1}, Shape.of(2)),
                            b.zeros(Shape.of(2, 3), DType.F32)));
            assertTrue(src.getMessage().contains("(2, 3)") && src.getMessage().contains("2 indices"), src.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.indexSelect(x, 2, b.fromInts(new int[] {0}, Shape.of(1))));
        }
    }
}
