package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CpuLayoutOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend[] ALL = {REF, FAST};

    @AfterAll
    static void close() {
        FAST.close();
    }

    /** A tensor of {@code dtype} whose element i is i - 7 (exact in every dtype). */
    private static Tensor iota(CpuBackend b, Shape s, DType dtype) {
        double[] d = new double[s.numel()];
        for (int i = 0; i < d.length; i++) d[i] = i - 7;
        return b.cast(b.fromDoubles(d, s), dtype);
    }

    /** Independent oracle: out[i0..] = x[i_{inv}], walking output multi-indices. */
    private static double[] naivePermute(double[] x, int[] dims, int[] perm) {
        int rank = dims.length;
        int[] inStrides = Shape.of(dims).strides();
        int[] outDims = new int[rank];
        for (int i = 0; i < rank; i++) outDims[i] = dims[perm[i]];
        int n = x.length;
        double[] out = new double[n];
        int[] idx = new int[rank];
        for (int j = 0; j < n; j++) {
            int rem = j;
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax] = rem % outDims[ax];
                rem /= outDims[ax];
            }
            int src = 0;
            for (int ax = 0; ax < rank; ax++) src += idx[ax] * inStrides[perm[ax]];
            out[j] = x[src];
        }
        return out;
    }

    @Test
    void permuteMatchesHandValuesAndANaiveOracle() {
        for (CpuBackend b : ALL) {
            Tensor x = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            Tensor t = b.permute(x, 1, 0);
            assertEquals(Shape.of(3, 2), t.shape());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloats());
        }
        Rng r = new Rng(51);
        for (int trial = 0; trial < 40; trial++) {
            int rank = 1 + r.nextInt(5);
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) dims[i] = 1 + r.nextInt(6);
            int[] perm = r.permutation(rank);
            DType dt = DType.values()[trial % 4];
            for (CpuBackend b : ALL) {
                Tensor x = iota(b, Shape.of(dims), dt);
                Tensor p = b.permute(x, perm);
                assertEquals(dt, p.dtype());
                assertArrayEquals(naivePermute(x.toDoubles(), dims, perm), p.toDoubles(),
                        java.util.Arrays.toString(dims) + " perm " + java.util.Arrays.toString(perm));
            }
        }
    }

    @Test
    void permuteThenInverseAndTransposeRoundTrip() {
        Shape s = Shape.of(2, 3, 4, 5);
        int[] perm = {2, 0, 3, 1};
        int[] inv = new int[4];
        for (int i = 0; i < 4; i++) inv[perm[i]] = i;
        for (CpuBackend b : ALL) {
            Tensor x = iota(b, s, DType.F32);
            assertArrayEquals(x.toFloats(), b.permute(b.permute(x, perm), inv).toFloats());
            Tensor t = b.transpose(x, 1, 3);
            assertEquals(Shape.of(2, 5, 4, 3), t.shape());
            assertArrayEquals(b.permute(x, 0, 3, 2, 1).toFloats(), t.toFloats());
            assertArrayEquals(x.toFloats(), b.transpose(t, -1, 1).toFloats());
            assertArrayEquals(x.toFloats(), b.permute(x, -4, -3, -2, -1).toFloats());
        }
    }

    @Test
    void concatAndSliceRoundTrip() {
        Shape s = Shape.of(3, 7, 4);
        for (CpuBackend b : ALL) {
            for (DType dt : DType.values()) {
                Tensor x = iota(b, s, dt);
                for (int axis = 0; axis < 3; axis++) {
                    int n = s.dim(axis);
                    int cut1 = n / 3;
                    int cut2 = n - 1;
                    List<Tensor> parts = new ArrayList<>();
                    parts.add(b.slice(x, axis, 0, cut1));
                    parts.add(b.slice(x, axis, cut1, cut1));
                    parts.add(b.slice(x, axis, cut1, cut2));
                    parts.add(b.slice(x, axis, cut2, n));
                    assertEquals(s.withDim(axis, cut2 - cut1), parts.get(2).shape());
                    Tensor back = b.concat(parts, axis - 3);
                    assertEquals(s, back.shape());
                    assertEquals(dt, back.dtype());
                    assertArrayEquals(x.toDoubles(), back.toDoubles(), dt + " axis " + axis);
                    Tensor twice = b.concat(List.of(x, x), axis);
                    assertArrayEquals(x.toDoubles(), b.slice(twice, axis, n, 2 * n).toDoubles());
                }
            }
        }
    }

    @Test
    void sliceMatchesHandValues() {
        for (CpuBackend b : ALL) {
            Tensor x = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
            assertArrayEquals(new float[] {2, 3, 5, 6}, b.slice(x, 1, 1, 3).toFloats());
            assertArrayEquals(new float[] {4, 5, 6}, b.slice(x, 0, 1, 2).toFloats());
            Tensor s = b.sliceScatter(Shape.of(2, 4), -1, 1, x);
            assertArrayEquals(new float[] {0, 1, 2, 3, 0, 4, 5, 6}, s.toFloats());
            Tensor cat = b.concat(List.of(x, b.fromFloats(new float[] {9, 8}, Shape.of(2, 1))), 1);
            assertArrayEquals(new float[] {1, 2, 3, 9, 4, 5, 6, 8}, cat.toFloats());
        }
    }

    @Test
    void sliceScatterIsTheAdjointOfSlice() {
        Rng r = new Rng(52);
        Shape s = Shape.of(4, 6, 5);
        for (int axis = 0; axis < 3; axis++) {
            int start = 1;
            int end = s.dim(axis) - 1;
            Shape part = s.withDim(axis, end - start);
            double[] x = new double[s.numel()];
            double[] y = new double[part.numel()];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
            for (CpuBackend b : ALL) {
                Tensor sl = b.slice(b.fromDoubles(x, s), axis, start, end);
                Tensor sc = b.sliceScatter(s, axis, start, b.fromDoubles(y, part));
                double lhs = 0;
                double[] slv = sl.toDoubles();
                for (int i = 0; i < y.length; i++) lhs += slv[i] * y[i];
                double rhs = 0;
                double[] scv = sc.toDoubles();
                for (int i = 0; i < x.length; i++) rhs += x[i] * scv[i];
                assertEquals(lhs, rhs, 1e-12 * (1 + Math.abs(lhs)), "axis " + axis);
                assertArrayEquals(y, b.slice(sc, axis, start, end).toDoubles());
            }
        }
    }

    @Test
    void badArgumentsThrowNamingTheShapes() {
        for (CpuBackend b : ALL) {
            Tensor x = b.zeros(Shape.of(2, 3), DType.F32);
            IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> b.permute(x, 0, 0));
            assertTrue(p.getMessage().contains("(2, 3)") && p.getMessage().contains("[0, 0]"), p.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.permute(x, 0));
            assertThrows(IllegalArgumentException.class, () -> b.permute(x, 0, 2));
            IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                    () -> b.concat(List.of(x, b.zeros(Shape.of(2, 4), DType.F32)), 0));
            assertTrue(c.getMessage().contains("(2, 3)") && c.getMessage().contains("(2, 4)"), c.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> b.concat(List.of(x, b.zeros(Shape.of(2, 3), DType.F64)), 0));
            assertThrows(IllegalArgumentException.class, () -> b.concat(List.of(), 0));
            IllegalArgumentException s = assertThrows(IllegalArgumentException.class, () -> b.slice(x, 1, 2, 4));
            assertTrue(s.getMessage().contains("(2, 3)") && s.getMessage().contains("[2, 4)"), s.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.slice(x, 1, 2, 1));
            IllegalArgumentException sc = assertThrows(IllegalArgumentException.class,
                    () -> b.sliceScatter(Shape.of(3, 3), 0, 0, b.zeros(Shape.of(2, 2), DType.F32)));
            assertTrue(sc.getMessage().contains("(3, 3)") && sc.getMessage().contains("(2, 2)"), sc.getMessage());
            assertThrows(IllegalArgumentException.class, () -> b.sliceScatter(Shape.of(3, 3), 0, 2, x));
        }
    }
}
