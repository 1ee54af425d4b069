package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzExtractorTest {
    @TempDir
    Path dir;

    private final byte[] big = TestFiles.randomBytes(9, 1500, 256);

    private Path archive() throws IOException {
        return TestFiles.write(dir.resolve("a.tgz"), TestFiles.tarGz(
                new String[] {"package/package.json", "../evil", "package/data/x", "package/data/y"},
                new byte[][] {"{}".getBytes(StandardCharsets.US_ASCII), new byte[] {6, 6}, big, new byte[0]}));
    }

    @Test
    void extractsOnlyTheWantedMembers() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        TarGzExtractor.extract(archive(), Map.of("package/data/x", out.resolve("x"), "package/data/y", out.resolve("y")));
        assertArrayEquals(big, Files.readAllBytes(out.resolve("x")));
        assertArrayEquals(new byte[0], Files.readAllBytes(out.resolve("y")));
        assertFalse(Files.exists(dir.resolve("evil")));
        assertFalse(Files.exists(dir.getParent().resolve("evil")));
    }

    @Test
    void missingMemberAndCorruptHeaders() throws IOException {
        Path a = archive();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> TarGzExtractor.extract(a, Map.of("package/data/z", dir.resolve("z"))));
        assertTrue(e.getMessage().contains("no member package/data/z"), e.getMessage());

        byte[] tar = new java.util.zip.GZIPInputStream(Files.newInputStream(a)).readAllBytes();
        tar[10] ^= 1; // first header's name: checksum no longer matches
        Path bad = TestFiles.write(dir.resolve("bad.tgz"), TestFiles.gzip(tar));
        e = assertThrows(DatasetFormatException.class, () -> TarGzExtractor.extract(bad, Map.of()));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());

        byte[] full = new java.util.zip.GZIPInputStream(Files.newInputStream(a)).readAllBytes();
        Path cut = TestFiles.write(dir.resolve("cut.tgz"), TestFiles.gzip(Arrays.copyOf(full, 512 * 5 + 100)));
        assertThrows(DatasetFormatException.class,
                () -> TarGzExtractor.extract(cut, Map.of("package/data/y", dir.resolve("y"))));
    }
}
