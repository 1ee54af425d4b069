package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointCheckTest {
    @TempDir
    Path dir;

    private static final Map<String, Shape> PARAMS = new LinkedHashMap<>(Map.of());
    private static final Map<String, Shape> BUFFERS = Map.of("bn.running_mean", Shape.of(2), "bn.num_batches_tracked",
            Shape.scalar());

    static {
        PARAMS.put("fc.weight", Shape.of(2, 3));
        PARAMS.put("bn.weight", Shape.of(2));
    }

    private Path file(RawSafetensors r) throws IOException {
        Path f = dir.resolve("c" + System.nanoTime() + ".safetensors");
        r.write(f);
        return f;
    }

    private static RawSafetensors full(String dtype) {
        return new RawSafetensors().put("fc.weight", dtype, new int[] {2, 3}, 0.5, -1.25, 2, 0.375, 0, -3)
                .put("bn.weight", dtype, new int[] {2}, 1, 0.75);
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "F16", "BF16", "F64"})
    void everyFloatingDtypeIsAcceptedAndReadExactly(String dtype) throws IOException {
        Path f = file(full(dtype).put("bn.running_mean", dtype, new int[] {2}, 0.5, 0.25)
                .put("bn.num_batches_tracked", "I64", new int[] {}, 7));
        Map<String, TensorInfo> info = CheckpointCheck.check(f, PARAMS, BUFFERS);
        assertEquals(dtype, info.get("fc.weight").dtype());
        assertEquals(Shape.of(2, 3), info.get("fc.weight").shape());
        try (CpuBackend b = CpuBackend.create()) {
            Checkpoint c = SafetensorsReader.read(f, b);
            assertEquals(dtype.equals("F64") ? DType.F64 : DType.F32, c.get("fc.weight").dtype());
            assertArrayEquals(new double[] {0.5, -1.25, 2, 0.375, 0, -3}, c.get("fc.weight").toDoubles());
        }
    }

    @Test
    void buffersMayBeAbsent() throws IOException {
        assertEquals(2, CheckpointCheck.check(file(full("F32")), PARAMS, BUFFERS).size());
    }

    @Test
    void describeReadsOnlyTheHeader() throws IOException {
        List<TensorInfo> d = SafetensorsReader.describe(file(full("BF16")));
        assertEquals(List.of(new TensorInfo("fc.weight", "BF16", Shape.of(2, 3), true),
                new TensorInfo("bn.weight", "BF16", Shape.of(2), true)), d);
    }

    @Test
    void theFirstMissingExtraOrMisShapedTensorIsNamedInOneLine() throws IOException {
        Path missing = file(new RawSafetensors().put("fc.weight", "F32", new int[] {2, 3}, 0, 0, 0, 0, 0, 0));
        assertFault(missing, "bn.weight", "is missing", "(2,)");
        Path shaped = file(new RawSafetensors().put("fc.weight", "F32", new int[] {3, 2}, 0, 0, 0, 0, 0, 0)
                .put("bn.weight", "F32", new int[] {2}, 1, 1));
        assertFault(shaped, "fc.weight", "has shape (3, 2) but the model expects (2, 3)");
        Path extra = file(full("F32").put("fc.bias", "F32", new int[] {2}, 0, 0));
        assertFault(extra, "fc.bias", "is not a parameter or buffer of the model");
        Path buffer = file(full("F32").put("bn.running_mean", "F32", new int[] {3}, 0, 0, 0));
        assertFault(buffer, "bn.running_mean", "has shape (3,)");
        Path integer = file(new RawSafetensors().put("fc.weight", "I64", new int[] {2, 3}, 0, 0, 0, 0, 0, 0)
                .put("bn.weight", "F32", new int[] {2}, 1, 1));
        assertFault(integer, "fc.weight", "has dtype I64");
    }

    private void assertFault(Path f, String tensor, String... fragments) {
        CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class,
                () -> CheckpointCheck.check(f, PARAMS, BUFFERS));
        assertEquals(tensor, e.tensor());
        assertEquals(f, e.file());
        assertTrue(e.getMessage().startsWith(f + ": tensor '" + tensor + "' "), e.getMessage());
        for (String s : fragments) {
            assertTrue(e.getMessage().contains(s), e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aCorruptFileFailsAsSafetensorsException() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        java.nio.file.Files.write(f, new byte[] {1, 0, 0, 0, 0, 0, 0, 0, '{'});
        assertThrows(SafetensorsException.class, () -> CheckpointCheck.check(f, PARAMS, BUFFERS));
    }
}
