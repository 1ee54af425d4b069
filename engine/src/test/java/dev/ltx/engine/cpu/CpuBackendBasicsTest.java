package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CpuBackendBasicsTest {
    private final CpuBackend b = CpuBackend.reference();

    @Test
    void creationCopiesItsInput() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = b.fromFloats(data, Shape.of(2, 3));
        data[0] = 99;
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toFloats());
        assertEquals(DType.F32, t.dtype());
        assertEquals(Shape.of(2, 3), t.shape());
        assertEquals(Device.CPU, t.device());
        float[] out = t.toFloats();
        out[1] = 42;
        assertEquals(2f, t.toFloats()[1], "toFloats must return a copy");
        assertEquals(DType.F64, b.fromDoubles(new double[] {1}, Shape.of(1)).dtype());
        assertEquals(DType.I32, b.fromInts(new int[] {1}, Shape.of(1)).dtype());
        assertEquals(DType.I64, b.fromLongs(new long[] {1}, Shape.of(1)).dtype());
    }

    @Test
    void creationRejectsWrongLengthsNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.fromFloats(new float[5], Shape.of(2, 3)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.fromLongs(new long[2], Shape.scalar()));
    }

    @Test
    void conversionsTruncateTowardZero() {
        Tensor t = b.fromDoubles(new double[] {1.9, -1.9, 2.5, -0.5}, Shape.of(4));
        assertArrayEquals(new int[] {1, -1, 2, 0}, b.toInts(t));
        assertArrayEquals(new long[] {1, -1, 2, 0}, b.toLongs(t));
        assertArrayEquals(new float[] {1.9f, -1.9f, 2.5f, -0.5f}, b.toFloats(t));
        Tensor i = b.fromLongs(new long[] {3, -4}, Shape.of(2));
        assertArrayEquals(new double[] {3, -4}, i.toDoubles());
        assertEquals(-4.0, b.slice(i, 0, 1, 2).item());
    }

    @Test
    void toFloatsIntoACallerArrayConvertsAndLeavesTheRestAlone() {
        float[] dst = {7, 7, 7, 7, 7};
        b.fromDoubles(new double[] {1.5, -2.25, 1e-50}, Shape.of(3)).toFloats(dst);
        assertArrayEquals(new float[] {1.5f, -2.25f, (float) 1e-50, 7, 7}, dst);
        b.fromInts(new int[] {-3, 4}, Shape.of(2)).toFloats(dst);
        assertArrayEquals(new float[] {-3, 4, (float) 1e-50, 7, 7}, dst);
        Tensor f = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        float[] exact = new float[6];
        f.toFloats(exact);
        assertArrayEquals(f.toFloats(), exact);
        exact[0] = 99;
        assertEquals(1f, f.toFloats()[0], "the caller's array is a copy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.toFloats(new float[5]));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("length 5"), e.getMessage());
    }

    @Test
    void castMakesAnIndependentConvertedCopy() {
        Tensor f = b.fromFloats(new float[] {1.5f, -2.75f}, Shape.of(2));
        for (DType dt : DType.values()) {
            Tensor c = b.cast(f, dt);
            assertEquals(dt, c.dtype());
            assertEquals(f.shape(), c.shape());
            assertNotSame(f.storage(), c.storage());
        }
        assertArrayEquals(new double[] {1.5, -2.75}, b.cast(f, DType.F64).toDoubles());
        assertArrayEquals(new long[] {1, -2}, b.cast(f, DType.I64).toLongs());
        Tensor same = b.cast(f, DType.F32);
        b.fill(same, 0);
        assertArrayEquals(new float[] {1.5f, -2.75f}, f.toFloats(), "cast to the same dtype must copy");
    }

    @Test
    void copyIntoAndFill() {
        Tensor src = b.fromInts(new int[] {1, 2, 3}, Shape.of(3));
        Tensor dst = b.zeros(Shape.of(3), DType.I32);
        b.copyInto(dst, src);
        assertArrayEquals(new long[] {1, 2, 3}, dst.toLongs());
        b.fill(dst, 7.9);
        assertArrayEquals(new long[] {7, 7, 7}, dst.toLongs());
        assertArrayEquals(new long[] {1, 2, 3}, src.toLongs());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> b.copyInto(b.zeros(Shape.of(4), DType.I32), src));
        assertTrue(shape.getMessage().contains("(4,)") && shape.getMessage().contains("(3,)"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.copyInto(b.zeros(Shape.of(3), DType.I64), src));
        Tensor copy = b.copy(src);
        b.fill(copy, -1);
        assertArrayEquals(new long[] {1, 2, 3}, src.toLongs());
        assertArrayEquals(new double[] {2.5, 2.5}, b.full(Shape.of(2), DType.F64, 2.5).toDoubles());
        assertArrayEquals(new float[] {0, 0}, b.zeros(Shape.of(1, 2), DType.F32).toFloats());
    }

    @Test
    void reshapeSharesStorageAndChecksSize() {
        Tensor x = b.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        Tensor y = b.reshape(x, Shape.of(3, 2));
        assertEquals(Shape.of(3, 2), y.shape());
        b.fill(y, 0);
        assertArrayEquals(new float[6], x.toFloats(), "reshape is a view");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.reshape(x, Shape.of(4, 2)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 2)"), e.getMessage());
        assertEquals(1.0, b.reshape(b.fromDoubles(new double[] {1}, Shape.of(1, 1)), Shape.scalar()).item());
    }

    @Test
    void namesAndModes() {
        try (CpuBackend fast = new CpuBackend(CpuBackend.Mode.FAST, 2)) {
            assertEquals("cpu-fast(2 threads)", fast.name());
            assertEquals(CpuBackend.Mode.FAST, fast.mode());
            assertEquals(2, fast.pool().threads());
        }
        assertEquals(CpuBackend.Mode.REFERENCE, b.mode());
        assertEquals(Device.CPU, b.device());
        assertThrows(IllegalArgumentException.class, () -> new CpuBackend(CpuBackend.Mode.FAST, 0));
    }

    @Test
    void dotSumsWidenedProductsInIndexOrderForEveryDtypePair() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 10_001;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-6, 7)));
            y[i] = (float) rnd.nextGaussian();
        }
        double expected = 0;
        float inFloat = 0;
        for (int i = 0; i < n; i++) {
            expected += (double) x[i] * (double) y[i];
            inFloat += x[i] * y[i];
        }
        assertTrue(expected != inFloat, "the data tells a double sum from a float one");
        Tensor a = b.fromFloats(x, Shape.of(n));
        Tensor c = b.fromFloats(y, Shape.of(n));
        CpuBackend fast = new CpuBackend(CpuBackend.Mode.FAST, 2);
        assertEquals(expected, b.dot(a, c));
        assertEquals(expected, fast.dot(fast.fromFloats(x, Shape.of(n)), fast.fromFloats(y, Shape.of(n))));
        double squares = 0;
        for (float v : x) {
            squares += (double) v * (double) v;
        }
        assertEquals(squares, b.dot(a, a));
        double[] yd = new double[n];
        for (int i = 0; i < n; i++) {
            yd[i] = y[i];
        }
        assertEquals(expected, b.dot(a, b.fromDoubles(yd, Shape.of(n))), "F32 with F64");
        assertEquals(expected, b.dot(b.fromDoubles(yd, Shape.of(n)), a), "F64 with F32");
        assertThrows(IllegalArgumentException.class, () -> b.dot(a, b.fromFloats(new float[n - 1], Shape.of(n - 1))));
    }
}
