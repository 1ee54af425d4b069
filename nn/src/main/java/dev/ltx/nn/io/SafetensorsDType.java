package dev.ltx.nn.io;

import dev.ltx.engine.DType;

/** The safetensors dtypes ltx reads; F16 and BF16 are widened to F32 on reading. */
enum SafetensorsDType {
    F16(2, DType.F32),
    BF16(2, DType.F32),
    F32(4, DType.F32),
    F64(8, DType.F64),
    I32(4, DType.I32),
    I64(8, DType.I64);

    private final int bytes;
    private final DType target;

    SafetensorsDType(int bytes, DType target) {
        this.bytes = bytes;
        this.target = target;
    }

    /** Bytes per element in the file. */
    int bytes() {
        return bytes;
    }

    /** The engine dtype a tensor of this type is loaded as. */
    DType target() {
        return target;
    }

    /** The file dtype an engine tensor is written as (always lossless). */
    static SafetensorsDType of(DType dtype) {
        return switch (dtype) {
            case F32 -> F32;
            case F64 -> F64;
            case I32 -> I32;
            case I64 -> I64;
        };
    }

    /** The dtype named {@code name} in a header, or null when ltx does not read it. */
    static SafetensorsDType parse(String name) {
        for (SafetensorsDType d : values()) {
            if (d.name().equals(name)) return d;
        }
        return null;
    }
}
