package dev.ltx.nn.data;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * What one loader computes, as pure functions: the example order of an epoch and the host
 * contents of batch {@code b} of that order. Nothing here depends on which thread calls it, so
 * prefetching cannot change a single byte.
 *
 * <p>Epoch {@code e}'s order is the index list shuffled by a generator seeded with
 * {@code derive(seed, SHUFFLE, e)} (or the list itself without shuffling). The example at position
 * {@code p} of that order is augmented with a generator seeded with {@code derive(seed, AUGMENT, e, p)}.
 */
final class BatchPreparer {
    static final long SHUFFLE_STREAM = 1;
    static final long AUGMENT_STREAM = 2;
    /** Image arrays kept for reuse (the prefetch depth plus the batch in use, with room to spare). */
    private static final int SPARE_ARRAYS = 4;

    private final Dataset dataset;
    private final int[] indices;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Normalization norm;
    private final Augmentation augmentation;
    private final Shape imageShape;
    /** Image arrays the loader has copied out of, reused by later batches (every element is rewritten). */
    private final ArrayBlockingQueue<float[]> spare = new ArrayBlockingQueue<>(SPARE_ARRAYS);

    BatchPreparer(Dataset dataset, int[] indices, int batchSize, boolean shuffle, long seed, Normalization norm,
                  Augmentation augmentation) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        for (int i : indices) {
            if (i < 0 || i >= dataset.size()) {
                throw new IndexOutOfBoundsException(dataset.name() + ": example index " + i + " outside [0, "
                        + dataset.size() + ")");
            }
        }
        Shape out = augmentation.outputShape(dataset.imageShape());
        if (out.dim(0) != norm.channels()) {
            throw new IllegalArgumentException(dataset.name() + ": normalization " + norm.name() + " has "
                    + norm.channels() + " channels, augmented images " + out + " have " + out.dim(0));
        }
        this.dataset = dataset;
        this.indices = indices.clone();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.norm = norm;
        this.augmentation = augmentation;
        this.imageShape = out;
    }

    int size() {
        return indices.length;
    }

    int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, the last one possibly partial (drop_last false). */
    int batches() {
        return (indices.length + batchSize - 1) / batchSize;
    }

    /** (C, H, W) of the images in a batch, after augmentation. */
    Shape imageShape() {
        return imageShape;
    }

    /** The dataset indices of epoch {@code epoch}, in the order they are served. */
    int[] epochOrder(int epoch) {
        int[] order = indices.clone();
        if (shuffle) new Rng(Seeds.derive(seed, SHUFFLE_STREAM, epoch)).shuffle(order);
        return order;
    }

    /** Batch {@code b} of epoch {@code epoch}, whose order is {@code order} (from {@link #epochOrder}). */
    HostBatch prepare(int epoch, int[] order, int b) {
        if (b < 0 || b >= batches()) throw new IndexOutOfBoundsException("batch " + b + " outside [0, " + batches() + ")");
        int from = b * batchSize;
        int count = Math.min(batchSize, order.length - from);
        int n = imageShape.numel();
        float[] x = imageArray(Math.multiplyExact(count, n));
        int[] y = new int[count];
        for (int k = 0; k < count; k++) y[k] = dataset.label(order[from + k]);
        if (isIdentity(augmentation)) {
            dataset.fillImages(order, from, count, norm, x);
        } else {
            int channels = imageShape.dim(0);
            int plane = imageShape.dim(1) * imageShape.dim(2);
            for (int k = 0; k < count; k++) {
                int position = from + k;
                Rng rng = new Rng(Seeds.derive(seed, AUGMENT_STREAM, epoch, position));
                ByteImage img = augmentation.apply(ByteImage.of(dataset, order[position]), rng);
                if (!img.shape().equals(imageShape)) {
                    throw new IllegalStateException(augmentation + " returned a " + img.shape() + " image, declared "
                            + imageShape);
                }
                for (int c = 0; c < channels; c++) {
                    norm.applyPlane(c, img.pixels(), c * plane, plane, x, k * n + c * plane);
                }
            }
        }
        return new HostBatch(x, y, Shape.of(count, imageShape.dim(0), imageShape.dim(1), imageShape.dim(2)));
    }

    /**
     * Gives back the image array of a batch whose contents have been copied elsewhere, so a later
     * {@link #prepare} fills it instead of allocating (any thread; extra arrays are dropped).
     */
    void recycle(float[] images) {
        spare.offer(images);
    }

    private float[] imageArray(int length) {
        for (float[] a; (a = spare.poll()) != null; ) {
            if (a.length == length) return a;
        }
        return new float[length];
    }

    private static boolean isIdentity(Augmentation a) {
        return a == Augmentation.Identity.INSTANCE || a == AugmentationPipeline.NONE;
    }

    @Override
    public String toString() {
        return dataset.name() + " (" + indices.length + " examples, batch " + batchSize + (shuffle ? ", shuffled" : "")
                + ", " + augmentation + ", " + norm.name() + ")";
    }
}
