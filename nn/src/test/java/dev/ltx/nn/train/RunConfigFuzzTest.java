package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ltx.nn.FuzzSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes a run folder's {@code config.json} as {@link RunFolder#config()} reads it: every input
 * either becomes a {@link TrainConfig} (which validates itself on construction) that survives a
 * JSON round trip unchanged, or fails with an {@link IOException} naming the file (malformed JSON
 * from Jackson, a missing, mistyped or out-of-range field from {@link TrainConfigJson}). Seeds:
 * {@code src/test/resources/dev/ltx/nn/train/RunConfigFuzzTestInputs}.
 */
class RunConfigFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void configJson(byte[] data) throws IOException {
        Path dir = FuzzSupport.emptyFolder("run");
        Files.write(dir.resolve(RunFolder.CONFIG), data);
        long before = FuzzSupport.allocated();
        TrainConfig c;
        try {
            c = RunFolder.open(dir).config();
        } catch (IOException expected) {
            FuzzSupport.assertAllocationBounded(before, data.length, 64, "a refused config");
            return;
        }
        assertEquals(c, TrainConfigJson.fromJson(TrainConfigJson.toJson(c)));
    }
}
