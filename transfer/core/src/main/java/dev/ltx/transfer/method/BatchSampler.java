package dev.ltx.transfer.method;

import dev.ltx.engine.Backend;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.transfer.TransferData;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh shuffled, augmented training batches, as the official code gets them by opening a new
 * shuffled loader for every gradient pair, BN re-estimation and fine-tuning run — except that the
 * shuffle and augmentation come from an explicit seed (ltx decision 5), so a transfer is
 * reproducible. Loaders run without prefetch threads.
 */
public final class BatchSampler {
    private final TransferData data;
    private final Backend backend;

    public BatchSampler(TransferData data, Backend backend) {
        this.data = data;
        this.backend = backend;
    }

    public TransferData data() {
        return data;
    }

    public Backend backend() {
        return backend;
    }

    /** The first {@code count} batches of {@code batchSize} of a training epoch shuffled by {@code seed} (wrapping to later epochs if needed). */
    public List<Batch> first(int count, int batchSize, long seed) {
        List<Batch> out = new ArrayList<>(count);
        if (count == 0) return out;
        try (DataLoader loader = trainingLoader(batchSize, seed)) {
            int epoch = 0;
            while (out.size() < count) {
                try (DataLoader.Epoch it = loader.epoch(epoch++)) {
                    while (it.hasNext() && out.size() < count) out.add(it.next());
                }
            }
        }
        return out;
    }

    /** A shuffled, augmented training loader of {@code batchSize} seeded by {@code seed}. */
    public DataLoader trainingLoader(int batchSize, long seed) {
        return DataLoader.builder(data.train(), backend, data.normalization()).batchSize(batchSize).shuffle(true)
                .seed(seed).augmentation(data.augmentation()).prefetch(0).build();
    }

    /** Closes every batch. */
    public static void close(List<Batch> batches) {
        batches.forEach(Batch::close);
    }
}
