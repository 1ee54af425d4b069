package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DataLoaderTest {
    private final Backend b = CpuBackend.reference();

    /** n 1x1x2 images whose two bytes spell their own index, label index % 7. */
    static Dataset indexed(int n) {
        byte[] px = new byte[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[2 * i] = (byte) (i >> 8);
            px[2 * i + 1] = (byte) i;
            labels[i] = i % 7;
        }
        return Dataset.of("indexed", px, labels, 7, 1, 1, 2);
    }

    /** The example indices of a batch of {@link #indexed} images under unit scaling. */
    static int[] decode(Batch batch) {
        float[] x = batch.images().toFloats();
        int[] ids = new int[batch.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = Math.round(x[2 * k] * 255) * 256 + Math.round(x[2 * k + 1] * 255);
        }
        return ids;
    }

    /** All batches of one epoch as (images, labels) host arrays. */
    static List<Object[]> drain(DataLoader loader, int epoch) {
        List<Object[]> out = new ArrayList<>();
        try (DataLoader.Epoch it = loader.epoch(epoch)) {
            while (it.hasNext()) {
                try (Batch batch = it.next()) {
                    out.add(new Object[] {batch.images().toFloats(), batch.labels().toLongs(), batch.images().shape()});
                }
            }
        }
        return out;
    }

    static void assertSameBatches(List<Object[]> expected, List<Object[]> got) {
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i)[2], got.get(i)[2], "shape of batch " + i);
            assertArrayEquals((float[]) expected.get(i)[0], (float[]) got.get(i)[0], "images of batch " + i);
            assertArrayEquals((long[]) expected.get(i)[1], (long[]) got.get(i)[1], "labels of batch " + i);
        }
    }

    private DataLoader.Builder indexedLoader(Dataset d) {
        return DataLoader.builder(d, b, Normalization.unitScale(1));
    }

    @Test
    void everyIndexOncePerEpochInTheAnnouncedOrderWithAPartialLastBatch() {
        Dataset d = indexed(300);
        int[] indices = new Rng(1).permutation(300);
        indices = Arrays.copyOf(indices, 103); // a subset, in a scrambled order
        try (DataLoader loader = indexedLoader(d).indices(indices).batchSize(10).shuffle(true).seed(5).build()) {
            assertEquals(11, loader.batchesPerEpoch());
            for (int e = 0; e < 3; e++) {
                List<Integer> served = new ArrayList<>();
                List<Integer> sizes = new ArrayList<>();
                try (DataLoader.Epoch it = loader.epoch(e)) {
                    while (it.hasNext()) {
                        try (Batch batch = it.next()) {
                            sizes.add(batch.size());
                            assertEquals(Shape.of(batch.size(), 1, 1, 2), batch.images().shape());
                            assertEquals(DType.I32, batch.labels().dtype());
                            int[] ids = decode(batch);
                            int[] labels = b.toInts(batch.labels());
                            for (int k = 0; k < ids.length; k++) {
                                served.add(ids[k]);
                                assertEquals(ids[k] % 7, labels[k], "label travels with its image");
                            }
                        }
                    }
                }
                assertEquals(List.of(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3), sizes);
                int[] got = served.stream().mapToInt(Integer::intValue).toArray();
                assertArrayEquals(loader.epochOrder(e), got);
                int[] sortedGot = got.clone();
                int[] sortedExpected = indices.clone();
                Arrays.sort(sortedGot);
                Arrays.sort(sortedExpected);
                assertArrayEquals(sortedExpected, sortedGot, "epoch " + e + " is not a permutation of the indices");
            }
        }
    }

    @Test
    void ordersDependOnSeedAndEpochOnly() {
        Dataset d = indexed(50);
        DataLoader a = indexedLoader(d).shuffle(true).seed(7).build();
        DataLoader again = indexedLoader(d).shuffle(true).seed(7).batchSize(3).prefetch(0).build();
        DataLoader other = indexedLoader(d).shuffle(true).seed(8).build();
        assertArrayEquals(a.epochOrder(4), again.epochOrder(4));
        assertNotEquals(Arrays.toString(a.epochOrder(0)), Arrays.toString(a.epochOrder(1)));
        assertNotEquals(Arrays.toString(a.epochOrder(0)), Arrays.toString(other.epochOrder(0)));
        assertNotEquals(Arrays.toString(allIndices(50)), Arrays.toString(a.epochOrder(0)));
        // Replaying an epoch out of order gives the same batches.
        List<Object[]> direct = drain(a, 2);
        drain(again, 0);
        drain(again, 1);
        assertSameBatches(direct, drain(a, 2));
        DataLoader plain = indexedLoader(d).build();
        assertArrayEquals(allIndices(50), plain.epochOrder(0));
        assertArrayEquals(allIndices(50), plain.epochOrder(9));
    }

    @Test
    void sameSeedSameAugmentedBatchesAndPrefetchChangesNothing() {
        Dataset d = SyntheticDataset.cifarLike(45, 3);
        DataLoader.Builder base = DataLoader.builder(d, b, Normalization.IMAGENET).batchSize(16).shuffle(true).seed(11)
                .augmentation(AugmentationPipeline.CIFAR_OFFICIAL);
        List<Object[]> sync = drain(base.prefetch(0).build(), 1);
        assertEquals(3, sync.size());
        assertEquals(Shape.of(13, 3, 32, 32), sync.get(2)[2]);
        assertSameBatches(sync, drain(base.prefetch(1).build(), 1));
        assertSameBatches(sync, drain(base.prefetch(2).build(), 1));
        try (DataLoader twoThreads = DataLoader.builder(d, new CpuBackend(CpuBackend.Mode.FAST, 2),
                Normalization.IMAGENET).batchSize(16).shuffle(true).seed(11)
                .augmentation(AugmentationPipeline.CIFAR_OFFICIAL).build()) {
            assertSameBatches(sync, drain(twoThreads, 1));
        }
        // Augmentation really ran, and differs between epochs and seeds.
        List<Object[]> plain = drain(DataLoader.builder(d, b, Normalization.IMAGENET).batchSize(16).shuffle(true)
                .seed(11).build(), 1);
        assertArrayEquals((long[]) plain.get(0)[1], (long[]) sync.get(0)[1]);
        assertFalse(Arrays.equals((float[]) plain.get(0)[0], (float[]) sync.get(0)[0]));
        assertFalse(Arrays.equals((float[]) sync.get(0)[0], (float[]) drain(base.build(), 2).get(0)[0]));
        assertFalse(Arrays.equals((float[]) sync.get(0)[0], (float[]) drain(base.seed(12).build(), 1).get(0)[0]));
    }

    @Test
    void augmentedPathNormalizesExactlyLikeDatasetBatch() {
        // A crop of the full image is the identity but takes the per-sample path: same floats as Dataset.batch.
        Dataset d = SyntheticDataset.cifarLike(20, 4);
        int[] idx = {3, 1, 4, 1, 5, 9, 2, 6};
        DataLoader loader = DataLoader.builder(d, b, Normalization.IMAGENET).indices(idx).batchSize(8)
                .augmentation(new RandomCrop(32, 0)).build();
        try (DataLoader.Epoch it = loader.epoch(0); Batch got = it.next();
             Batch expected = d.batch(b, idx, 0, 8, Normalization.IMAGENET)) {
            assertArrayEquals(expected.images().toFloats(), got.images().toFloats());
            assertArrayEquals(b.toInts(expected.labels()), b.toInts(got.labels()));
            assertFalse(it.hasNext());
        }
    }

    @Test
    void evaluationLoaderKeepsOrderAndDoesNotAugment() {
        Dataset d = indexed(1100);
        int[] idx = allIndices(1100);
        try (DataLoader eval = DataLoader.evaluation(d, idx, b, Normalization.unitScale(1))) {
            assertEquals(512, eval.batchSize());
            assertEquals(3, eval.batchesPerEpoch());
            List<Integer> sizes = new ArrayList<>();
            int next = 0;
            try (DataLoader.Epoch it = eval.epoch(5)) {
                while (it.hasNext()) {
                    try (Batch batch = it.next()) {
                        sizes.add(batch.size());
                        for (int id : decode(batch)) assertEquals(next++, id);
                    }
                }
            }
            assertEquals(List.of(512, 512, 76), sizes);
        }
        try (DataLoader train = DataLoader.training(d, idx, b, Normalization.unitScale(1), AugmentationPipeline.NONE, 1)) {
            assertEquals(128, train.batchSize());
            assertEquals(9, train.batchesPerEpoch());
            assertNotEquals(Arrays.toString(idx), Arrays.toString(train.epochOrder(0)));
        }
    }

    @Test
    void closingMidEpochStopsTheProducer() {
        AtomicInteger calls = new AtomicInteger();
        Augmentation counting = new CountingIdentity(calls);
        DataLoader loader = indexedLoader(indexed(1000)).batchSize(2).augmentation(counting).build();
        DataLoader.Epoch it = loader.epoch(0);
        try (Batch first = it.next()) {
            assertEquals(2, first.size());
        }
        loader.close();
        assertFalse(it.producerAlive(), "producer thread still running after close");
        assertFalse(it.hasNext());
        assertThrows(IllegalStateException.class, it::next);
        int after = calls.get();
        // The producer prepared at most the consumed batch, the queue (2) and the one in hand.
        assertTrue(after <= 2 * 4, after + " samples prepared");
        assertThrows(IllegalStateException.class, () -> loader.epoch(1));
        it.close(); // idempotent
        assertEquals(after, calls.get(), "samples were still being prepared after close");
    }

    @Test
    void closingFromAnotherThreadWakesABlockedConsumer() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Augmentation blocking = new Augmentation() {
            @Override
            public ByteImage apply(ByteImage image, Rng rng) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted", e);
                }
                return image;
            }

            @Override
            public Shape outputShape(Shape input) {
                return input;
            }
        };
        DataLoader loader = indexedLoader(indexed(10)).batchSize(2).augmentation(blocking).build();
        DataLoader.Epoch it = loader.epoch(0);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            try {
                it.next();
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        consumer.start();
        while (consumer.getState() != Thread.State.WAITING) Thread.onSpinWait(); // blocked in take()
        it.close();
        consumer.join();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        assertTrue(seen.get().getMessage().contains("closed"), seen.get().getMessage());
        assertFalse(it.producerAlive());
    }

    @Test
    void producerExceptionSurfacesInTheConsumerWithAndWithoutPrefetch() {
        for (int depth = 0; depth <= 2; depth++) {
            Augmentation failing = new Augmentation() {
                private final AtomicInteger n = new AtomicInteger();

                @Override
                public ByteImage apply(ByteImage image, Rng rng) {
                    if (n.incrementAndGet() == 25) throw new ArithmeticException("sample 25 is broken");
                    return image;
                }

                @Override
                public Shape outputShape(Shape input) {
                    return input;
                }
            };
            DataLoader loader = indexedLoader(indexed(60)).batchSize(10).augmentation(failing).prefetch(depth).build();
            DataLoader.Epoch it = loader.epoch(0);
            it.next().close();
            it.next().close();
            IllegalStateException e = assertThrows(IllegalStateException.class, it::next, "depth " + depth);
            assertTrue(e.getCause() instanceof ArithmeticException, "depth " + depth + ": " + e);
            assertTrue(e.getMessage().contains("item 2") && e.getMessage().contains("sample 25"), e.getMessage());
            assertFalse(it.hasNext());
            assertFalse(it.producerAlive());
            loader.close();
        }
    }

    @Test
    void openingANewEpochClosesThePreviousOne() {
        DataLoader loader = indexedLoader(indexed(100)).batchSize(1).build();
        DataLoader.Epoch first = loader.epoch(0);
        first.next().close();
        DataLoader.Epoch second = loader.epoch(1);
        assertFalse(first.producerAlive());
        assertThrows(IllegalStateException.class, first::next);
        assertEquals(1, second.number());
        int count = 0;
        while (second.hasNext()) {
            second.next().close();
            count++;
        }
        assertEquals(100, count);
        assertThrows(NoSuchElementException.class, second::next);
        second.close();
        assertFalse(second.producerAlive());
        loader.close();
    }

    @Test
    void validatesItsSettings() {
        Dataset d = indexed(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.builder(d, b, Normalization.IMAGENET).build());
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> indexedLoader(d).indices(new int[] {10}).build());
        assertThrows(IllegalArgumentException.class, () -> indexedLoader(d).batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> indexedLoader(d).prefetch(3));
        assertThrows(IllegalArgumentException.class, () -> indexedLoader(d).augmentation(new RandomCrop(4, 0)).build());
        DataLoader empty = indexedLoader(d).indices(new int[0]).build();
        assertEquals(0, empty.batchesPerEpoch());
        assertFalse(empty.epoch(0).hasNext());
        Augmentation lying = new Augmentation() {
            @Override
            public ByteImage apply(ByteImage image, Rng rng) {
                return ImageOps.zeroPad(image, 1);
            }

            @Override
            public Shape outputShape(Shape input) {
                return input;
            }
        };
        DataLoader bad = indexedLoader(d).augmentation(lying).prefetch(0).build();
        IllegalStateException wrong = assertThrows(IllegalStateException.class, () -> bad.epoch(0).next());
        assertTrue(wrong.getCause().getMessage().contains(Shape.of(1, 3, 4).toString()), wrong.getCause().getMessage());
    }

    @Test
    void builderCopiesIndices() {
        Dataset d = indexed(10);
        int[] idx = {1, 2, 3};
        DataLoader.Builder builder = indexedLoader(d).indices(idx);
        idx[0] = 9;
        DataLoader loader = builder.build();
        assertArrayEquals(new int[] {1, 2, 3}, loader.epochOrder(0));
        assertEquals(Shape.of(1, 1, 2), loader.imageShape());
    }

    static int[] allIndices(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    /** Identity that counts its calls (and is not the identity singleton, so it runs per sample). */
    private record CountingIdentity(AtomicInteger calls) implements Augmentation {
        @Override
        public ByteImage apply(ByteImage image, Rng rng) {
            calls.incrementAndGet();
            return image;
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }
    }
}
