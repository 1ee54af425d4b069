package dev.ltx.engine.cpu.gemm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import jdk.incubator.vector.FloatVector;

/**
 * The per-core level-2 data cache size the GEMM blocking is chosen for, and where the figure
 * came from.
 *
 * <p>Detected once, in this order: the property {@code -Dltx.cache.l2} (bytes, or with a
 * {@code k}/{@code m} suffix); Linux's {@code /sys/devices/system/cpu/cpu0/cache}; the
 * {@code cache size} line of {@code /proc/cpuinfo} on AMD processors (which report their L2 there;
 * Intel's line is the L3, so it is not used); else a default from the vector width: 1 MiB where the
 * core has 512-bit vectors (every AVX-512 server core since Skylake-SP, Zen 4 and Zen 5 has at
 * least that), 512 KiB otherwise. Virtual machines often hide the first two sources, so the
 * source is reported with the size ({@link #describe()}) and benchmarks print it. A property that is
 * not a size is reported on standard error and skipped, like the other {@code ltx.sgemm.*} knobs.
 *
 * <p>The blocking it steers (which loop runs outermost) never changes a result, only speed.
 *
 * @param l2Bytes the level-2 cache of one core, in bytes
 * @param source  where the size came from
 */
public record CacheSizes(long l2Bytes, Source source) {

    /** Where a size came from. */
    public enum Source {
        /** {@code -Dltx.cache.l2}. */
        PROPERTY,
        /** {@code /sys/devices/system/cpu/cpu0/cache}. */
        SYSFS,
        /** The {@code cache size} line of {@code /proc/cpuinfo} (AMD). */
        CPUINFO,
        /** Nothing readable: the default for the vector width. */
        DEFAULT
    }

    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    /** The sizes for this machine, detected once. */
    public static CacheSizes detected() {
        return Holder.DETECTED;
    }

    /** One line for logs: {@code L2 1024 KiB (sysfs)}. */
    public String describe() {
        return "L2 " + (l2Bytes >> 10) + " KiB (" + source.name().toLowerCase(Locale.ROOT) + ")";
    }

    private static final class Holder {
        static final CacheSizes DETECTED = detect(System.getProperty("ltx.cache.l2"), SYSFS, CPUINFO,
                FloatVector.SPECIES_PREFERRED.length() >= 16);
    }

    /** The detection chain, with its inputs explicit for tests. */
    static CacheSizes detect(String property, Path sysfs, Path cpuinfo, boolean wideVectors) {
        if (property != null && !property.isBlank()) {
            long bytes = parseSize(property);
            if (bytes > 0) return new CacheSizes(bytes, Source.PROPERTY);
            System.err.println("ltx: ignoring -Dltx.cache.l2=" + property
                    + " (not a size such as 1048576, 1024k or 1m)");
        }
        Optional<Long> fromSysfs = fromSysfs(sysfs);
        if (fromSysfs.isPresent()) return new CacheSizes(fromSysfs.get(), Source.SYSFS);
        Optional<Long> fromCpuinfo = fromCpuinfo(cpuinfo);
        if (fromCpuinfo.isPresent()) return new CacheSizes(fromCpuinfo.get(), Source.CPUINFO);
        return new CacheSizes(wideVectors ? 1L << 20 : 1L << 19, Source.DEFAULT);
    }

    /** The unified or data cache of level 2 among {@code index*} directories. */
    static Optional<Long> fromSysfs(Path dir) {
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) continue;
            try {
                String level = Files.readString(index.resolve("level")).trim();
                String type = Files.readString(index.resolve("type")).trim();
                if (level.equals("2") && !type.equals("Instruction")) {
                    long bytes = parseSize(Files.readString(index.resolve("size")).trim());
                    if (bytes > 0) return Optional.of(bytes);
                }
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The {@code cache size} of the first processor, when the vendor is AMD. */
    static Optional<Long> fromCpuinfo(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        boolean amd = false;
        for (String line : lines) {
            if (line.isBlank()) break;
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("vendor_id")) amd = value.equals("AuthenticAMD");
            if (key.equals("cache size") && amd) {
                long bytes = parseSize(value.replace(" ", ""));
                return bytes > 0 ? Optional.of(bytes) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** {@code 1048576}, {@code 1024K}, {@code 1024KB}, {@code 1M} → bytes; -1 when unreadable. */
    static long parseSize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.endsWith("B")) s = s.substring(0, s.length() - 1);
        long unit = 1;
        if (s.endsWith("K")) unit = 1L << 10;
        else if (s.endsWith("M")) unit = 1L << 20;
        if (unit != 1) s = s.substring(0, s.length() - 1);
        try {
            return Long.parseLong(s.trim()) * unit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
