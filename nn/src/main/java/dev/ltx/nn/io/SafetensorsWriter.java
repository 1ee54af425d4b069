package dev.ltx.nn.io;

import static dev.ltx.nn.io.SafetensorsException.quote;

import dev.ltx.engine.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes named tensors (F32, F64, I32, I64) and string metadata to a safetensors file.
 *
 * <p>Layout: tensors appear in the header and in the data buffer in the iteration order of the
 * given map (use a {@link java.util.LinkedHashMap} for a stable order), consecutively without
 * gaps; {@code __metadata__} comes first in the header when non-empty; the header is padded with
 * spaces to a multiple of 8 bytes, as the reference implementation does. Unlike the reference,
 * tensors are not reordered by dtype, so a data offset is only guaranteed to be aligned to its
 * element size when earlier tensors keep it so; readers here do not rely on alignment.
 *
 * <p>The write is atomic: data goes to a temporary file in the target's directory, is forced to
 * disk, and then replaces the target with one atomic rename. When anything fails, the temporary
 * file is deleted and an existing target is left untouched.
 */
public final class SafetensorsWriter {
    private static final int CHUNK_BYTES = 1 << 20;

    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes {@code tensors} and {@code metadata} atomically to {@code file}. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<SafetensorsHeader.Entry> entries = layout(tensors);
        metadata.forEach((k, v) -> {
            if (k == null || v == null) throw new IllegalArgumentException("metadata keys and values must not be null");
        });
        byte[] header = SafetensorsHeader.encode(entries, metadata);

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            relaxPermissions(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
                writeFully(ch, len);
                writeFully(ch, ByteBuffer.wrap(header));
                ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                for (SafetensorsHeader.Entry e : entries) {
                    writeTensor(ch, chunk, e, tensors.get(e.name()));
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    private static List<SafetensorsHeader.Entry> layout(Map<String, Tensor> tensors) {
        List<SafetensorsHeader.Entry> entries = new ArrayList<>(tensors.size());
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || t == null) throw new IllegalArgumentException("tensor names and tensors must not be null");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("tensor name " + quote(name) + " is reserved for metadata");
            }
            SafetensorsDType dtype = SafetensorsDType.of(t.dtype());
            long bytes = (long) t.numel() * dtype.bytes();
            entries.add(new SafetensorsHeader.Entry(name, dtype, t.shape(), offset, offset + bytes));
            offset += bytes;
        }
        return entries;
    }

    private static void writeTensor(FileChannel ch, ByteBuffer chunk, SafetensorsHeader.Entry e, Tensor t)
            throws IOException {
        int n = t.numel();
        switch (e.dtype()) {
            case F32 -> {
                float[] a = t.toFloats();
                checked(e, a, n, a.length);
                writeChunks(ch, chunk, n, 4, (buf, at, count) -> buf.asFloatBuffer().put(a, at, count));
            }
            case F64 -> {
                double[] a = t.toDoubles();
                checked(e, a, n, a.length);
                writeChunks(ch, chunk, n, 8, (buf, at, count) -> buf.asDoubleBuffer().put(a, at, count));
            }
            case I32 -> {
                int[] a = t.backend().toInts(t);
                checked(e, a, n, a.length);
                writeChunks(ch, chunk, n, 4, (buf, at, count) -> buf.asIntBuffer().put(a, at, count));
            }
            case I64 -> {
                long[] a = t.toLongs();
                checked(e, a, n, a.length);
                writeChunks(ch, chunk, n, 8, (buf, at, count) -> buf.asLongBuffer().put(a, at, count));
            }
            default -> throw new AssertionError(e.dtype());
        }
    }

    private static void checked(SafetensorsHeader.Entry e, Object array, int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException("tensor " + quote(e.name()) + ": backend returned " + actual
                    + " elements of " + array.getClass().getSimpleName() + " for shape " + e.shape());
        }
    }

    /** Fills one little-endian chunk with {@code count} elements starting at index {@code at}. */
    private interface ChunkSource {
        void fill(ByteBuffer chunk, int at, int count);
    }

    private static void writeChunks(FileChannel ch, ByteBuffer chunk, int n, int width, ChunkSource source)
            throws IOException {
        int perChunk = CHUNK_BYTES / width;
        for (int done = 0; done < n; ) {
            int count = Math.min(perChunk, n - done);
            chunk.clear();
            source.fill(chunk.slice().order(ByteOrder.LITTLE_ENDIAN), done, count);
            chunk.limit(count * width);
            writeFully(ch, chunk);
            done += count;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) ch.write(src);
    }

    /** Temp files are created owner-only; a checkpoint gets the usual rw-r--r-- where POSIX applies. */
    private static void relaxPermissions(Path tmp) throws IOException {
        if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Best effort: makes the rename durable where the platform allows syncing a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported on every platform (e.g. Windows); the file itself is already synced.
        }
    }
}
