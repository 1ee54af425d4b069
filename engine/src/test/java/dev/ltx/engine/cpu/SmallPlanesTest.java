package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.ConvGeometry;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * {@link SmallPlanes} against the per-image {@link Im2col} it replaces, compared as raw float bits:
 * the column matrix of a group of images, and the input gradient the adjoint adds onto (a nonzero
 * starting gradient with signed zeros, so the order and the kept cells both show).
 */
class SmallPlanesTest {

    /** (n, c, h, w, kh, kw, pad h, pad w): stride 1 and same planes, which {@link SmallPlanes} needs. */
    static Stream<ConvGeometry> geometries() {
        return Stream.of(
                same(3, 2, 4, 4, 3, 3, 1, 1),
                same(5, 3, 8, 8, 3, 3, 1, 1),
                same(2, 2, 4, 4, 5, 5, 2, 2),   // taps that reach across the whole plane
                same(4, 3, 8, 8, 1, 1, 0, 0),   // pointwise
                same(3, 2, 4, 8, 3, 1, 1, 0),   // uneven kernel and plane
                same(1, 3, 2, 8, 3, 3, 1, 1));  // a plane of one vector, one image
    }

    private static ConvGeometry same(int n, int c, int h, int w, int kh, int kw, int ph, int pw) {
        return new ConvGeometry(n, c, h, w, 2, kh, kw, h + 2 * ph - kh + 1, w + 2 * pw - kw + 1, 1, 1, ph, pw);
    }

    private static float[] random(int size, long seed) {
        Random r = new Random(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = r.nextInt(7) == 0 ? (r.nextBoolean() ? -0f : 0f) : (float) r.nextGaussian();
        }
        return a;
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void lowerWritesIm2colsColumnMatrix(ConvGeometry g) {
        assertTrue(SmallPlanes.applies(g), g.toString());
        int plane = g.inPlane();
        int n0 = 1 % g.n();
        int count = g.n() - n0;
        int width = count * plane;
        float[] x = random(g.n() * g.c() * plane, 1);
        float[] expected = random(g.colRows() * width, 2);
        for (int i = 0; i < count; i++) {
            Im2col.im2col(g, x, (n0 + i) * g.c() * plane, expected, i * plane, width);
        }
        float[] masks = new float[SmallPlanes.maskSize(g)];
        SmallPlanes.masks(g, masks);
        float[] got = random(g.colRows() * width, 3);
        float[] xt = random(SmallPlanes.copySize(g, count), 4); // stale scratch must not leak in
        int split = g.c() / 2;
        SmallPlanes.lower(g, x, n0, count, got, xt, masks, 0, split);
        SmallPlanes.lower(g, x, n0, count, got, xt, masks, split, g.c());
        assertArrayEquals(bits(expected), bits(got), g.toString());
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void raiseAddsLikeCol2im(ConvGeometry g) {
        int plane = g.inPlane();
        int n0 = 1 % g.n();
        int count = g.n() - n0;
        int width = count * plane;
        float[] cols = random(g.colRows() * width, 5);
        float[] expected = random(g.n() * g.c() * plane, 6);
        float[] got = expected.clone();
        for (int i = 0; i < count; i++) {
            Im2col.col2im(g, cols.clone(), i * plane, width, expected, (n0 + i) * g.c() * plane);
        }
        float[] masks = new float[SmallPlanes.maskSize(g)];
        SmallPlanes.masks(g, masks);
        float[] gxt = random(SmallPlanes.copySize(g, count), 7);
        int split = (g.c() + 1) / 2;
        SmallPlanes.raise(g, cols, n0, count, got, gxt, masks, 0, split);
        SmallPlanes.raise(g, cols, n0, count, got, gxt, masks, split, g.c());
        assertArrayEquals(bits(expected), bits(got), g.toString());
    }

    @Test
    void appliesOnlyToStrideOneSamePlanesOfWholeVectors() {
        assertTrue(SmallPlanes.applies(same(1, 1, 4, 4, 3, 3, 1, 1)));
        assertTrue(SmallPlanes.applies(same(1, 1, 8, 8, 3, 3, 1, 1)));
        assertFalse(SmallPlanes.applies(same(1, 1, 3, 3, 3, 3, 1, 1)), "9 cells: not whole vectors");
        assertFalse(SmallPlanes.applies(same(1, 1, 32, 32, 3, 3, 1, 1)), "large planes stay per image");
        assertFalse(SmallPlanes.applies(same(1, 1, 4, 4, 3, 3, 0, 0)), "valid padding: planes shrink");
        assertFalse(SmallPlanes.applies(new ConvGeometry(1, 1, 8, 8, 1, 3, 3, 4, 4, 2, 2, 1, 1)), "stride 2");
    }

    @Test
    void masksMarkTheTapsInsideTheImage() {
        ConvGeometry g = same(1, 1, 4, 4, 3, 3, 1, 1);
        float[] m = new float[SmallPlanes.maskSize(g)];
        SmallPlanes.masks(g, m);
        // tap (0, 0) reads the cell up and left: invalid on the first row and column
        float[] tap0 = java.util.Arrays.copyOfRange(m, 0, 16);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1}, tap0);
        float sum = 0;
        for (float v : m) sum += v;
        assertEquals(10 * 10, sum, "per axis 3 + 4 + 3 valid positions of the three kernel offsets");
    }
}
