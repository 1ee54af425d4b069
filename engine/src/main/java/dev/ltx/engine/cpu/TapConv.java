package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.gemm.Sgemm;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A deep "same" convolution on small planes (forward and both gradients), computed tap by tap over
 * only the output cells where each tap reads inside the image.
 *
 * <p>Why: im2col lowers the padding too, so on a 4x4 map a 3x3 kernel multiplies zeros in 44 of
 * its 144 tap-cell pairs (31 % of the nominal work; 16 % on 8x8, 8 % on 16x16), and the column
 * matrix is written and then packed again. The forward pass and the input gradient (the same kind of
 * convolution of the output gradient with the flipped, transposed kernel: odd kernel, padding
 * (k−1)/2) run in {@link TapPanels}: a group of {@link #IMAGES} images is stored once as the
 * micro-kernel's packed B panels, one per cell, and each output tile sums one micro-kernel call per
 * valid tap. The weight gradient transposes a group to {@code xt[c][cell][image]} (images fastest):
 * for tap (a, b), the input of output cells {@code row·W + w0 .. row·W + w1} is then the contiguous
 * column range of {@code xt} starting at the shifted cell, and one GEMM per tap and output row
 * ({@link #backwardWeight}) sums its products. Groups run as pool tasks when there are at least as
 * many as threads, else one after another with the work inside each spread over the pool; the bits
 * are the same either way.
 */
final class TapConv {
    /** Images per group: a multiple of every tile width, so each tap's column range is whole tiles. */
    static final int IMAGES = 64;
    /** Largest plane handled here. */
    static final int MAX_PLANE = Integer.getInteger("ltx.conv.tapPlane", 64);
    /** Largest plane whose weight gradient is taken here (on 8x8 it measured no faster than im2col's). */
    static final int WEIGHT_MAX_PLANE = Integer.getInteger("ltx.conv.tapWeightPlane", 16);
    /**
     * Fewest channels, on either side, handled here: each GEMM is as deep as the input channels
     * (forward) or the output channels (input gradient).
     */
    static final int MIN_CHANNELS = Integer.getInteger("ltx.conv.tapChannels", 128);

    private TapConv() {
    }

    /** Whether {@code g} suits this path: stride 1, odd kernel, padding (k−1)/2, a small plane, deep enough. */
    static boolean applies(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.kh() == 2 * g.padH() + 1 && g.kw() == 2 * g.padW() + 1
                && g.inPlane() <= MAX_PLANE && Math.min(g.c(), g.o()) >= MIN_CHANNELS && g.n() > 0;
    }

    /** Whether the weight gradient of {@code g} is taken here: {@link #applies} and a plane up to {@link #WEIGHT_MAX_PLANE}. */
    static boolean appliesToWeight(ConvGeometry g) {
        return applies(g) && g.inPlane() <= WEIGHT_MAX_PLANE;
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
     * gw = the weight gradient at gy for input x: per tap, gw_t (O × C) = Σ over the cells where the
     * tap reads inside the image of gy(cell) · x(cell + shift)ᵀ, one GEMM per tap and output row
     * (one per tap over all its rows where the tap is in the kernel's centre column). Groups are
     * dealt to at most {@link ConvFast#WEIGHT_PARTIALS} tasks in contiguous spans; task t sums its groups
     * in order into partial t, and the partials are added in task order.
     */
    static float[] backwardWeight(Parallel pool, ConvGeometry g, float[] gy, float[] x, float[] gw) {
        int taps = g.kh() * g.kw();
        int size = taps * g.o() * g.c();
        int plane = g.inPlane();
        int groups = (g.n() + IMAGES - 1) / IMAGES;
        int tasks = Math.min(groups, ConvFast.WEIGHT_PARTIALS);
        float[] partials = ConvScratch.get(ConvScratch.PARTIALS, tasks * size);
        each(pool, tasks, task -> {
            ConvFast.Span span = ConvFast.Span.of(task, tasks, groups);
            float[] xt = ConvScratch.get(ConvScratch.COLS, g.c() * plane * IMAGES);
            float[] gyt = ConvScratch.get(ConvScratch.BLOCK, g.o() * plane * IMAGES);
            for (int gi = span.groupFrom(); gi < span.groupTo(); gi++) {
                int n0 = gi * IMAGES;
                int count = Math.min(IMAGES, g.n() - n0);
                toCellMajor(x, n0, count, g.c(), plane, xt);
                toCellMajor(gy, n0, count, g.o(), plane, gyt);
                weightGroup(pool, g, count, gyt, xt, partials, task * size, gi == span.groupFrom());
            }
        });
        int cs = g.c();
        pool.forRange(g.o(), 8, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int t = 0; t < taps; t++) {
                    int src = (t * g.o() + o) * cs;
                    int dst = o * cs * taps + t;
                    for (int c = 0; c < cs; c++) {
                        float sum = partials[src + c];
                        for (int k = 1; k < tasks; k++) sum += partials[k * size + src + c];
                        gw[dst + c * taps] = sum;
                    }
                }
            }
        });
        return gw;
    }

    /**
     * One group's products added into gwt[t][o][c] at {@code off}; the {@code first} group of a task
     * writes instead (a tap that never reads inside the image gets zeros).
     */
    private static void weightGroup(Parallel pool, ConvGeometry g, int count, float[] gyt, float[] xt, float[] gwt,
                                    int off, boolean first) {
        int h = g.h();
        int w = g.w();
        int ld = h * w * count;
        int kw = g.kw();
        int taps = g.kh() * kw;
        int oc = g.o() * g.c();
        for (int t = 0; t < taps; t++) {
            int a = t / kw;
            int b = t % kw;
            int r0 = Math.max(0, g.padH() - a);
            int r1 = Math.min(h, h + g.padH() - a);
            int w0 = Math.max(0, g.padW() - b);
            int w1 = Math.min(w, w + g.padW() - b);
            if (r0 >= r1 || w0 >= w1) {
                if (first) Arrays.fill(gwt, off + t * oc, off + (t + 1) * oc, 0f);
                continue;
            }
            int shift = (a - g.padH()) * w + (b - g.padW());
            boolean wholeRows = w0 == 0 && w1 == w;
            for (int row = r0; row < r1; row = wholeRows ? r1 : row + 1) {
                int p0 = row * w + w0;
                int cells = wholeRows ? (r1 - r0) * w : w1 - w0;
                Sgemm.sgemm(pool, false, true, g.o(), g.c(), cells * count, 1f, gyt, p0 * count, ld,
                        xt, (p0 + shift) * count, ld, first && row == r0 ? 0f : 1f, gwt, off + t * oc, g.c());
            }
        }
    }

    /**
     * {@code body(0..n−1)}: as pool tasks when there are at least as many as threads, else one
     * after another on this thread, so that each one's GEMMs spread over the pool (batch 128 makes
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

    /** t[c][q][i] = in[n0 + i][c][q]. */
    static void toCellMajor(float[] in, int n0, int count, int channels, int plane, float[] t) {
        for (int c = 0; c < channels; c++) {
            int dst = c * plane * count;
            for (int i = 0; i < count; i++) {
                int src = ((n0 + i) * channels + c) * plane;
                for (int q = 0; q < plane; q++) t[dst + q * count + i] = in[src + q];
            }
        }
    }
}
