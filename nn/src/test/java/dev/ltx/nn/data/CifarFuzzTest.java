package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ltx.nn.FuzzSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the CIFAR binary batch reader and the {@code .tar.gz} extractor the CIFAR download goes
 * through: every input either parses (labels below the class count, one 3x32x32 image per
 * record; extracted members exactly as big as the archive says) or fails with
 * {@link DatasetFormatException}, within a memory bound. Seeds:
 * {@code src/test/resources/dev/ltx/nn/data/CifarFuzzTestInputs}.
 */
class CifarFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void cifar10Batch(byte[] data) throws IOException {
        Path file = FuzzSupport.file("data_batch_1.bin", data);
        long before = FuzzSupport.allocated();
        try {
            Dataset d = CifarReader.readCifar10("fuzz", List.of(file));
            assertEquals(data.length / (1 + CifarReader.IMAGE_BYTES), d.size());
            for (int i = 0; i < d.size(); i++) {
                assertTrue(d.label(i) < 10);
            }
        } catch (DatasetFormatException expected) {
            // documented
        }
        FuzzSupport.assertAllocationBounded(before, data.length, 8, "a CIFAR-10 batch");
    }

    @FuzzTest(maxDuration = "20s")
    void cifar100Batch(byte[] data) throws IOException {
        Path file = FuzzSupport.file("train.bin", data);
        long before = FuzzSupport.allocated();
        try {
            Dataset d = CifarReader.readCifar100("fuzz", List.of(file), CifarReader.Cifar100Label.FINE);
            for (int i = 0; i < d.size(); i++) {
                assertTrue(d.label(i) < 100);
            }
        } catch (DatasetFormatException expected) {
            // documented
        }
        FuzzSupport.assertAllocationBounded(before, data.length, 8, "a CIFAR-100 batch");
    }

    @FuzzTest(maxDuration = "20s")
    void tarGz(byte[] data) throws IOException {
        tar(FuzzSupport.file("fuzz.tar.gz", data), data.length, 1100);
    }

    @FuzzTest(maxDuration = "20s")
    void tarInsideValidGzip(byte[] data) throws IOException {
        tar(FuzzSupport.file("fuzz.tar.gz", IdxFuzzTest.gzip(data)), data.length, 8);
    }

    private static void tar(Path archive, int inputLength, long perByte) throws IOException {
        Path out = FuzzSupport.emptyFolder("extracted");
        Path dest = out.resolve("a.bin");
        long before = FuzzSupport.allocated();
        try {
            TarGzExtractor.extract(archive, Map.of("dir/a.bin", dest));
            assertTrue(Files.isRegularFile(dest));
        } catch (DatasetFormatException expected) {
            // documented
        }
        FuzzSupport.assertAllocationBounded(before, inputLength, perByte, "tar.gz extraction");
        try (var s = Files.list(out)) {
            assertTrue(s.allMatch(dest::equals), "only the wanted member is written");
        }
    }
}
