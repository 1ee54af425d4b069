package dev.ltx.nn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A plain or gzip-compressed file opened as a byte stream whose total length is known before
 * reading, so that readers can validate sizes before allocating.
 *
 * <p>Gzip is recognised by its magic bytes (1f 8b), not by the file name. Its uncompressed
 * length is taken from the ISIZE trailer (the length modulo 2^32 of the last member; files
 * here are single-member and far below 4 GiB) and must be plausible for deflate, whose
 * compression ratio cannot exceed about 1032:1.
 */
final class ByteSource implements AutoCloseable {
    private static final long MAX_DEFLATE_RATIO = 1032;

    private final Path file;
    private final InputStream in;
    private final long length;
    private final boolean gzip;
    private long position;

    private ByteSource(Path file, InputStream in, long length, boolean gzip) {
        this.file = file;
        this.in = in;
        this.length = length;
        this.gzip = gzip;
    }

    static ByteSource open(Path file) throws IOException {
        long fileSize = Files.size(file);
        boolean gzip = false;
        long length = fileSize;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (fileSize >= 2 && raf.readUnsignedByte() == 0x1f && raf.readUnsignedByte() == 0x8b) {
                gzip = true;
                if (fileSize < 18) throw new DatasetFormatException(file, "gzip file of " + fileSize + " bytes is truncated");
                raf.seek(fileSize - 4);
                byte[] t = new byte[4];
                raf.readFully(t);
                length = (t[0] & 0xffL) | (t[1] & 0xffL) << 8 | (t[2] & 0xffL) << 16 | (t[3] & 0xffL) << 24;
                if (length > fileSize * MAX_DEFLATE_RATIO) {
                    throw new DatasetFormatException(file, "gzip trailer claims " + length
                            + " uncompressed bytes, impossible for " + fileSize + " compressed bytes");
                }
            }
        }
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
            return new ByteSource(file, in, length, gzip);
        } catch (IOException e) {
            raw.close();
            throw new DatasetFormatException(file, "bad gzip header: " + e.getMessage());
        }
    }

    Path file() {
        return file;
    }

    /** Total (uncompressed) length in bytes. */
    long length() {
        return length;
    }

    boolean isGzip() {
        return gzip;
    }

    /** Reads exactly {@code n} bytes into {@code dst} at {@code off}. */
    void readFully(byte[] dst, int off, int n) throws IOException {
        int done = 0;
        try {
            while (done < n) {
                int r = in.read(dst, off + done, n - done);
                if (r < 0) throw new EOFException();
                done += r;
            }
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated: ended after " + (position + done)
                    + " of " + length + " bytes");
        } catch (java.util.zip.ZipException e) {
            throw new DatasetFormatException(file, "corrupt gzip data after " + (position + done) + " bytes: "
                    + e.getMessage());
        }
        position += n;
    }

    /** A big-endian 32-bit integer. */
    int readInt() throws IOException {
        byte[] b = new byte[4];
        readFully(b, 0, 4);
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    /** Fails unless the stream is exhausted (no trailing bytes). */
    void expectEnd() throws IOException {
        int r;
        try {
            r = in.read();
        } catch (java.util.zip.ZipException e) {
            throw new DatasetFormatException(file, "corrupt gzip data at the end: " + e.getMessage());
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "truncated gzip trailer after the declared " + length + " bytes");
        }
        if (r >= 0) throw new DatasetFormatException(file, "trailing bytes after the declared " + length + " bytes");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
