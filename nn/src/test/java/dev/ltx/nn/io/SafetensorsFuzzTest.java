package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.FuzzSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fuzzes the safetensors reader: every input either reads into tensors that survive a write/read
 * round trip unchanged, or fails with {@link SafetensorsException} (the reader's documented error),
 * allocating no more than a small multiple of the file's size. Seeds:
 * {@code src/test/resources/dev/ltx/nn/io/SafetensorsFuzzTestInputs}.
 */
class SafetensorsFuzzTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.REFERENCE, 1);

    @FuzzTest(maxDuration = "20s")
    void wholeFile(byte[] data) throws IOException {
        Path file = FuzzSupport.file("fuzz.safetensors", data);
        long before = FuzzSupport.allocated();
        Checkpoint c;
        try {
            c = SafetensorsReader.read(file, CPU);
        } catch (SafetensorsException expected) {
            FuzzSupport.assertAllocationBounded(before, data.length, 16, "a refused file");
            return;
        }
        // F16/BF16 widen 2x to F32, and the backend keeps a copy: a few times the file at most
        FuzzSupport.assertAllocationBounded(before, data.length, 16, "a read file");
        Path again = FuzzSupport.file("again.safetensors", new byte[0]);
        SafetensorsWriter.write(again, c.tensors(), c.metadata());
        Checkpoint back = SafetensorsReader.read(again, CPU);
        assertEquals(c.metadata(), back.metadata());
        assertEquals(c.tensors().keySet(), back.tensors().keySet());
        for (Map.Entry<String, Tensor> e : c.tensors().entrySet()) {
            Tensor b = back.tensors().get(e.getKey());
            assertEquals(e.getValue().shape(), b.shape());
            assertEquals(e.getValue().dtype(), b.dtype());
            assertArrayEquals(e.getValue().toDoubles(), b.toDoubles());
        }
    }

    @FuzzTest(maxDuration = "20s")
    void header(byte[] json) {
        long before = FuzzSupport.allocated();
        try {
            SafetensorsHeader.Parsed p = SafetensorsHeader.parse(Path.of("fuzz.safetensors"), json, 1L << 20);
            for (SafetensorsHeader.Entry e : p.entries()) {
                // the parser's own validation: every entry fits the data buffer and matches its shape
                if (e.begin() < 0 || e.end() > (1L << 20) || e.end() - e.begin()
                        != (long) e.shape().numel() * e.dtype().bytes()) {
                    throw new AssertionError("accepted an inconsistent entry " + e);
                }
            }
        } catch (SafetensorsException expected) {
            // documented
        }
        FuzzSupport.assertAllocationBounded(before, json.length, 64, "header parsing");
    }
}
