package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    private final Backend b = CpuBackend.reference();

    @TempDir
    Path dir;

    private static int[] floatBits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = Float.floatToRawIntBits(a[i]);
        return out;
    }

    private static long[] doubleBits(double[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) out[i] = Double.doubleToRawLongBits(a[i]);
        return out;
    }

    @Test
    void everyDtypeRoundTripsBitExactInInsertionOrder() throws Exception {
        Rng rng = new Rng(7);
        float[] f = new float[37];
        for (int i = 0; i < f.length; i++) f[i] = (float) rng.nextGaussian();
        f[0] = Float.NaN;
        f[1] = -0.0f;
        f[2] = Float.POSITIVE_INFINITY;
        f[3] = Float.MIN_VALUE;
        f[4] = Float.MAX_VALUE;
        f[5] = Float.intBitsToFloat(0x7fc00123); // quiet NaN with a payload
        double[] d = new double[11];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian() * 1e200;
        d[0] = Double.NaN;
        d[1] = -0.0;
        d[2] = Double.NEGATIVE_INFINITY;
        d[3] = Double.MIN_VALUE;
        int[] ints = {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE, 123456789};
        long[] longs = {Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE, 1L << 53};

        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("z.weight", b.fromFloats(f, Shape.of(37)));
        in.put("a.double", b.fromDoubles(d, Shape.of(11, 1)));
        in.put("m.ints", b.fromInts(ints, Shape.of(2, 3)));
        in.put("b.longs", b.fromLongs(longs, Shape.of(5)));
        in.put("scalar", b.fromFloats(new float[] {3.5f}, Shape.scalar()));
        in.put("empty", b.fromFloats(new float[0], Shape.of(0, 3)));
        Path file = dir.resolve("all.safetensors");
        SafetensorsWriter.write(file, in);

        Checkpoint out = SafetensorsReader.read(file, b);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.tensors().keySet()), "insertion order kept");
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            Tensor got = out.get(e.getKey());
            assertEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertEquals(e.getValue().dtype(), got.dtype(), e.getKey());
        }
        assertArrayEquals(floatBits(f), floatBits(out.get("z.weight").toFloats()));
        assertArrayEquals(doubleBits(d), doubleBits(out.get("a.double").toDoubles()));
        assertArrayEquals(ints, b.toInts(out.get("m.ints")));
        assertArrayEquals(longs, out.get("b.longs").toLongs());
        assertEquals(3.5, out.get("scalar").item());
        assertEquals(0, out.get("empty").numel());
        assertTrue(out.metadata().isEmpty());
    }

    @Test
    void metadataRoundTripsAndHeaderIsSpacePaddedToEightBytes() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("step", "1200");
        meta.put("note", "ünïcødé \"quoted\" \n newline");
        meta.put("empty", "");
        Path file = dir.resolve("meta.safetensors");
        SafetensorsWriter.write(file, Map.of("w", b.fromFloats(new float[] {1, 2, 3}, Shape.of(3))), meta);

        Checkpoint out = SafetensorsReader.read(file, b);
        assertEquals(meta, out.metadata());
        assertEquals(List.copyOf(meta.keySet()), List.copyOf(out.metadata().keySet()));

        byte[] raw = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8, "header length " + n);
        assertEquals(8 + n + 12, raw.length);
        String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":"), header);
        assertTrue(header.stripTrailing().endsWith("}"), header);
        assertTrue(header.substring(header.stripTrailing().length()).isBlank(), "padding is spaces");
    }

    @Test
    void largeTensorCrossesChunkBoundaries() throws Exception {
        int n = (1 << 18) + 12345; // > 1 MiB of floats, not a multiple of the chunk
        float[] f = new float[n];
        Rng rng = new Rng(3);
        for (int i = 0; i < n; i++) f[i] = rng.nextFloat() - 0.5f;
        long[] l = new long[(1 << 17) + 3];
        for (int i = 0; i < l.length; i++) l[i] = rng.nextLong();
        Path file = dir.resolve("big.safetensors");
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("f", b.fromFloats(f, Shape.of(n)));
        in.put("l", b.fromLongs(l, Shape.of(l.length)));
        SafetensorsWriter.write(file, in);
        Checkpoint out = SafetensorsReader.read(file, b);
        assertArrayEquals(floatBits(f), floatBits(out.get("f").toFloats()));
        assertArrayEquals(l, out.get("l").toLongs());
    }

    @Test
    void emptyCheckpointAndOverwrite() throws Exception {
        Path file = dir.resolve("x.safetensors");
        SafetensorsWriter.write(file, Map.of());
        assertTrue(SafetensorsReader.read(file, b).tensors().isEmpty());
        assertEquals(16, Files.size(file), "8-byte length + '{}' padded to 8");
        SafetensorsWriter.write(file, Map.of("v", b.fromInts(new int[] {5}, Shape.of(1))));
        assertEquals(DType.I32, SafetensorsReader.read(file, b).get("v").dtype());
    }

    @Test
    void writerRejectsReservedName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(
                dir.resolve("r.safetensors"), Map.of("__metadata__", b.fromFloats(new float[1], Shape.of(1)))));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("r.safetensors")));
    }

    @Test
    void missingNameInCheckpointNamesIt() throws Exception {
        Path file = dir.resolve("c.safetensors");
        SafetensorsWriter.write(file, Map.of("w", b.fromFloats(new float[1], Shape.of(1))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsReader.read(file, b).get("bias"));
        assertTrue(e.getMessage().contains("'bias'") && e.getMessage().contains("[w]"), e.getMessage());
    }
}
