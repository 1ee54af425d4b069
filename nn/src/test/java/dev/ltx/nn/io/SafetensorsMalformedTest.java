package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file fails fast with a one-line message naming the file and the culprit. */
class SafetensorsMalformedTest {
    private final Backend b = CpuBackend.reference();

    @TempDir
    Path dir;

    private Path raw(long headerLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(headerLength).put(header);
        Path file = dir.resolve("bad.safetensors");
        Files.write(file, buf.array());
        return file;
    }

    private Path file(String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return raw(h.length, h, dataBytes);
    }

    /** Asserts reading fails with a one-line message containing the file name and every fragment. */
    private void fails(Path file, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> SafetensorsReader.read(file, b));
        String m = e.getMessage();
        assertTrue(m.contains(file.getFileName().toString()), m);
        assertFalse(m.contains("\n"), "one line: " + m);
        for (String f : fragments) assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void tooShortForTheLengthField() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Files.write(f, new byte[] {1, 0, 0});
        fails(f, "header length", "3 bytes");
        Files.write(f, new byte[0]);
        fails(f, "0 bytes");
    }

    @Test
    void hugeOrNegativeHeaderLengthIsRejectedBeforeAllocating() throws IOException {
        fails(raw(1L << 40, new byte[16], 0), "header length", "exceeds the limit");
        fails(raw(-1L, new byte[16], 0), "18446744073709551615", "exceeds the limit");
        fails(raw(SafetensorsReader.MAX_HEADER_BYTES + 1, new byte[16], 0), "exceeds the limit");
    }

    @Test
    void headerLongerThanTheFileIsTruncation() throws IOException {
        fails(raw(1000, "{}      ".getBytes(StandardCharsets.US_ASCII), 0), "1000 bytes", "truncated");
        fails(raw(1, "{".getBytes(StandardCharsets.US_ASCII), 0), "too short");
    }

    @Test
    void truncatedDataBufferNamesTheTensor() throws IOException {
        Path f = dir.resolve("ok.safetensors");
        SafetensorsWriter.write(f, Map.of("w", b.fromFloats(new float[6], Shape.of(2, 3))));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 4));
        fails(f, "tensor 'w'", "out of range", "20 bytes");
    }

    @Test
    void malformedJson() throws IOException {
        fails(file("{\"w\": {\"dtype\": ", 0), "header", "malformed JSON");
        fails(file("[1, 2]", 0), "header", "does not start with '{'");
        fails(file("{} {}", 0), "malformed JSON");
        fails(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", 8), "malformed JSON", "a");
        byte[] badUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        fails(raw(badUtf8.length, badUtf8, 0), "not valid UTF-8");
        fails(file("{\"w\": 5}", 0), "tensor 'w'", "expected an object");
    }

    @Test
    void badDtypeAndFields() throws IOException {
        fails(file("{" + entry("w", "F8_E4M3", "[2]", 0, 2) + "}", 2), "tensor 'w'", "unsupported dtype 'F8_E4M3'");
        fails(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "tensor 'w'", "'dtype'");
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", 4),
                "tensor 'w'", "unknown field 'extra'");
        fails(file("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4), "tensor 'w'", "'shape'");
        fails(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "tensor 'w'", "'data_offsets'");
        fails(file("{\"__metadata__\":{\"step\":3}}", 0), "__metadata__", "'step'", "string");
        fails(file("{\"__metadata__\":[1]}", 0), "__metadata__", "object");
    }

    @Test
    void badShapes() throws IOException {
        fails(file("{" + entry("w", "F32", "[-1]", 0, 4) + "}", 4), "tensor 'w'", "shape entry 0 is -1");
        fails(file("{" + entry("w", "F32", "[1.5]", 0, 4) + "}", 4), "tensor 'w'", "shape entry 0");
        fails(file("{" + entry("w", "F32", "[65536,65536]", 0, 4) + "}", 4), "tensor 'w'", "2^31-1");
        fails(file("{" + entry("w", "F32", "[99999999999]", 0, 4) + "}", 4), "tensor 'w'", "shape entry 0");
    }

    @Test
    void badOffsets() throws IOException {
        fails(file("{" + entry("w", "F32", "[2]", 0, 8) + "}", 4), "tensor 'w'", "out of range", "4 bytes");
        fails(file("{" + entry("w", "F32", "[0]", 8, 4) + "}", 8), "tensor 'w'", "[8, 4]");
        fails(file("{" + entry("w", "F32", "[2]", -4, 4) + "}", 8), "tensor 'w'", "non-negative");
        fails(file("{" + entry("w", "F32", "[3]", 0, 8) + "}", 8), "tensor 'w'", "span 8 bytes", "needs 12");
        fails(file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12),
                "tensor 'b'", "overlap tensor 'a'");
        fails(file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12),
                "tensor 'b'", "[4, 8) unused");
        fails(file("{" + entry("a", "F32", "[1]", 0, 4) + "}", 12), "data buffer", "12 bytes", "only 4");
        fails(file("{" + entry("a", "I64", "[1]", 4, 12) + "}", 12), "tensor 'a'", "[0, 4) unused");
    }

    @Test
    void controlCharactersInNamesAreEscaped() throws IOException {
        fails(file("{" + entry("evil\\nname", "Q4", "[1]", 0, 4) + "}", 4), "'evil\\u000aname'");
    }
}
