package dev.ltx.nn.data;

import java.util.Arrays;

/**
 * Per-channel normalization of 8-bit pixels: {@code x = (byte / 255 - mean[c]) / std[c]}, the
 * same as torchvision's {@code ToTensor()} followed by {@code Normalize(mean, std)}. Applied
 * through a 256-entry lookup table per channel, computed in double and rounded once to float.
 */
public final class Normalization {
    /** MNIST statistics (mean 0.1307, std 0.3081). */
    public static final Normalization MNIST = new Normalization("mnist", new double[] {0.1307}, new double[] {0.3081});
    /** Fashion-MNIST statistics (mean 0.2860, std 0.3530). */
    public static final Normalization FASHION_MNIST =
            new Normalization("fashion-mnist", new double[] {0.2860}, new double[] {0.3530});
    /** ImageNet statistics, which the paper's code applies to CIFAR-10/100 as well. */
    public static final Normalization IMAGENET = new Normalization("imagenet",
            new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});

    private final String name;
    private final double[] mean;
    private final double[] std;
    private final float[][] table;

    /** A normalization with one mean and one positive std per channel. */
    public Normalization(String name, double[] mean, double[] std) {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("mean " + Arrays.toString(mean) + " and std " + Arrays.toString(std)
                    + " must be non-empty and of equal length");
        }
        this.name = name;
        this.mean = mean.clone();
        this.std = std.clone();
        this.table = new float[mean.length][256];
        for (int c = 0; c < mean.length; c++) {
            if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("std must be positive and finite, mean finite: mean "
                        + Arrays.toString(mean) + ", std " + Arrays.toString(std));
            }
            for (int v = 0; v < 256; v++) table[c][v] = (float) ((v / 255.0 - mean[c]) / std[c]);
        }
    }

    /** Only scales to [0, 1] ({@code mean 0, std 1}) for {@code channels} channels. */
    public static Normalization unitScale(int channels) {
        double[] zero = new double[channels];
        double[] one = new double[channels];
        Arrays.fill(one, 1.0);
        return new Normalization("unit", zero, one);
    }

    /** Short name, e.g. {@code mnist}. */
    public String name() {
        return name;
    }

    /** Number of channels this normalization applies to. */
    public int channels() {
        return mean.length;
    }

    /** A copy of the per-channel means. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the per-channel standard deviations. */
    public double[] std() {
        return std.clone();
    }

    /** The normalized value of the unsigned pixel byte {@code raw} in channel {@code channel}. */
    public float apply(int channel, byte raw) {
        return table[channel][raw & 0xff];
    }

    /** Normalizes {@code count} pixels of one channel from {@code src[from..]} into {@code dst[at..]}. */
    void applyPlane(int channel, byte[] src, int from, int count, float[] dst, int at) {
        float[] t = table[channel];
        for (int i = 0; i < count; i++) dst[at + i] = t[src[from + i] & 0xff];
    }

    @Override
    public String toString() {
        return "Normalization[" + name + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
    }
}
