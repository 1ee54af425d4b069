package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import java.util.function.IntConsumer;

/**
 * The forward pass and input gradient of a deep "same" convolution on small planes, computed tap by
 * tap over only the output cells where each tap reads inside the image.
 *
 * <p>Why: im2col lowers the padding too, so on a 4x4 map a 3x3 kernel multiplies zeros in 44 of
 * its 144 tap-cell pairs (31 % of the nominal work; 16 % on 8x8, 8 % on 16x16), and the column
 * matrix is written and then packed again. The forward pass and the input gradient (the same kind of
 * convolution of the output gradient with the flipped, transposed kernel: odd kernel, padding
 * (k−1)/2) run in {@link TapPanels}: a group of {@link #IMAGES} images is stored once as the
 * micro-kernel's packed B panels, one per cell, and each output tile sums one micro-kernel call per
 * valid tap. The weight gradient of these and other "same" convolutions is {@link TapWeights}'. Image
 * groups run as pool tasks when there are at least as many as threads ({@link #each}), else one after
 * another with the work inside each spread over the pool; the bits are the same either way.
 */
final class TapConv {
    /** Images per group: a multiple of every micro-kernel panel width, so each cell holds whole panels. */
    static final int IMAGES = 64;
    /** Largest plane handled here. */
    static final int MAX_PLANE = Integer.getInteger("ltx.conv.tapPlane", 64);
    /**
     * Fewest channels, on either side, handled here: each micro-kernel call is as deep as the input
     * channels (forward) or the output channels (input gradient).
     */
    static final int MIN_CHANNELS = Integer.getInteger("ltx.conv.tapChannels", 128);

    private TapConv() {
    }

    /** Whether {@code g} suits this path: stride 1, odd kernel, padding (k−1)/2, a small plane, deep enough. */
    static boolean applies(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.kh() == 2 * g.padH() + 1 && g.kw() == 2 * g.padW() + 1
                && g.inPlane() <= MAX_PLANE && Math.min(g.c(), g.o()) >= MIN_CHANNELS && g.n() > 0;
    }

    /** y = conv(x, w) + bias. */
    static float[] forward(Parallel pool, ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        float[] wp = ConvScratch.get(ConvScratch.WEIGHT_T, TapPanels.weightSize(g, g.c(), g.o()));
        TapPanels.packWeight(pool, g, w, false, wp);
        TapPanels.run(pool, g, g.c(), g.o(), x, wp, bias, y);
        return y;
    }

    /** gx = the input gradient of conv(·, w) at gy: the same pass with the flipped, transposed kernel. */
    static float[] backwardInput(Parallel pool, ConvGeometry g, float[] gy, float[] w, float[] gx) {
        float[] wp = ConvScratch.get(ConvScratch.WEIGHT_T, TapPanels.weightSize(g, g.o(), g.c()));
        TapPanels.packWeight(pool, g, w, true, wp);
        TapPanels.run(pool, g, g.o(), g.c(), gy, wp, null, gx);
        return gx;
    }

    /**
     * {@code body(0..n−1)}: as pool tasks when there are at least as many as threads, else one
     * after another on this thread, so that each one's work spreads over the pool (batch 128 makes
     * two image groups; on four cores two tasks would leave half of them idle). Either way each
     * index does the same operations, so the bits do not depend on the thread count.
     */
    static void each(Parallel pool, int n, IntConsumer body) {
        if (n >= pool.threads() || pool.serialHere()) {
            pool.forEach(n, body);
        } else {
            for (int i = 0; i < n; i++) body.accept(i);
        }
    }
}
