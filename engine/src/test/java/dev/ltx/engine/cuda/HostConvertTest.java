package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Host-side conversions of downloaded data follow Java's casts element by element (no GPU needed). */
class HostConvertTest {
    @Test
    void floatsSaturateAndTruncateLikeJavaCasts() {
        float[] f = {3e9f, -3e9f, Float.NaN, -1.7f, 2.9f};
        assertArrayEquals(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1, 2}, HostConvert.toInts(f));
        assertArrayEquals(new long[] {3_000_000_000L, -3_000_000_000L, 0, -1, 2}, HostConvert.toLongs(f));
    }

    @Test
    void longsRoundOnceToFloatAndWrapToInt() {
        long big = (1L << 53) + 1 + (1L << 30);
        assertArrayEquals(new float[] {(float) big}, HostConvert.toFloats(new long[] {big}));
        assertArrayEquals(new int[] {(int) big}, HostConvert.toInts(new long[] {big}));
        assertArrayEquals(new double[] {1, -2}, HostConvert.toDoubles(new int[] {1, -2}));
    }
}
