package dev.ltx.nn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Test helper: writes safetensors files byte by byte in any dtype (as PyTorch would save F16,
 * BF16 or F64 state dicts), from values that the dtype represents exactly.
 */
final class RawSafetensors {
    /** One tensor: dtype name, shape and values. */
    record Entry(String dtype, int[] shape, double[] values) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    RawSafetensors put(String name, String dtype, int[] shape, double... values) {
        entries.put(name, new Entry(dtype, shape, values));
        return this;
    }

    void write(Path file) throws IOException {
        StringBuilder header = new StringBuilder("{");
        ByteBuffer data = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            int begin = data.position();
            for (double v : e.getValue().values()) {
                switch (e.getValue().dtype()) {
                    case "F64" -> data.putDouble(v);
                    case "F32" -> data.putFloat((float) v);
                    case "BF16" -> data.putShort((short) (Float.floatToRawIntBits((float) v) >>> 16));
                    case "F16" -> data.putShort(f16((float) v));
                    case "I64" -> data.putLong((long) v);
                    default -> throw new IllegalArgumentException(e.getValue().dtype());
                }
            }
            if (header.length() > 1) header.append(',');
            header.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(e.getValue().dtype())
                    .append("\",\"shape\":[").append(Arrays.stream(e.getValue().shape()).mapToObj(Integer::toString)
                            .collect(Collectors.joining(","))).append("],\"data_offsets\":[").append(begin).append(',')
                    .append(data.position()).append("]}");
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.position()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data.array(), 0, data.position());
        Files.write(file, out.array());
    }

    /** binary16 bits of a float that is exactly representable as a normal binary16 value (or zero). */
    static short f16(float v) {
        if (v == 0) return 0;
        int bits = Float.floatToRawIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exp = ((bits >>> 23) & 0xff) - 127 + 15;
        int mant = (bits >>> 13) & 0x3ff;
        if (exp <= 0 || exp >= 31 || (bits & 0x1fff) != 0) {
            throw new IllegalArgumentException(v + " is not an exact normal binary16 value");
        }
        return (short) (sign | exp << 10 | mant);
    }
}
