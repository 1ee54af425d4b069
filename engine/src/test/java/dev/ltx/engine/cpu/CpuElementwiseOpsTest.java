package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CpuElementwiseOpsTest {
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

    // ------------------------------------------------------------ reference, hand-computed

    @Test
    void referenceUnaryMatchesHandValues() {
        Tensor x = REF.fromDoubles(new double[] {-2, 0, 0.25, 4}, Shape.of(2, 2));
        assertArrayEquals(new double[] {0, 0, 0.25, 4}, REF.unary(UnaryOp.RELU, x).toDoubles());
        assertArrayEquals(new double[] {0, 0, 1, 1}, REF.unary(UnaryOp.RELU_MASK, x).toDoubles());
        assertArrayEquals(new double[] {2, 0, 0.25, 4}, REF.unary(UnaryOp.ABS, x).toDoubles());
        assertArrayEquals(new double[] {4, 0, 0.0625, 16}, REF.unary(UnaryOp.SQUARE, x).toDoubles());
        assertArrayEquals(new double[] {-0.5, Double.POSITIVE_INFINITY, 4, 0.25},
                REF.unary(UnaryOp.RECIPROCAL, x).toDoubles());
        assertArrayEquals(new double[] {2, -0.0, -0.25, -4}, REF.unary(UnaryOp.NEG, x).toDoubles());
        Tensor y = REF.fromFloats(new float[] {1, 4}, Shape.of(2));
        Tensor s = REF.unary(UnaryOp.SQRT, y);
        assertEquals(DType.F32, s.dtype());
        assertArrayEquals(new float[] {1, 2}, s.toFloats());
        assertEquals(Math.exp(1), REF.unary(UnaryOp.EXP, REF.fromDoubles(new double[] {1}, Shape.of(1))).item());
    }

    @Test
    void referenceBinaryBroadcastsLikeNumpy() {
        Tensor a = REF.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(2, 3));
        Tensor row = REF.fromDoubles(new double[] {10, 20, 30}, Shape.of(3));
        Tensor col = REF.fromDoubles(new double[] {100, 200}, Shape.of(2, 1));
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, REF.binary(BinaryOp.ADD, a, row).toDoubles());
        assertArrayEquals(new double[] {99, 98, 97, 196, 195, 194}, REF.binary(BinaryOp.SUB, col, a).toDoubles());
        Tensor outer = REF.binary(BinaryOp.MUL, col, row);
        assertEquals(Shape.of(2, 3), outer.shape());
        assertArrayEquals(new double[] {1000, 2000, 3000, 2000, 4000, 6000}, outer.toDoubles());
        Tensor scalar = REF.fromDoubles(new double[] {2}, Shape.scalar());
        assertArrayEquals(new double[] {0.5, 1, 1.5, 2, 2.5, 3}, REF.binary(BinaryOp.DIV, a, scalar).toDoubles());
        assertArrayEquals(new double[] {3, 3, 3, 4, 5, 6}, REF.binary(BinaryOp.MAX, a,
                REF.fromDoubles(new double[] {3}, Shape.of(1, 1))).toDoubles());
        assertArrayEquals(new double[] {1, 2, 3, 3, 3, 3}, REF.binary(BinaryOp.MIN, a,
                REF.fromDoubles(new double[] {3}, Shape.of(1))).toDoubles());
    }

    @Test
    void referenceScalarOpsAndAxpby() {
        Tensor x = REF.fromFloats(new float[] {1, -2, 3}, Shape.of(3));
        assertArrayEquals(new float[] {2.5f, -5, 7.5f}, REF.scale(x, 2.5).toFloats());
        assertArrayEquals(new float[] {0.5f, -2.5f, 2.5f}, REF.addScalar(x, -0.5).toFloats());
        Tensor y = REF.fromFloats(new float[] {10, 20, 30}, Shape.of(3));
        REF.axpby(2, x, 0.5, y);
        assertArrayEquals(new float[] {7, 6, 21}, y.toFloats());
        Tensor z = REF.fromDoubles(new double[] {1, 1}, Shape.of(2));
        REF.axpy(-1, REF.fromDoubles(new double[] {0.5, 2}, Shape.of(2)), z);
        assertArrayEquals(new double[] {0.5, -1}, z.toDoubles());
    }

    // ------------------------------------------------------------ errors

    @Test
    void badShapesAndDtypesNameBothShapes() {
        for (CpuBackend b : new CpuBackend[] {REF, FAST}) {
            Tensor a = b.zeros(Shape.of(2, 3), DType.F32);
            Tensor c = b.zeros(Shape.of(4, 3), DType.F32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.binary(BinaryOp.ADD, a, c));
            assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 3)"), e.getMessage());
            IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                    () -> b.binary(BinaryOp.MUL, a, b.zeros(Shape.of(3), DType.F64)));
            assertTrue(d.getMessage().contains("(2, 3)") && d.getMessage().contains("(3,)"), d.getMessage());
            IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                    () -> b.axpby(1, a, 1, b.zeros(Shape.of(3, 2), DType.F32)));
            assertTrue(f.getMessage().contains("(2, 3)") && f.getMessage().contains("(3, 2)"), f.getMessage());
        }
    }

    // ------------------------------------------------------------ fast vs reference

    private static final Shape[] SHAPES = {
        Shape.of(1), Shape.of(7), Shape.of(16), Shape.of(33), Shape.of(3, 17), Shape.of(2, 3, 5, 7),
        Shape.scalar(), Shape.of(0, 4), Shape.of(300, 257)
    };

    @Test
    void fastUnaryMatchesReference() {
        Rng r = new Rng(11);
        for (Shape s : SHAPES) {
            float[] data = gaussian(r, s.numel());
            if (data.length > 0) data[0] = 0f;
            for (UnaryOp op : UnaryOp.values()) {
                float[] in = data.clone();
                if (op == UnaryOp.LOG || op == UnaryOp.SQRT) {
                    for (int i = 0; i < in.length; i++) in[i] = Math.abs(in[i]) + 1e-3f;
                }
                Tensor ref = REF.unary(op, REF.fromFloats(in, s));
                Tensor got = FAST.unary(op, FAST.fromFloats(in, s));
                Compare.Result c = Compare.tensors(ref, got, 1e-6, 2e-6);
                assertTrue(c.ok(), op + " " + s + ": " + c);
                assertEquals(DType.F32, got.dtype());
            }
        }
    }

    @Test
    void fastAxpbyIsTwoFloatProductsAndASumPerElement() {
        Rng r = new Rng(12);
        for (Shape s : SHAPES) {
            float[] x = gaussian(r, s.numel());
            float[] y = gaussian(r, s.numel());
            Tensor got = FAST.fromFloats(y, s);
            FAST.axpby(0.3, FAST.fromFloats(x, s), -1.7, got);
            Tensor ref = REF.fromFloats(y, s);
            REF.axpby(0.3, REF.fromFloats(x, s), -1.7, ref);
            float[] g = got.toFloats();
            for (int i = 0; i < y.length; i++) {
                assertEquals(0.3f * x[i] + -1.7f * y[i], g[i], 0f, s + " element " + i);
            }
            Compare.Result c = Compare.tensors(ref, got, 1e-6, 2e-6);
            assertTrue(c.ok(), s + ": " + c);
        }
    }

    @Test
    void fastReluBackwardIsTheMaskTimesTheGradientBitForBit() {
        Rng r = new Rng(13);
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, -1, 1e-40f, 2};
        for (Shape s : SHAPES) {
            float[] g = gaussian(r, s.numel());
            float[] x = gaussian(r, s.numel());
            for (int i = 0; i < g.length; i++) {
                if (i % 5 == 0) g[i] = specials[(i / 5) % specials.length];
                if (i % 7 == 0) x[i] = specials[(i / 7 + 3) % specials.length];
            }
            Tensor gt = FAST.fromFloats(g, s);
            Tensor xt = FAST.fromFloats(x, s);
            float[] fused = FAST.reluBackward(gt, xt).toFloats();
            float[] composed = FAST.binary(BinaryOp.MUL, gt, FAST.unary(UnaryOp.RELU_MASK, xt)).toFloats();
            float[] reference = REF.reluBackward(REF.fromFloats(g, s), REF.fromFloats(x, s)).toFloats();
            for (int i = 0; i < g.length; i++) {
                assertEquals(Float.floatToRawIntBits(composed[i]), Float.floatToRawIntBits(fused[i]), s + " element " + i);
                assertEquals(Float.floatToRawIntBits(reference[i]), Float.floatToRawIntBits(fused[i]), s + " element " + i);
            }
        }
    }

    @Test
    void fastUnaryKeepsSpecialValues() {
        float[] in = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.0f, 0.0f, -1, 1e-40f};
        for (UnaryOp op : UnaryOp.values()) {
            Tensor ref = REF.unary(op, REF.fromFloats(in, Shape.of(in.length)));
            Tensor got = FAST.unary(op, FAST.fromFloats(in, Shape.of(in.length)));
            Compare.Result c = Compare.tensors(ref, got, 0, 2e-6);
            assertTrue(c.ok(), op + ": " + c);
        }
    }

    /** Pairs of operand shapes covering same-shape, row, per-channel, scalar, column and general broadcasts. */
    private static final Shape[][] PAIRS = {
        {Shape.of(37), Shape.of(37)},
        {Shape.of(300, 257), Shape.of(300, 257)},
        {Shape.of(5, 33), Shape.of(33)},
        {Shape.of(33), Shape.of(5, 33)},
        {Shape.of(3, 5, 4, 7), Shape.of(1, 5, 1, 1)},
        {Shape.of(1, 5, 1, 1), Shape.of(3, 5, 4, 7)},
        {Shape.of(64, 16, 9, 9), Shape.of(16, 1, 1)},
        {Shape.of(6, 1), Shape.of(6, 19)},
        {Shape.of(6, 19), Shape.scalar()},
        {Shape.scalar(), Shape.of(6, 19)},
        {Shape.of(1), Shape.of(1)},
        {Shape.of(4, 1, 3), Shape.of(1, 5, 1)},
        {Shape.of(2, 3, 17), Shape.of(2, 1, 17)},
        {Shape.of(0, 3), Shape.of(3)},
        {Shape.of(40, 1000), Shape.of(1000)},
    };

    @Test
    void fastBinaryMatchesReferenceOnBroadcastPatterns() {
        Rng r = new Rng(12);
        for (Shape[] p : PAIRS) {
            float[] x = gaussian(r, p[0].numel());
            float[] y = gaussian(r, p[1].numel());
            for (BinaryOp op : BinaryOp.values()) {
                Tensor ref = REF.binary(op, REF.fromFloats(x, p[0]), REF.fromFloats(y, p[1]));
                Tensor got = FAST.binary(op, FAST.fromFloats(x, p[0]), FAST.fromFloats(y, p[1]));
                assertEquals(ref.shape(), got.shape(), op + " " + p[0] + " " + p[1]);
                Compare.Result c = Compare.tensors(ref, got, 1e-6, 1e-6);
                assertTrue(c.ok(), op + " " + p[0] + " with " + p[1] + ": " + c);
            }
        }
    }

    @Test
    void fastBinaryMatchesReferenceOnRandomShapes() {
        Rng r = new Rng(13);
        for (int trial = 0; trial < 60; trial++) {
            int rank = 1 + r.nextInt(4);
            int[] da = new int[rank];
            int[] db = new int[rank];
            for (int i = 0; i < rank; i++) {
                int d = 1 + r.nextInt(20);
                da[i] = r.nextInt(3) == 0 ? 1 : d;
                db[i] = r.nextInt(3) == 0 ? 1 : d;
            }
            Shape sa = Shape.of(da);
            Shape sb = Shape.of(java.util.Arrays.copyOfRange(db, r.nextInt(rank), rank));
            BinaryOp op = BinaryOp.values()[r.nextInt(BinaryOp.values().length)];
            float[] x = gaussian(r, sa.numel());
            float[] y = gaussian(r, sb.numel());
            Tensor ref = REF.binary(op, REF.fromFloats(x, sa), REF.fromFloats(y, sb));
            Tensor got = FAST.binary(op, FAST.fromFloats(x, sa), FAST.fromFloats(y, sb));
            Compare.Result c = Compare.tensors(ref, got, 1e-6, 1e-6);
            assertTrue(c.ok(), op + " " + sa + " with " + sb + ": " + c);
        }
    }

    @Test
    void fastScalarOpsAndAxpbyMatchReference() {
        Rng r = new Rng(14);
        for (Shape s : SHAPES) {
            float[] x = gaussian(r, s.numel());
            float[] y = gaussian(r, s.numel());
            Compare.Result c1 = Compare.tensors(REF.scale(REF.fromFloats(x, s), -1.7),
                    FAST.scale(FAST.fromFloats(x, s), -1.7), 1e-6, 1e-6);
            assertTrue(c1.ok(), "scale " + s + ": " + c1);
            Compare.Result c2 = Compare.tensors(REF.addScalar(REF.fromFloats(x, s), 0.3),
                    FAST.addScalar(FAST.fromFloats(x, s), 0.3), 1e-6, 1e-6);
            assertTrue(c2.ok(), "addScalar " + s + ": " + c2);
            Tensor yr = REF.fromFloats(y, s);
            Tensor yf = FAST.fromFloats(y, s);
            REF.axpby(0.9, REF.fromFloats(x, s), -0.01, yr);
            FAST.axpby(0.9, FAST.fromFloats(x, s), -0.01, yf);
            Compare.Result c3 = Compare.tensors(yr, yf, 1e-6, 1e-6);
            assertTrue(c3.ok(), "axpby " + s + ": " + c3);
        }
    }

    @Test
    void fastResultsAreIdenticalForOneAndTwoThreads() {
        Rng r = new Rng(15);
        Shape s = Shape.of(64, 32, 33);
        Shape ch = Shape.of(1, 32, 1);
        float[] x = gaussian(r, s.numel());
        float[] y = gaussian(r, ch.numel());
        assertArrayEquals(FAST1.binary(BinaryOp.MUL, FAST1.fromFloats(x, s), FAST1.fromFloats(y, ch)).toFloats(),
                FAST.binary(BinaryOp.MUL, FAST.fromFloats(x, s), FAST.fromFloats(y, ch)).toFloats());
        assertArrayEquals(FAST1.unary(UnaryOp.EXP, FAST1.fromFloats(x, s)).toFloats(),
                FAST.unary(UnaryOp.EXP, FAST.fromFloats(x, s)).toFloats());
    }
}
