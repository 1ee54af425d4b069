package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Compare;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Convolution: the reference on hand-computed values, and the fast F32 path against the reference. */
class CpuConvOpsTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final CpuBackend FAST = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);

    @AfterAll
    static void close() {
        REF.close();
        FAST.close();
        FAST1.close();
    }

    /** One convolution geometry: input (n, c, h, w), weight (o, c, kh, kw). */
    record Case(int n, int c, int h, int w, int o, int kh, int kw, Conv2dParams p) {
        Shape x() {
            return Shape.of(n, c, h, w);
        }

        Shape wt() {
            return Shape.of(o, c, kh, kw);
        }

        Shape y() {
            return Shape.of(n, o, p.outH(h, kh), p.outW(w, kw));
        }

        @Override
        public String toString() {
            return "x" + x() + " w" + wt() + " " + p;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(2, 3, 7, 9, 5, 3, 3, Conv2dParams.of(1, 1)),
                new Case(1, 1, 5, 5, 1, 3, 3, Conv2dParams.of(1, 0)),
                new Case(3, 4, 11, 13, 6, 3, 3, Conv2dParams.of(2, 1)),
                new Case(2, 3, 15, 15, 4, 7, 7, Conv2dParams.of(2, 3)),      // ResNet stem geometry
                new Case(2, 8, 6, 6, 17, 1, 1, Conv2dParams.of(1, 0)),       // pointwise, direct GEMM
                new Case(20, 3, 4, 4, 5, 1, 1, Conv2dParams.of(1, 0)),       // pointwise, grouped images
                new Case(2, 5, 7, 7, 3, 1, 1, Conv2dParams.of(2, 0)),        // ResNet downsample shortcut
                new Case(5, 3, 4, 4, 19, 3, 3, Conv2dParams.of(1, 1)),       // small plane: images grouped
                new Case(3, 2, 9, 5, 3, 2, 3, new Conv2dParams(2, 1, 0, 2)),  // asymmetric everything
                new Case(1, 2, 3, 3, 2, 3, 3, Conv2dParams.of(1, 2)),        // rows entirely in padding
                new Case(2, 1, 1, 1, 3, 1, 1, Conv2dParams.of(1, 0)),        // 1x1 image
                new Case(2, 3, 1, 5, 2, 3, 3, Conv2dParams.of(1, 1)),        // "same" padding, one row
                new Case(2, 2, 4, 1, 2, 3, 3, Conv2dParams.of(1, 1)),        // "same" padding, one column
                new Case(1, 2, 2, 2, 3, 5, 5, Conv2dParams.of(1, 2)),        // shift as wide as the image
                new Case(2, 3, 6, 7, 4, 3, 5, new Conv2dParams(1, 1, 0, 2)),  // "same" horizontally only
                new Case(37, 2, 3, 5, 3, 3, 3, Conv2dParams.of(1, 1)),       // ragged last image group
                new Case(10, 2, 16, 16, 3, 3, 3, Conv2dParams.of(1, 1)),     // several single-image groups per task
                new Case(40, 2, 8, 8, 3, 3, 3, Conv2dParams.of(1, 1)),       // several multi-image groups per task
                new Case(21, 2, 16, 16, 3, 3, 3, Conv2dParams.of(1, 1)),     // weight gradient: more groups than partial sums, ragged
                new Case(1, 40, 16, 16, 4, 3, 3, Conv2dParams.of(1, 1)),     // one image: im2col split over channels
                new Case(37, 3, 4, 4, 5, 3, 3, Conv2dParams.of(1, 1)),       // small planes: ragged last group
                new Case(2, 160, 4, 4, 3, 3, 3, Conv2dParams.of(1, 1)),      // small planes split over channels
                new Case(3, 2, 4, 4, 3, 5, 5, Conv2dParams.of(1, 2)),        // small planes, shift as wide as the image
                new Case(6, 3, 8, 8, 4, 1, 1, Conv2dParams.of(1, 0)),        // small planes, pointwise in groups
                new Case(2, 2, 12, 10, 3, 5, 5, Conv2dParams.of(1, 2)),      // per-image "same" 5x5: two wrapped columns
                new Case(66, 128, 4, 4, 128, 3, 3, Conv2dParams.of(1, 1)),   // deep 4x4: TapConv, two image groups
                new Case(3, 8, 16, 16, 16, 3, 3, Conv2dParams.of(1, 1)),     // 16-wide rows: DirectConv both ways
                new Case(1, 3, 4, 32, 24, 3, 3, Conv2dParams.of(1, 1)),      // DirectConv forward, one image over channel blocks
                new Case(3, 128, 8, 8, 130, 3, 3, Conv2dParams.of(1, 1)));   // deep 8x8: TapConv, weight through im2col
    }

    static Tensor random(CpuBackend b, Shape s, Rng rng) {
        float[] d = new float[s.numel()];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return b.fromFloats(d, s);
    }

    static void assertClose(Tensor ref, Tensor got, double atol, double rtol, String what) {
        Compare.Result r = Compare.tensors(ref, got, atol, rtol);
        assertTrue(r.ok(), () -> what + ": " + r);
    }

    @Test
    void referenceMatchesHandComputedValues() {
        Tensor x = REF.fromDoubles(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, Shape.of(1, 1, 3, 3));
        Tensor w = REF.fromDoubles(new double[] {1, 2, 3, 4}, Shape.of(1, 1, 2, 2));
        Tensor bias = REF.fromDoubles(new double[] {0.5}, Shape.of(1));
        Tensor y = REF.conv2d(x, w, bias, Conv2dParams.of(1, 0));
        assertEquals(Shape.of(1, 1, 2, 2), y.shape());
        assertArrayEquals(new double[] {37.5, 47.5, 67.5, 77.5}, y.toDoubles(), 0.0);
        // stride 2, padding 1: each window sees the 3x3 image through a zero border
        Tensor z = REF.conv2d(x, w, null, Conv2dParams.of(2, 1));
        assertArrayEquals(new double[] {4, 18, 36, 77}, z.toDoubles(), 0.0);
        // input gradient of y for gradOut = 1: how many times each cell is read, weighted
        Tensor gx = REF.conv2dBackwardInput(REF.full(Shape.of(1, 1, 2, 2), DType.F64, 1.0), w, x.shape(),
                Conv2dParams.of(1, 0));
        assertArrayEquals(new double[] {1, 3, 2, 4, 10, 6, 3, 7, 4}, gx.toDoubles(), 0.0);
        Tensor gw = REF.conv2dBackwardWeight(REF.full(Shape.of(1, 1, 2, 2), DType.F64, 1.0), x, w.shape(),
                Conv2dParams.of(1, 0));
        assertArrayEquals(new double[] {12, 16, 24, 28}, gw.toDoubles(), 0.0);
        assertArrayEquals(new double[] {230}, REF.conv2dBackwardBias(y).toDoubles(), 0.0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastMatchesReference(Case k) {
        Rng rng = new Rng(k.hashCode());
        Tensor x = random(FAST, k.x(), rng);
        Tensor w = random(FAST, k.wt(), rng);
        Tensor bias = random(FAST, Shape.of(k.o()), rng);
        Tensor gy = random(FAST, k.y(), rng);
        Tensor x64 = REF.cast(x, DType.F64);
        Tensor w64 = REF.cast(w, DType.F64);
        Tensor gy64 = REF.cast(gy, DType.F64);
        assertClose(REF.conv2d(x64, w64, REF.cast(bias, DType.F64), k.p()), FAST.conv2d(x, w, bias, k.p()),
                1e-4, 1e-4, "forward with bias");
        assertClose(REF.conv2d(x64, w64, null, k.p()), FAST.conv2d(x, w, null, k.p()), 1e-4, 1e-4, "forward");
        assertClose(REF.conv2dBackwardInput(gy64, w64, k.x(), k.p()), FAST.conv2dBackwardInput(gy, w, k.x(), k.p()),
                1e-4, 1e-4, "backward input");
        assertClose(REF.conv2dBackwardWeight(gy64, x64, k.wt(), k.p()),
                FAST.conv2dBackwardWeight(gy, x, k.wt(), k.p()), 2e-4, 1e-4, "backward weight");
        assertClose(REF.conv2dBackwardBias(gy64), FAST.conv2dBackwardBias(gy), 1e-4, 1e-5, "backward bias");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneAndTwoThreadsAreBitIdentical(Case k) {
        Rng rng = new Rng(31 * k.hashCode() + 7);
        Tensor x = random(FAST, k.x(), rng);
        Tensor w = random(FAST, k.wt(), rng);
        Tensor bias = random(FAST, Shape.of(k.o()), rng);
        Tensor gy = random(FAST, k.y(), rng);
        assertArrayEquals(FAST1.conv2d(x, w, bias, k.p()).toFloats(), FAST.conv2d(x, w, bias, k.p()).toFloats());
        assertArrayEquals(FAST1.conv2dBackwardInput(gy, w, k.x(), k.p()).toFloats(),
                FAST.conv2dBackwardInput(gy, w, k.x(), k.p()).toFloats());
        assertArrayEquals(FAST1.conv2dBackwardWeight(gy, x, k.wt(), k.p()).toFloats(),
                FAST.conv2dBackwardWeight(gy, x, k.wt(), k.p()).toFloats());
        assertArrayEquals(FAST1.conv2dBackwardBias(gy).toFloats(), FAST.conv2dBackwardBias(gy).toFloats());
    }

    @Test
    void f64InFastModeTakesTheReferencePath() {
        Case k = new Case(2, 3, 6, 5, 4, 3, 3, Conv2dParams.of(1, 1));
        Rng rng = new Rng(5);
        Tensor x = REF.cast(random(REF, k.x(), rng), DType.F64);
        Tensor w = REF.cast(random(REF, k.wt(), rng), DType.F64);
        Tensor y = FAST.conv2d(x, w, null, k.p());
        assertEquals(DType.F64, y.dtype());
        assertArrayEquals(REF.conv2d(x, w, null, k.p()).toDoubles(), y.toDoubles(), 0.0);
    }

    @Test
    void emptyBatchGivesEmptyOutputsAndZeroWeightGradient() {
        for (CpuBackend b : new CpuBackend[] {REF, FAST}) {
            Tensor x = b.zeros(Shape.of(0, 2, 5, 5), DType.F32);
            Tensor w = b.full(Shape.of(3, 2, 3, 3), DType.F32, 1.0);
            Tensor y = b.conv2d(x, w, null, Conv2dParams.of(1, 1));
            assertEquals(Shape.of(0, 3, 5, 5), y.shape());
            Tensor gw = b.conv2dBackwardWeight(y, x, w.shape(), Conv2dParams.of(1, 1));
            assertArrayEquals(new float[w.numel()], gw.toFloats(), b.name());
            assertArrayEquals(new float[3], b.conv2dBackwardBias(y).toFloats(), b.name());
        }
    }

    @Test
    void badShapesThrowNamingBothShapes() {
        Tensor x = FAST.zeros(Shape.of(2, 3, 8, 8), DType.F32);
        Tensor w = FAST.zeros(Shape.of(4, 5, 3, 3), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FAST.conv2d(x, w, null, Conv2dParams.of(1, 1)));
        assertTrue(e.getMessage().contains("(2, 3, 8, 8)") && e.getMessage().contains("(4, 5, 3, 3)"), e.getMessage());

        Tensor w3 = FAST.zeros(Shape.of(4, 3, 3, 3), DType.F32);
        Tensor badBias = FAST.zeros(Shape.of(5), DType.F32);
        e = assertThrows(IllegalArgumentException.class, () -> FAST.conv2d(x, w3, badBias, Conv2dParams.of(1, 1)));
        assertTrue(e.getMessage().contains(Shape.of(5).toString()) && e.getMessage().contains("(4, 3, 3, 3)"), e.getMessage());

        Tensor gy = FAST.zeros(Shape.of(2, 4, 7, 8), DType.F32);
        e = assertThrows(IllegalArgumentException.class,
                () -> FAST.conv2dBackwardInput(gy, w3, x.shape(), Conv2dParams.of(1, 1)));
        assertTrue(e.getMessage().contains("(2, 4, 7, 8)") && e.getMessage().contains("(2, 4, 8, 8)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> REF.conv2dBackwardWeight(gy, x, w3.shape(), Conv2dParams.of(1, 1)));
        assertTrue(e.getMessage().contains("(2, 4, 7, 8)") && e.getMessage().contains("(2, 3, 8, 8)"), e.getMessage());

        Tensor big = FAST.zeros(Shape.of(1, 3, 9, 9), DType.F32);
        e = assertThrows(IllegalArgumentException.class, () -> FAST.conv2d(x, big, null, Conv2dParams.of(1, 0)));
        assertTrue(e.getMessage().contains("(2, 3, 8, 8)") && e.getMessage().contains("(1, 3, 9, 9)"), e.getMessage());
    }
}
