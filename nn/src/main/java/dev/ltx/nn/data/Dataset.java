package dev.ltx.nn.data;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import java.util.Arrays;

/**
 * An in-memory labelled image dataset.
 *
 * <p>Images are kept as raw unsigned bytes (0..255) in N×C×H×W order, a quarter of the memory of
 * floats (MNIST's training set is 47 MB); {@link #batch} and {@link #fillImages} convert to
 * normalized floats on demand with a {@link Normalization}. Labels are class indices in
 * {@code [0, numClasses)}. Instances are immutable: the arrays are private and never exposed.
 */
public final class Dataset {
    private final String name;
    private final byte[] pixels;
    private final int[] labels;
    private final int numClasses;
    private final int channels;
    private final int height;
    private final int width;

    /** Takes ownership of the arrays (no copy): for readers in this package that just built them. */
    Dataset(String name, byte[] pixels, int[] labels, int numClasses, int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException(name + ": channels, height, width and numClasses must be positive, got "
                    + channels + "x" + height + "x" + width + ", " + numClasses + " classes");
        }
        long imageSize = (long) channels * height * width;
        if ((long) labels.length * imageSize != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes do not hold "
                    + labels.length + " images of " + channels + "x" + height + "x" + width);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of example " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.numClasses = numClasses;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    /** A dataset holding copies of {@code pixels} (N×C×H×W bytes) and {@code labels}. */
    public static Dataset of(String name, byte[] pixels, int[] labels, int numClasses, int channels, int height,
                             int width) {
        return new Dataset(name, pixels.clone(), labels.clone(), numClasses, channels, height, width);
    }

    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return numClasses;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The shape of one image, (C, H, W). */
    public Shape imageShape() {
        return Shape.of(channels, height, width);
    }

    /** Bytes (= floats once converted) per image. */
    public int imageSize() {
        return channels * height * width;
    }

    /** The label of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The raw byte (0..255) of example {@code i} at channel {@code c}, row {@code y}, column {@code x}. */
    public int pixel(int i, int c, int y, int x) {
        return pixels[((i * channels + c) * height + y) * width + x] & 0xff;
    }

    /** A copy of the raw bytes of example {@code i} (C×H×W). */
    public byte[] rawImage(int i) {
        int n = imageSize();
        return Arrays.copyOfRange(pixels, i * n, (i + 1) * n);
    }

    /** The examples at {@code indices}, in that order (repeats allowed), as a new dataset. */
    public Dataset subset(String subsetName, int[] indices) {
        int n = imageSize();
        byte[] p = new byte[Math.multiplyExact(indices.length, n)];
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = checkIndex(indices[k]);
            System.arraycopy(pixels, i * n, p, k * n, n);
            l[k] = labels[i];
        }
        return new Dataset(subsetName, p, l, numClasses, channels, height, width);
    }

    /** The same examples with labels replaced (for relabelling), checked against {@code newNumClasses}. */
    Dataset withLabels(String newName, int[] newLabels, int newNumClasses) {
        return new Dataset(newName, pixels, newLabels, newNumClasses, channels, height, width);
    }

    /** Every image surrounded by {@code pad} zero bytes on each side (e.g. 28×28 MNIST to 32×32 with 2). */
    public Dataset zeroPadded(int pad) {
        if (pad < 0) throw new IllegalArgumentException("padding must be non-negative, got " + pad);
        int h2 = height + 2 * pad;
        int w2 = width + 2 * pad;
        byte[] p = new byte[Math.multiplyExact(Math.multiplyExact(size() * channels, h2), w2)];
        for (int plane = 0; plane < size() * channels; plane++) {
            for (int y = 0; y < height; y++) {
                System.arraycopy(pixels, (plane * height + y) * width, p, (plane * h2 + y + pad) * w2 + pad, width);
            }
        }
        return new Dataset(name + "-pad" + pad, p, labels, numClasses, channels, h2, w2);
    }

    /**
     * Writes the normalized images of examples {@code indices[from .. from+count)} into
     * {@code out[0 .. count*imageSize)} in N×C×H×W order.
     */
    public void fillImages(int[] indices, int from, int count, Normalization norm, float[] out) {
        if (norm.channels() != channels) {
            throw new IllegalArgumentException(name + ": normalization " + norm.name() + " has " + norm.channels()
                    + " channels, images have " + channels);
        }
        int plane = height * width;
        int n = imageSize();
        if (out.length < (long) count * n) {
            throw new IllegalArgumentException("output holds " + out.length + " floats, need " + (long) count * n);
        }
        for (int k = 0; k < count; k++) {
            int i = checkIndex(indices[from + k]);
            for (int c = 0; c < channels; c++) {
                norm.applyPlane(c, pixels, i * n + c * plane, plane, out, k * n + c * plane);
            }
        }
    }

    /** Examples {@code indices[from .. from+count)} as an (images, labels) batch on {@code backend}. */
    public Batch batch(Backend backend, int[] indices, int from, int count, Normalization norm) {
        float[] x = new float[Math.multiplyExact(count, imageSize())];
        fillImages(indices, from, count, norm, x);
        int[] y = new int[count];
        for (int k = 0; k < count; k++) y[k] = labels[checkIndex(indices[from + k])];
        return new Batch(backend.fromFloats(x, Shape.of(count, channels, height, width)),
                backend.fromInts(y, Shape.of(count)));
    }

    /** Number of examples of each class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int l : labels) counts[l]++;
        return counts;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException(name + ": example index " + i + " outside [0, " + labels.length + ")");
        }
        return i;
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " x " + imageShape() + ", " + numClasses + " classes]";
    }
}
