package dev.ltx.engine;

/** Element types a {@link Tensor} can hold. */
public enum DType {
    /** 32-bit IEEE float: the compute type. */
    F32(4, true),
    /** 64-bit IEEE float: used where gradients must be checked exactly. */
    F64(8, true),
    /** 32-bit signed integer: labels and indices. */
    I32(4, false),
    /** 64-bit signed integer: labels, indices and counters. */
    I64(8, false);

    private final int bytes;
    private final boolean floating;

    DType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    /** Size of one element in bytes. */
    public int bytes() {
        return bytes;
    }

    /** Whether this is a floating-point type. */
    public boolean isFloating() {
        return floating;
    }

    /** Lower-case short name, e.g. {@code f32}. */
    public String shortName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
