package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    @Test
    void everyFiniteF16MatchesTheDefiningFormula() {
        for (int h = 0; h < 0x10000; h++) {
            int exp = (h >>> 10) & 0x1f;
            if (exp == 0x1f) continue;
            int mant = h & 0x3ff;
            double sign = (h & 0x8000) != 0 ? -1 : 1;
            double expected = exp == 0
                    ? sign * mant * Math.pow(2, -24)
                    : sign * Math.pow(2, exp - 15) * (1 + mant / 1024.0);
            float got = HalfFloats.f16ToFloat(h);
            assertEquals(expected, got, 0.0, "bits 0x" + Integer.toHexString(h));
            assertEquals((h & 0x8000) != 0, (Float.floatToRawIntBits(got) & 0x80000000) != 0,
                    "sign of 0x" + Integer.toHexString(h));
        }
    }

    @Test
    void f16Specials() {
        assertEquals(Float.POSITIVE_INFINITY, HalfFloats.f16ToFloat(0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.f16ToFloat(0xfc00));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat(0x7e00)));
        assertTrue(Float.isNaN(HalfFloats.f16ToFloat(0x7c01)), "signalling-pattern NaN stays NaN");
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(HalfFloats.f16ToFloat(0x8000)));
        assertEquals(65504f, HalfFloats.f16ToFloat(0x7bff));
        assertEquals(0x1p-14f, HalfFloats.f16ToFloat(0x0400), "smallest normal");
        assertEquals(0x3ffp-24f, HalfFloats.f16ToFloat(0x03ff), "largest subnormal");
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() {
        assertEquals(1f, HalfFloats.bf16ToFloat(0x3f80));
        assertEquals(-3.5f, HalfFloats.bf16ToFloat(0xc060));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.bf16ToFloat(0xff80));
        assertTrue(Float.isNaN(HalfFloats.bf16ToFloat(0x7fc0)));
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(HalfFloats.bf16ToFloat(0x8000)));
    }
}
