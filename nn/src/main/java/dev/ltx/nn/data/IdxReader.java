package dev.ltx.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed.
 *
 * <p>An IDX file is a big-endian magic number {@code 0x000008NN} (unsigned-byte data with NN
 * dimensions), NN big-endian 32-bit dimension sizes, then the data. Images are
 * {@code 0x00000803} (count, rows, cols), labels {@code 0x00000801} (count). The declared size
 * must equal the file's (uncompressed) length exactly before anything is allocated.
 */
public final class IdxReader {
    /** Magic number of an IDX image file (unsigned bytes, 3 dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX label file (unsigned bytes, 1 dimension). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    /** Images of an IDX file: {@code count} row-major {@code rows×cols} byte images. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /** Reads an image file ({@code 0x00000803}). */
    public static Images readImages(Path file) throws IOException {
        try (ByteSource src = ByteSource.open(file)) {
            int[] dims = header(src, IMAGES_MAGIC, "image");
            byte[] pixels = body(src, dims);
            return new Images(dims[0], dims[1], dims[2], pixels);
        }
    }

    /** Reads a label file ({@code 0x00000801}) as unsigned values. */
    public static int[] readLabels(Path file) throws IOException {
        try (ByteSource src = ByteSource.open(file)) {
            int[] dims = header(src, LABELS_MAGIC, "label");
            byte[] raw = body(src, dims);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) labels[i] = raw[i] & 0xff;
            return labels;
        }
    }

    /**
     * Reads a matching pair of image and label files into a one-channel dataset, checking that
     * the counts agree and every label is below {@code numClasses}.
     */
    public static Dataset read(String name, Path images, Path labels, int numClasses) throws IOException {
        Images im = readImages(images);
        int[] l = readLabels(labels);
        if (l.length != im.count()) {
            throw new DatasetFormatException(labels, l.length + " labels but " + images.getFileName() + " holds "
                    + im.count() + " images");
        }
        for (int i = 0; i < l.length; i++) {
            if (l[i] >= numClasses) {
                throw new DatasetFormatException(labels, "label " + l[i] + " at index " + i + " is not below "
                        + numClasses);
            }
        }
        return new Dataset(name, im.pixels(), l, numClasses, 1, im.rows(), im.cols());
    }

    private static int[] header(ByteSource src, int expectedMagic, String kind) throws IOException {
        Path file = src.file();
        if (src.length() < 4) {
            throw new DatasetFormatException(file, "only " + src.length() + " bytes, too short for an IDX magic number");
        }
        int magic = src.readInt();
        if (magic != expectedMagic) {
            throw new DatasetFormatException(file, String.format("magic number 0x%08x, expected 0x%08x for an IDX %s"
                    + " file", magic, expectedMagic, kind) + (src.isGzip() ? " (after gunzip)" : ""));
        }
        int rank = expectedMagic & 0xff;
        long headerBytes = 4 + 4L * rank;
        if (src.length() < headerBytes) {
            throw new DatasetFormatException(file, "only " + src.length() + " bytes, too short for " + rank
                    + " dimension sizes");
        }
        int[] dims = new int[rank];
        long body = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = src.readInt();
            if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                throw new DatasetFormatException(file, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + ", not a valid size");
            }
            body *= dims[i];
            if (body > Integer.MAX_VALUE - 16) {
                throw new DatasetFormatException(file, "declared size exceeds 2^31 bytes");
            }
        }
        if (headerBytes + body != src.length()) {
            throw new DatasetFormatException(file, "header declares " + (headerBytes + body) + " bytes ("
                    + java.util.Arrays.toString(dims) + ") but the file has " + src.length()
                    + (src.isGzip() ? " uncompressed" : ""));
        }
        return dims;
    }

    private static byte[] body(ByteSource src, int[] dims) throws IOException {
        long n = 1;
        for (int d : dims) n *= d;
        byte[] data = new byte[(int) n];
        src.readFully(data, 0, data.length);
        src.expectEnd();
        return data;
    }
}
