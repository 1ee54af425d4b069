package dev.ltx.nn.io;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads safetensors files (8-byte little-endian header length, UTF-8 JSON header, raw
 * little-endian data buffer) into tensors of a {@link Backend}.
 *
 * <p>F32, F64, I32 and I64 tensors keep their dtype; F16 and BF16 are widened exactly to F32.
 * The whole header is validated against the file size before any tensor memory is allocated
 * (see {@link SafetensorsHeader#parse}), so a corrupt or hostile file fails with a one-line
 * {@link SafetensorsException} instead of an {@link OutOfMemoryError} or a hang. Tensors come
 * back in the order of their data in the file, which for files written by
 * {@link SafetensorsWriter} is the insertion order of the map that was saved.
 */
public final class SafetensorsReader {
    /** Largest header accepted, in bytes (the reference implementation uses the same bound). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    private static final int CHUNK_BYTES = 1 << 20;

    private SafetensorsReader() {
    }

    /** Reads every tensor of {@code file} into {@code backend}. */
    public static Checkpoint read(Path file, Backend backend) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long dataStart = 8 + headerLength(file, ch);
            SafetensorsHeader.Parsed header = readHeader(file, ch);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries()) {
                tensors.put(e.name(), readTensor(file, ch, dataStart, e, backend));
            }
            return new Checkpoint(tensors, header.metadata());
        }
    }

    /**
     * The names, dtypes and shapes of {@code file}'s tensors in data order, from its validated
     * header alone: no tensor data is read, so checking a long list of checkpoints against a model
     * costs one small read per file.
     */
    public static List<TensorInfo> describe(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            List<TensorInfo> out = new ArrayList<>();
            for (SafetensorsHeader.Entry e : readHeader(file, ch).entries()) {
                out.add(new TensorInfo(e.name(), e.dtype().name(), e.shape(), e.dtype().target().isFloating()));
            }
            return out;
        }
    }

    private static SafetensorsHeader.Parsed readHeader(Path file, FileChannel ch) throws IOException {
        long headerLength = headerLength(file, ch);
        ByteBuffer json = ByteBuffer.allocate((int) headerLength);
        readFully(file, ch, json, 8);
        return SafetensorsHeader.parse(file, json.array(), ch.size() - 8 - headerLength);
    }

    /** The validated header length field. */
    private static long headerLength(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new SafetensorsException(file, "header length", "file has " + size
                    + " bytes, fewer than the 8-byte header length field");
        }
        ByteBuffer lengthField = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, lengthField, 0);
        long headerLength = lengthField.getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsException(file, "header length", Long.toUnsignedString(headerLength)
                    + " bytes exceeds the limit of " + MAX_HEADER_BYTES);
        }
        if (headerLength > size - 8) {
            throw new SafetensorsException(file, "header length", headerLength + " bytes but only "
                    + (size - 8) + " bytes follow the length field (truncated file?)");
        }
        if (headerLength < 2) {
            throw new SafetensorsException(file, "header length", headerLength + " bytes is too short for a JSON object");
        }
        return headerLength;
    }

    /**
     * The tensors of {@code file} (as {@link #read}), refusing any floating tensor that holds a
     * NaN or infinity: for model checkpoints given as input.
     *
     * @throws dev.ltx.nn.DivergenceException (of kind {@code INPUT}) naming the file and tensor
     */
    public static Map<String, Tensor> readFinite(Path file, Backend backend) throws IOException {
        Map<String, Tensor> tensors = read(file, backend).tensors();
        dev.ltx.nn.FiniteCheck.require(tensors, dev.ltx.nn.DivergenceException.Where.INPUT, file.toString());
        return tensors;
    }

    private static Tensor readTensor(Path file, FileChannel ch, long dataStart, SafetensorsHeader.Entry e,
                                     Backend backend) throws IOException {
        int n = e.shape().numel();
        long position = dataStart + e.begin();
        switch (e.dtype()) {
            case F32 -> {
                float[] a = new float[n];
                readElements(file, ch, position, n, 4, (buf, at, count) -> buf.asFloatBuffer().get(a, at, count));
                return backend.fromFloats(a, e.shape());
            }
            case F64 -> {
                double[] a = new double[n];
                readElements(file, ch, position, n, 8, (buf, at, count) -> buf.asDoubleBuffer().get(a, at, count));
                return backend.fromDoubles(a, e.shape());
            }
            case I32 -> {
                int[] a = new int[n];
                readElements(file, ch, position, n, 4, (buf, at, count) -> buf.asIntBuffer().get(a, at, count));
                return backend.fromInts(a, e.shape());
            }
            case I64 -> {
                long[] a = new long[n];
                readElements(file, ch, position, n, 8, (buf, at, count) -> buf.asLongBuffer().get(a, at, count));
                return backend.fromLongs(a, e.shape());
            }
            case F16, BF16 -> {
                float[] a = new float[n];
                boolean bf16 = e.dtype() == SafetensorsDType.BF16;
                readElements(file, ch, position, n, 2, (buf, at, count) -> {
                    for (int i = 0; i < count; i++) {
                        int h = buf.getShort(2 * i) & 0xffff;
                        a[at + i] = bf16 ? HalfFloats.bf16ToFloat(h) : HalfFloats.f16ToFloat(h);
                    }
                });
                return backend.fromFloats(a, e.shape());
            }
            default -> throw new AssertionError(e.dtype());
        }
    }

    /** Receives one little-endian chunk holding {@code count} elements destined for index {@code at}. */
    private interface ChunkSink {
        void accept(ByteBuffer chunk, int at, int count);
    }

    private static void readElements(Path file, FileChannel ch, long position, int n, int width, ChunkSink sink)
            throws IOException {
        int perChunk = CHUNK_BYTES / width;
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min((long) n * width, CHUNK_BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < n; ) {
            int count = Math.min(perChunk, n - done);
            buf.clear().limit(count * width);
            readFully(file, ch, buf, position + (long) done * width);
            buf.flip();
            sink.accept(buf.slice().order(ByteOrder.LITTLE_ENDIAN), done, count);
            done += count;
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long p = position;
        while (dst.hasRemaining()) {
            int r = ch.read(dst, p);
            if (r < 0) {
                throw new EOFException(file + ": unexpected end of file at byte " + p + " (file changed while reading?)");
            }
            p += r;
        }
    }
}
