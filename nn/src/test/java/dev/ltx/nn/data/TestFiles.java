package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writers of small dataset files in the exact on-disk formats, for tests. */
final class TestFiles {
    private TestFiles() {
    }

    static byte[] idx(int magic, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length); // big-endian by default
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(raw);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] randomBytes(long seed, int n, int bound) {
        Rng rng = new Rng(seed);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) rng.nextInt(bound);
        return b;
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }

    /** A ustar archive of (name, content) pairs, gzip-compressed. */
    static byte[] tarGz(String[] names, byte[][] contents) {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        for (int k = 0; k < names.length; k++) {
            byte[] h = new byte[512];
            put(h, 0, names[k]);
            put(h, 100, "0000644");
            put(h, 108, "0001750");
            put(h, 116, "0001750");
            put(h, 124, String.format("%011o", contents[k].length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) h[i] = ' ';
            int sum = 0;
            for (byte x : h) sum += x & 0xff;
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            tar.writeBytes(h);
            tar.writeBytes(contents[k]);
            tar.writeBytes(new byte[(512 - contents[k].length % 512) % 512]);
        }
        tar.writeBytes(new byte[1024]);
        return gzip(tar.toByteArray());
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}
