package dev.ltx.nn.data;

import dev.ltx.engine.Rng;

/**
 * Seeded synthetic image datasets for tests and smoke runs: class {@code k} is a bright Gaussian
 * blob on a dark noisy background, centred at angle {@code 2πk/K} on a circle around the image
 * centre, with per-channel brightness that also depends on the class. Each example jitters the
 * blob's position by up to {@code ±jitter} pixels and its brightness by ±20%, and adds uniform
 * noise, so a small MLP or CNN learns the classes in a few epochs while a constant predictor
 * cannot beat {@code 1/K}. Labels are balanced (class counts differ by at most one) and in a
 * seeded random order. The whole dataset is a pure function of its arguments.
 */
public final class SyntheticDataset {
    private static final double BACKGROUND = 30;
    private static final double PEAK = 190;
    private static final double NOISE = 25;

    private SyntheticDataset() {
    }

    /** {@code n} MNIST-shaped examples: 1×28×28, 10 classes. */
    public static Dataset mnistLike(int n, long seed) {
        return generate("synthetic-mnist", n, 10, 1, 28, 28, seed);
    }

    /** {@code n} CIFAR-shaped examples: 3×32×32, 10 classes. */
    public static Dataset cifarLike(int n, long seed) {
        return generate("synthetic-cifar", n, 10, 3, 32, 32, seed);
    }

    /** {@code n} examples of {@code numClasses} classes, {@code channels}×{@code height}×{@code width} (sides at least 4). */
    public static Dataset generate(String name, int n, int numClasses, int channels, int height, int width, long seed) {
        if (n < 0 || numClasses <= 0 || channels <= 0 || height < 4 || width < 4) {
            throw new IllegalArgumentException("need n >= 0, numClasses > 0, channels > 0 and sides >= 4, got n " + n
                    + ", " + numClasses + " classes, " + channels + "x" + height + "x" + width);
        }
        Rng rng = new Rng(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = i % numClasses;
        rng.shuffle(labels);
        int side = Math.min(height, width);
        double radius = 0.28 * side;
        double sigma = 0.13 * side;
        int jitter = Math.max(1, side / 14);
        int plane = height * width;
        byte[] pixels = new byte[Math.multiplyExact(n, channels * plane)];
        for (int i = 0; i < n; i++) {
            int k = labels[i];
            double angle = 2 * Math.PI * k / numClasses;
            double cy = (height - 1) / 2.0 + radius * Math.sin(angle) + rng.nextInt(2 * jitter + 1) - jitter;
            double cx = (width - 1) / 2.0 + radius * Math.cos(angle) + rng.nextInt(2 * jitter + 1) - jitter;
            double brightness = 0.8 + 0.4 * rng.nextDouble();
            for (int c = 0; c < channels; c++) {
                double gain = channels == 1 ? 1.0
                        : 0.55 + 0.45 * Math.cos(2 * Math.PI * ((double) k / numClasses + (double) c / channels));
                int base = (i * channels + c) * plane;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double d2 = (y - cy) * (y - cy) + (x - cx) * (x - cx);
                        double v = BACKGROUND + PEAK * brightness * gain * Math.exp(-d2 / (2 * sigma * sigma))
                                + NOISE * (rng.nextDouble() - 0.5) * 2;
                        pixels[base + y * width + x] = (byte) Math.max(0, Math.min(255, (int) Math.rint(v)));
                    }
                }
            }
        }
        return new Dataset(name, pixels, labels, numClasses, channels, height, width);
    }
}
