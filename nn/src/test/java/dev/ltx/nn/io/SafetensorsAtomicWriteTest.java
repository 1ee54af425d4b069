package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsAtomicWriteTest {
    private final Backend cpu = CpuBackend.reference();

    @TempDir
    Path dir;

    /** A tensor whose host copy fails, as a lost device would, after the header is written. */
    private Tensor failingTensor(Tensor good) {
        Backend failing = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("to")) throw new IllegalStateException("device lost");
                    try {
                        return method.invoke(cpu, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new Tensor(good.shape(), DType.F32, failing, good.storage());
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void failureMidWayLeavesTheOldFileUntouchedAndNoTempFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, Map.of("w", cpu.fromFloats(new float[] {1, 2, 3}, Shape.of(3))), Map.of("v", "1"));
        byte[] before = Files.readAllBytes(file);

        Map<String, Tensor> next = new LinkedHashMap<>();
        // Large enough that some data is already in the temp file when the second tensor fails.
        next.put("a", cpu.fromFloats(new float[300_000], Shape.of(300_000)));
        next.put("b", failingTensor(cpu.fromFloats(new float[] {9, 9}, Shape.of(2))));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SafetensorsWriter.write(file, next, Map.of("v", "2")));
        assertEquals("device lost", e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(file), "old checkpoint untouched");
        assertEquals(List.of(file), listing(), "temporary file removed");
        assertEquals("1", SafetensorsReader.read(file, cpu).metadata().get("v"));
    }

    @Test
    void failureWithoutAnOldFileLeavesNothing() throws Exception {
        Path file = dir.resolve("fresh.safetensors");
        assertThrows(IllegalStateException.class, () -> SafetensorsWriter.write(file,
                Map.of("b", failingTensor(cpu.fromFloats(new float[] {1}, Shape.of(1))))));
        assertEquals(List.of(), listing());
    }

    @Test
    void successfulWriteReplacesTheOldFile() throws Exception {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, Map.of("w", cpu.fromFloats(new float[] {1}, Shape.of(1))));
        SafetensorsWriter.write(file, Map.of("w", cpu.fromFloats(new float[] {2, 3}, Shape.of(2))));
        assertArrayEquals(new float[] {2, 3}, SafetensorsReader.read(file, cpu).get("w").toFloats());
        assertEquals(List.of(file), listing());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)), "not the owner-only mode of temp files");
        }
    }
}
