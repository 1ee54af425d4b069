package dev.ltx.nn.data;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.Iterator;

/**
 * Mini-batches of a {@link Dataset} (restricted to an index list) for training or evaluation, as
 * the paper's PyTorch loaders serve them: optional reshuffling every epoch, the last partial batch
 * kept ({@code drop_last=False}), a per-sample {@link Augmentation}, then normalization.
 *
 * <p><b>Determinism.</b> Epoch {@code e}'s order depends only on (seed, e); the augmentation of
 * the example at position {@code p} of that order uses its own generator derived from
 * (seed, e, p). The batches are therefore identical with and without prefetching, on any thread.
 *
 * <p><b>Prefetching.</b> With prefetch depth {@code d > 0} (default 2), {@link #epoch} starts one
 * daemon thread that augments and normalizes the next batches into a queue of {@code d} while the
 * training thread works on the current one. The background thread only fills host arrays; the
 * tensors are created on the {@link Backend} by the thread that calls {@link Epoch#next()}, so
 * backends need not be thread-safe and a discarded prefetched batch holds no device memory. Depth 0
 * prepares each batch inside {@code next()}. A loader has at most one open epoch: opening the next
 * one, closing the epoch or closing the loader stops its thread (promptly: at the latest after the
 * batch it is preparing), so an epoch abandoned mid-way parks at most one daemon thread until then.
 *
 * <p>Typical use, one open epoch at a time:
 * <pre>{@code
 * try (DataLoader loader = DataLoader.training(train, indices, backend, Normalization.MNIST,
 *         AugmentationPipeline.NONE, seed)) {
 *     for (int e = 0; e < epochs; e++) {
 *         try (DataLoader.Epoch it = loader.epoch(e)) {
 *             while (it.hasNext()) {
 *                 try (Batch batch = it.next()) { ... }
 *             }
 *         }
 *     }
 * }
 * }</pre>
 */
public final class DataLoader implements AutoCloseable {
    /** The paper's training batch size. */
    public static final int TRAIN_BATCH_SIZE = 128;
    /** The paper's evaluation batch size. */
    public static final int EVAL_BATCH_SIZE = 512;
    /** Batches prepared ahead by default. */
    public static final int DEFAULT_PREFETCH = 2;
    /** The largest prefetch depth accepted. */
    public static final int MAX_PREFETCH = 2;

    private final BatchPreparer preparer;
    private final Backend backend;
    private final int prefetch;
    private final String name;
    private Epoch open;
    private boolean closed;

    private DataLoader(Builder b) {
        int[] indices = b.indices != null ? b.indices : allIndices(b.dataset.size());
        this.preparer = new BatchPreparer(b.dataset, indices, b.batchSize, b.shuffle, b.seed, b.norm, b.augmentation);
        this.backend = b.backend;
        this.prefetch = b.prefetch;
        this.name = b.dataset.name();
    }

    /** A builder with defaults: all examples in order, batch 128, no augmentation, prefetch 2. */
    public static Builder builder(Dataset dataset, Backend backend, Normalization norm) {
        return new Builder(dataset, backend, norm);
    }

    /** The paper's training loader: batch 128, reshuffled every epoch from {@code seed}, {@code augmentation} per sample. */
    public static DataLoader training(Dataset dataset, int[] indices, Backend backend, Normalization norm,
                                      Augmentation augmentation, long seed) {
        return builder(dataset, backend, norm).indices(indices).batchSize(TRAIN_BATCH_SIZE).shuffle(true).seed(seed)
                .augmentation(augmentation).build();
    }

    /** The paper's evaluation loader: batch 512, the given order, no augmentation. */
    public static DataLoader evaluation(Dataset dataset, int[] indices, Backend backend, Normalization norm) {
        return builder(dataset, backend, norm).indices(indices).batchSize(EVAL_BATCH_SIZE).build();
    }

    /** Number of examples per epoch. */
    public int size() {
        return preparer.size();
    }

