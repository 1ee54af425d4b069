package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Transpose16#block} against its definition, bit for bit: every count of source rows read and
 * of rows stored (whole blocks and the staged partial ones, in an interleaved order so that both
 * paths are warm in one JVM), with and without the added term, on values that include negative
 * zeros, NaNs and infinities; nothing outside the stored rows is written.
 */
class Transpose16Test {
    private static final int SS = 37;
    private static final int DS = 41;

    @BeforeAll
    static void needsWideVectors() {
        assumeTrue(Transpose16.AVAILABLE, "no 512-bit vectors");
    }

    @Test
    void everyRowCountAndTermIsTheDefinition() {
        Random r = new Random(7);
        float[] src = new float[16 * SS + 16];
        for (int i = 0; i < src.length; i++) {
            int kind = r.nextInt(20);
            src[i] = kind == 0 ? -0f : kind == 1 ? Float.NaN : kind == 2 ? Float.NEGATIVE_INFINITY : r.nextFloat() - 0.5f;
        }
        for (int round = 0; round < 3; round++) {
            for (int rows = 0; rows <= 16; rows++) {
                for (int outRows = 0; outRows <= 16; outRows++) {
                    check(src, 16, 16, false, 0f);
                    check(src, rows, outRows, false, 0f);
                    check(src, rows, outRows, true, 0.25f);
                    check(src, rows, outRows, true, -0f);
                }
            }
        }
    }

    private static void check(float[] src, int rows, int outRows, boolean plus, float add) {
        float sentinel = 12345f;
        float[] dst = new float[3 + 16 * DS];
        Arrays.fill(dst, sentinel);
        Transpose16.block(src, 5, SS, rows, dst, 3, DS, outRows, plus, add);
        for (int i = 0; i < dst.length; i++) {
            int o = i - 3;
            int row = o < 0 ? -1 : o / DS;
            int x = o < 0 ? -1 : o % DS;
            float want = sentinel;
            if (row >= 0 && row < outRows && x < 16) {
                float v = x < rows ? src[5 + x * SS + row] : 0f;
                want = plus ? v + add : v;
            }
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(dst[i]),
                    "rows " + rows + ", outRows " + outRows + ", plus " + plus + " " + add + ": dst[" + i + "]");
        }
    }
}
