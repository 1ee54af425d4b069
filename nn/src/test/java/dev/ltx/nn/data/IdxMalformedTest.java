package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed IDX input fails with a one-line message naming the file, before any big allocation. */
class IdxMalformedTest {
    @TempDir
    Path dir;

    private void imagesFail(byte[] content, String... fragments) throws IOException {
        Path f = TestFiles.write(dir.resolve("bad-idx"), content);
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f));
        String m = e.getMessage();
        assertTrue(m.contains("bad-idx"), m);
        assertFalse(m.contains("\n"), m);
        for (String s : fragments) assertTrue(m.contains(s), "expected '" + s + "' in: " + m);
    }

    private static byte[] images(int[] dims, int dataBytes) {
        return TestFiles.idx(IdxReader.IMAGES_MAGIC, dims, new byte[dataBytes]);
    }

    @Test
    void wrongMagic() throws IOException {
        imagesFail(TestFiles.idx(IdxReader.LABELS_MAGIC, new int[] {4}, new byte[4]),
                "magic number 0x00000801, expected 0x00000803");
        imagesFail(TestFiles.idx(0x00000d03, new int[] {1, 1, 1}, new byte[4]), "magic number 0x00000d03");
        imagesFail(new byte[] {0, 0}, "too short");
    }

    @Test
    void headerDeclaringMoreThanTheFileHolds() throws IOException {
        // MNIST-sized header on a 20-byte file: rejected from the header alone.
        imagesFail(images(new int[] {60000, 28, 28}, 4), "declares 47040016 bytes", "has 20");
        // Product beyond 2^31.
        imagesFail(images(new int[] {0x7fffffff, 0x7fffffff, 0x7fffffff}, 0), "exceeds 2^31");
        imagesFail(images(new int[] {-1, 28, 28}, 0), "dimension 0 is 4294967295");
        imagesFail(images(new int[] {3, 0, 28}, 0), "dimension 1 is 0");
        imagesFail(Arrays.copyOf(images(new int[] {1, 2, 2}, 0), 10), "too short for 3 dimension sizes");
    }

    @Test
    void truncatedAndTrailingData() throws IOException {
        byte[] good = images(new int[] {2, 3, 3}, 18);
        imagesFail(Arrays.copyOf(good, good.length - 1), "declares 34 bytes", "has 33");
        imagesFail(Arrays.copyOf(good, good.length + 3), "declares 34 bytes", "has 37");
    }

    @Test
    void gzipProblems() throws IOException {
        byte[] raw = images(new int[] {2, 3, 3}, 18);
        byte[] gz = TestFiles.gzip(raw);
        // Truncated gzip: the trailer is gone, so its "ISIZE" is garbage or the stream ends early.
        Path f = TestFiles.write(dir.resolve("trunc-gz"), Arrays.copyOf(gz, gz.length - 6));
        IOException e = assertThrows(IOException.class, () -> IdxReader.readImages(f));
        assertTrue(e.getMessage().contains("trunc-gz") && !e.getMessage().contains("\n"), e.getMessage());
        // A gzip whose trailer claims an impossible expansion.
        byte[] bomb = gz.clone();
        bomb[bomb.length - 1] = 0x7f;
        imagesFail(bomb, "gzip trailer claims", "impossible");
        // Header dims consistent with a forged ISIZE: the real stream ends first and its CRC/ISIZE check fails.
        byte[] lie = TestFiles.gzip(images(new int[] {4, 3, 3}, 18));
        lie[lie.length - 4] = (byte) (16 + 36);
        imagesFail(lie, "corrupt gzip", "trailer");
        // Corrupt deflate data.
        byte[] corrupt = TestFiles.gzip(TestFiles.randomBytes(5, 4000, 256));
        for (int i = 20; i < 60; i++) corrupt[i] ^= (byte) 0x5a;
        Path c = TestFiles.write(dir.resolve("corrupt-gz"), corrupt);
        e = assertThrows(IOException.class, () -> IdxReader.readImages(c));
        assertTrue(e.getMessage().contains("corrupt-gz") && !e.getMessage().contains("\n"), e.getMessage());
        imagesFail(new byte[] {0x1f, (byte) 0x8b, 8}, "truncated");
    }
}
