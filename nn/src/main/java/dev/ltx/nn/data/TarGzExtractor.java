package dev.ltx.nn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Extracts chosen regular files from a {@code .tar.gz} (ustar/GNU) archive. Only members named
 * exactly in the request are written, to destinations the caller chose, so archive paths can
 * never escape the target folder.
 */
final class TarGzExtractor {
    private static final int BLOCK = 512;

    private TarGzExtractor() {
    }

    /**
     * Writes each wanted member ({@code archive path -> destination}) and fails naming any that
     * the archive lacks.
     */
    static void extract(Path archive, Map<String, Path> wanted) throws IOException {
        Set<String> found = new HashSet<>();
        byte[] header = new byte[BLOCK];
        try (InputStream raw = Files.newInputStream(archive); InputStream in = gunzip(archive, raw)) {
            while (true) {
                if (in.readNBytes(header, 0, BLOCK) != BLOCK) {
                    throw new DatasetFormatException(archive, "tar archive ends without its end-of-archive blocks");
                }
                if (isZero(header)) break;
                checkChecksum(archive, header);
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty() && "ustar".equals(field(header, 257, 5))) name = prefix + "/" + name;
                long size = octal(archive, header, 124, 12);
                char type = (char) header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                Path dest = wanted.get(name);
                if (dest != null && (type == '0' || type == '\0')) {
                    copy(in, dest, size, archive);
                    skip(in, padded - size, archive);
                    found.add(name);
                } else {
                    skip(in, padded, archive);
                }
            }
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DatasetFormatException(archive, "corrupt or truncated gzip data: " + e.getMessage());
        }
        for (String name : wanted.keySet()) {
            if (!found.contains(name)) throw new DatasetFormatException(archive, "archive has no member " + name);
        }
    }

    private static InputStream gunzip(Path archive, InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DatasetFormatException(archive, "not a gzip file: " + (e.getMessage() == null ? "too short"
                    : e.getMessage()));
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) if (b != 0) return false;
        return true;
    }

    /** The header checksum: the unsigned byte sum with the checksum field read as spaces. */
    private static void checkChecksum(Path archive, byte[] h) throws IOException {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        long stored = octal(archive, h, 148, 8);
        if (stored != sum) {
            throw new DatasetFormatException(archive, "tar header checksum " + stored + " != computed " + sum
                    + " (not a tar archive or corrupt)");
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }

    private static long octal(Path archive, byte[] h, int off, int len) throws IOException {
        String s = field(h, off, len).trim();
        if (s.isEmpty() || !s.matches("[0-7]{1,11}")) {
            throw new DatasetFormatException(archive, "bad tar size field '" + s + "'");
        }
        return Long.parseLong(s, 8);
    }

    private static void copy(InputStream in, Path dest, long size, Path archive) throws IOException {
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(dest)) {
            long left = size;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) throw new DatasetFormatException(archive, "truncated tar member " + dest.getFileName());
                out.write(buf, 0, r);
                left -= r;
            }
        }
    }

    private static void skip(InputStream in, long n, Path archive) throws IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new DatasetFormatException(archive, "truncated tar archive");
        }
    }
}
