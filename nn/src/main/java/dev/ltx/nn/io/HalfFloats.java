package dev.ltx.nn.io;

/** Exact widening of IEEE binary16 (F16) and bfloat16 (BF16) bit patterns to float. */
final class HalfFloats {
    private HalfFloats() {
    }

    /** The float equal to the binary16 value with bits {@code h} (low 16 bits used). */
    static float f16ToFloat(int h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            // Infinity (mant == 0) or NaN; the payload moves to the top of the float mantissa.
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // Zero or subnormal: mant * 2^-24, exactly representable as a normal float.
            float magnitude = mant * 0x1p-24f;
            return Float.intBitsToFloat(sign | Float.floatToRawIntBits(magnitude));
        }
        // Normal: rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** The float whose upper 16 bits are {@code h} (bfloat16 is a truncated float). */
    static float bf16ToFloat(int h) {
        return Float.intBitsToFloat((h & 0xffff) << 16);
    }
}