    /** The batch size (all batches but possibly the last). */
    public int batchSize() {
        return preparer.batchSize();
    }

    /** Batches per epoch: {@code ceil(size / batchSize)}. */
    public int batchesPerEpoch() {
        return preparer.batches();
    }

    /** (C, H, W) of the served images, after augmentation. */
    public Shape imageShape() {
        return preparer.imageShape();
    }

    /** The dataset indices in the order epoch {@code epoch} serves them. */
    public int[] epochOrder(int epoch) {
        return preparer.epochOrder(epoch);
    }

    /**
     * Starts epoch {@code epoch} (any int; only its value matters, so epochs may be replayed or
     * skipped). Closes the epoch this loader opened before, if still open.
     */
    public synchronized Epoch epoch(int epoch) {
        if (closed) throw new IllegalStateException("data loader " + name + " is closed");
        if (open != null) open.close();
        open = new Epoch(epoch);
        return open;
    }

    /** Stops the open epoch's background thread, if any; later {@link #epoch} calls throw. */
    @Override
    public synchronized void close() {
        closed = true;
        if (open != null) open.close();
        open = null;
    }

    /** The batches of one epoch, in order; close it (or the loader) to stop its prefetching early. */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int epoch;
        private final Prefetcher<HostBatch> batches;

        private Epoch(int epoch) {
            this.epoch = epoch;
            int[] order = preparer.epochOrder(epoch);
            this.batches = new Prefetcher<>(name + " epoch " + epoch, preparer.batches(), prefetch,
                    b -> preparer.prepare(epoch, order, b));
        }

        /** The epoch number. */
        public int number() {
            return epoch;
        }

        @Override
        public boolean hasNext() {
            return batches.hasNext();
        }

        /** The next batch on the loader's backend; the caller owns (and closes) it. */
        @Override
        public Batch next() {
            HostBatch h = batches.next();
            Tensor images = backend.fromFloats(h.images(), h.shape());
            preparer.recycle(h.images()); // copied: the next batches may reuse the array
            try {
                return new Batch(images, backend.fromInts(h.labels(), Shape.of(h.labels().length)));
            } catch (RuntimeException e) {
                images.close();
                throw e;
            }
        }

        /** Whether this epoch's background thread is still running (for tests and diagnostics). */
        boolean producerAlive() {
            return batches.producerAlive();
        }

        @Override
        public void close() {
            batches.close();
        }
    }

    private static int[] allIndices(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** Settings of a {@link DataLoader}. */
    public static final class Builder {
        private final Dataset dataset;
        private final Backend backend;
        private final Normalization norm;
        private int[] indices;
        private int batchSize = TRAIN_BATCH_SIZE;
        private boolean shuffle;
        private long seed;
        private Augmentation augmentation = Augmentation.identity();
        private int prefetch = DEFAULT_PREFETCH;

        private Builder(Dataset dataset, Backend backend, Normalization norm) {
            this.dataset = dataset;
            this.backend = backend;
            this.norm = norm;
        }

        /** Serve only these dataset indices (copied; repeats allowed); default all. */
        public Builder indices(int[] indices) {
            this.indices = indices.clone();
            return this;
        }

        /** Examples per batch (positive); default 128. */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            this.batchSize = batchSize;
            return this;
        }

        /** Reshuffle every epoch; default off (the index order). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** The seed of the shuffling and augmentation streams; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Per-sample augmentation; default none. */
        public Builder augmentation(Augmentation augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /** Batches prepared ahead on a background thread, 0 (none, synchronous) to {@value DataLoader#MAX_PREFETCH}; default 2. */
        public Builder prefetch(int depth) {
            if (depth < 0 || depth > MAX_PREFETCH) {
                throw new IllegalArgumentException("prefetch depth must be in [0, " + MAX_PREFETCH + "], got " + depth);
            }
            this.prefetch = depth;
            return this;
        }

        /** The loader; validates indices, shapes and the normalization's channel count. */
        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
