package dev.ltx.engine.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.cpu.gemm.CacheSizes.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSizesTest {

    @TempDir
    Path dir;

    private Path missing() {
        return dir.resolve("missing");
    }

    private void index(Path sysfs, int i, String level, String type, String size) throws IOException {
        Path d = Files.createDirectories(sysfs.resolve("index" + i));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
    }

    @Test
    void propertyWinsAndAcceptsSuffixes() {
        assertEquals(new CacheSizes(2L << 20, Source.PROPERTY), CacheSizes.detect("2M", missing(), missing(), false));
        assertEquals(new CacheSizes(1280L << 10, Source.PROPERTY), CacheSizes.detect("1280k", missing(), missing(), true));
        assertEquals(new CacheSizes(4096, Source.PROPERTY), CacheSizes.detect("4096", missing(), missing(), true));
        // not a size: skipped (with a line on stderr), the rest of the chain decides
        assertEquals(new CacheSizes(1L << 20, Source.DEFAULT), CacheSizes.detect("lots", missing(), missing(), true));
        assertEquals(new CacheSizes(1L << 19, Source.DEFAULT), CacheSizes.detect("-1k", missing(), missing(), false));
    }

    @Test
    void sysfsLevelTwoDataOrUnifiedCache() throws IOException {
        Path sysfs = dir.resolve("cache");
        index(sysfs, 0, "1", "Data", "48K");
        index(sysfs, 1, "1", "Instruction", "32K");
        index(sysfs, 2, "2", "Unified", "2048K");
        index(sysfs, 3, "3", "Unified", "32768K");
        assertEquals(new CacheSizes(2048L << 10, Source.SYSFS), CacheSizes.detect(null, sysfs, missing(), false));
    }

    @Test
    void cpuinfoOnlyOnAmdWhereItIsTheL2() throws IOException {
        Path amd = Files.writeString(dir.resolve("amd"),
                "processor\t: 0\nvendor_id\t: AuthenticAMD\ncache size\t: 1024 KB\n\nprocessor\t: 1\n");
        Path intel = Files.writeString(dir.resolve("intel"),
                "processor\t: 0\nvendor_id\t: GenuineIntel\ncache size\t: 36608 KB\n");
        assertEquals(new CacheSizes(1L << 20, Source.CPUINFO), CacheSizes.detect(null, missing(), amd, false));
        assertEquals(new CacheSizes(1L << 20, Source.DEFAULT), CacheSizes.detect(null, missing(), intel, true));
        assertEquals(new CacheSizes(1L << 19, Source.DEFAULT), CacheSizes.detect(null, missing(), intel, false));
    }

    @Test
    void detectedSizeIsPlausibleAndDescribed() {
        CacheSizes c = CacheSizes.detected();
        assertTrue(c.l2Bytes() >= 64 << 10 && c.l2Bytes() <= 64L << 20, c.describe());
        assertTrue(Sgemm.describe().contains(c.describe()), Sgemm.describe());
    }
}
