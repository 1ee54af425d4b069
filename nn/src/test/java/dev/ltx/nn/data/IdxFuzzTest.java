package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ltx.nn.FuzzSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the IDX reader (MNIST's format), plain and gzipped: every input either reads into images
 * or labels whose sizes agree with the header, or fails with {@link DatasetFormatException}, and
 * never allocates more than the (uncompressed, at most 1032x for deflate) input allows. The
 * {@code gz} targets compress the fuzzer's bytes so that the content behind valid gzip framing is
 * explored; the raw targets also feed corrupt gzip framing. Seeds:
 * {@code src/test/resources/dev/ltx/nn/data/IdxFuzzTestInputs}.
 */
class IdxFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void images(byte[] data) throws IOException {
        readImages(FuzzSupport.file("fuzz-images.idx", data), data.length, 1100);
    }

    @FuzzTest(maxDuration = "20s")
    void labels(byte[] data) throws IOException {
        readLabels(FuzzSupport.file("fuzz-labels.idx", data), data.length, 1100);
    }

    @FuzzTest(maxDuration = "20s")
    void gzImages(byte[] data) throws IOException {
        byte[] gz = gzip(data);
        readImages(FuzzSupport.file("fuzz-images.idx.gz", gz), data.length, 8);
    }

    @FuzzTest(maxDuration = "20s")
    void gzLabels(byte[] data) throws IOException {
        byte[] gz = gzip(data);
        readLabels(FuzzSupport.file("fuzz-labels.idx.gz", gz), data.length, 8);
    }

    private static void readImages(Path file, int inputLength, long perByte) throws IOException {
        long before = FuzzSupport.allocated();
        try {
            IdxReader.Images im = IdxReader.readImages(file);
            assertEquals((long) im.count() * im.rows() * im.cols(), im.pixels().length);
        } catch (DatasetFormatException expected) {
            // documented
        }
        FuzzSupport.assertAllocationBounded(before, inputLength, perByte, "IDX images");
    }

    private static void readLabels(Path file, int inputLength, long perByte) throws IOException {
        long before = FuzzSupport.allocated();
        try {
            int[] l = IdxReader.readLabels(file);
            for (int v : l) {
                assertEquals(v & 0xff, v, "a label is one unsigned byte");
            }
        } catch (DatasetFormatException expected) {
            // documented
        }
        FuzzSupport.assertAllocationBounded(before, inputLength, 4 * perByte, "IDX labels");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
