package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.gemm.PackedTiles;
import java.util.Arrays;

/**
 * The weight gradient of a stride-1 "same" convolution (odd kernel, padding (k−1)/2) over operands
 * stored as the GEMM micro-kernel's packed panels, tap by tap over only the cells where the tap
 * reads inside the image.
 *
 * <p>For tap t, {@code gw_t (O × C) = Σ over output cells q inside and images i of gy[i][·][q] ·
 * x[i][·][q + shift(t)]ᵀ}: a product whose depth runs over (cell, image) pairs. A group of up to
 * {@link TapConv#IMAGES} images is stored once as A slabs {@code gyp[s][q][i][r]} (MR output
 * channels interleaved, as the micro-kernel reads packed A) and B panels {@code xb[cb][q][i][x]}
 * (NR input channels per row), so the operand of a run of cells in one output row is contiguous in
 * both: one micro-kernel call per tap, output row, channel block and slab, as deep as the row's
 * valid cells times the images, with nothing packed per call. im2col instead writes nine copies of
 * the input, padding included, which the GEMM then packs again.
 *
 * <p>Groups are dealt to at most {@link ConvFast#WEIGHT_PARTIALS} tasks in contiguous spans, as
 * everywhere else: task k adds its groups' tiles, in a fixed order, into partial k, and the
 * partials are summed in task order, so the bits do not depend on the thread count.
 */
final class TapWeights {
    private static final int MR = PackedTiles.rows();
    private static final int NR = PackedTiles.width();
    private static final int VL = PackedTiles.lanes();

    /** Whether the weight gradient takes this path ({@code -Dltx.conv.tapWeights}, default true). */
    static final boolean ON = Boolean.parseBoolean(System.getProperty("ltx.conv.tapWeights", "true"));
    /** Largest plane taken here. */
    static final int MAX_PLANE = Integer.getInteger("ltx.conv.tapWeightsPlane", 256);
    /** Fewest channels, on either side, taken here. */
    static final int MIN_CHANNELS = Integer.getInteger("ltx.conv.tapWeightsChannels", 64);

    private TapWeights() {
    }

    /** Whether {@code g} suits this path: stride 1, odd kernel, padding (k−1)/2, plane and channels in range. */
    static boolean applies(ConvGeometry g) {
        return ON && g.strideH() == 1 && g.strideW() == 1 && g.kh() == 2 * g.padH() + 1 && g.kw() == 2 * g.padW() + 1
                && g.inPlane() <= MAX_PLANE && Math.min(g.c(), g.o()) >= MIN_CHANNELS && g.n() > 0;
    }

    /** Input-channel blocks of NR (the last padded with zero channels). */
    static int blocks(ConvGeometry g) {
        return (g.c() + NR - 1) / NR;
    }

    /** gw = the weight gradient at gy for input x, gw (O, C, KH, KW) overwritten. */
    static float[] backwardWeight(Parallel pool, ConvGeometry g, float[] gy, float[] x, float[] gw) {
        int taps = g.kh() * g.kw();
        int slabs = TapPanels.slabs(g.o());
        int blocks = blocks(g);
        int size = taps * slabs * blocks * MR * NR;
        int groups = (g.n() + TapConv.IMAGES - 1) / TapConv.IMAGES;
        int tasks = Math.min(groups, ConvFast.WEIGHT_PARTIALS);
        float[] partials = ConvScratch.get(ConvScratch.PARTIALS, tasks * size);
        TapConv.each(pool, tasks, task -> {
            ConvFast.Span span = ConvFast.Span.of(task, tasks, groups);
            int plane = g.inPlane();
            float[] gyp = ConvScratch.get(ConvScratch.BLOCK, slabs * MR * plane * TapConv.IMAGES);
            float[] xb = ConvScratch.get(ConvScratch.COLS, blocks * NR * plane * TapConv.IMAGES);
            Arrays.fill(partials, task * size, (task + 1) * size, 0f);
            for (int gi = span.groupFrom(); gi < span.groupTo(); gi++) {
                int n0 = gi * TapConv.IMAGES;
                int count = Math.min(TapConv.IMAGES, g.n() - n0);
                pool.forRange(slabs, 4, (s0, s1) -> packGradient(g, gy, n0, count, gyp, s0, s1));
                pool.forRange(blocks, 1, (b0, b1) -> packInput(g, x, n0, count, xb, b0, b1));
                if (pool.serialHere()) {
                    rows(g, count, gyp, xb, partials, task * size, 0, slabs);
                } else { // one chunk of slabs per thread: each keeps the B panels of a row hot across its slabs
                    pool.forRange(slabs, (slabs + pool.threads() - 1) / pool.threads(),
                            (s0, s1) -> rows(g, count, gyp, xb, partials, task * size, s0, s1));
                }
            }
        });
        pool.forRange(g.o(), 8, (o0, o1) -> gather(g, partials, tasks, size, gw, o0, o1));
        return gw;
    }

    /**
     * Adds one group's tiles of slabs s0..s1−1 into the partial at {@code off}, laid out
     * [t][s][cb][r][x]: for each output row, tap whose kernel row reads inside the image, channel
     * block and slab, one micro-kernel call over the row's valid cells × images.
     */
    static void rows(ConvGeometry g, int count, float[] gyp, float[] xb, float[] part, int off, int s0, int s1) {
        int h = g.h();
        int w = g.w();
        int plane = h * w;
        int kw = g.kw();
        int taps = g.kh() * kw;
        int slabs = TapPanels.slabs(g.o());
        int blocks = blocks(g);
        float[] tile = ConvScratch.get(ConvScratch.TILE, MR * NR);
        for (int row = 0; row < h; row++) {
            for (int t = 0; t < taps; t++) {
                int ih = row + t / kw - g.padH();
                int b = t % kw;
                int w0 = Math.max(0, g.padW() - b);
                int w1 = Math.min(w, w + g.padW() - b);
                if (ih < 0 || ih >= h || w0 >= w1) continue;
                int q0 = row * w + w0;
                int src = ih * w + w0 + b - g.padW();
                int kc = (w1 - w0) * count;
                for (int cb = 0; cb < blocks; cb++) {
                    int vectors = (Math.min(NR, g.c() - cb * NR) + VL - 1) / VL;
                    int bo = (cb * plane + src) * count * NR;
                    for (int s = s0; s < s1; s++) {
                        PackedTiles.multiply(vectors, kc, gyp, (s * plane + q0) * count * MR, xb, bo, tile);
                        TapPanels.addTile(tile, part, off + ((t * slabs + s) * blocks + cb) * MR * NR);
                    }
                }
            }
        }
    }

    /**
     * gyp[s][q][i][r] = gy[n0 + i][s·MR + r][q] for slabs s0..s1−1, zero rows past O: written in
     * order, each cell's MR × count values read across the images' planes.
     */
    static void packGradient(ConvGeometry g, float[] gy, int n0, int count, float[] gyp, int s0, int s1) {
        int plane = g.inPlane();
        for (int s = s0; s < s1; s++) {
            int rows = Math.min(MR, g.o() - s * MR);
            for (int q = 0; q < plane; q++) {
                int dst = (s * plane + q) * count * MR;
                for (int i = 0; i < count; i++) {
                    int src = ((n0 + i) * g.o() + s * MR) * plane + q;
                    for (int r = 0; r < rows; r++) gyp[dst + i * MR + r] = gy[src + r * plane];
                    for (int r = rows; r < MR; r++) gyp[dst + i * MR + r] = 0f;
                }
            }
        }
    }

    /**
     * xb[cb][q][i][x] = x[n0 + i][cb·NR + x][q] for channel blocks b0..b1−1, zeros past C: each panel
     * row written in order, its NR channels read across as many input planes (lines that stay in L1
     * over the row's neighbours).
     */
    static void packInput(ConvGeometry g, float[] x, int n0, int count, float[] xb, int b0, int b1) {
        int plane = g.inPlane();
        for (int cb = b0; cb < b1; cb++) {
            int channels = Math.min(NR, g.c() - cb * NR);
            for (int i = 0; i < count; i++) {
                int src = ((n0 + i) * g.c() + cb * NR) * plane;
                for (int q = 0; q < plane; q++) {
                    int dst = ((cb * plane + q) * count + i) * NR;
                    for (int cx = 0; cx < channels; cx++) xb[dst + cx] = x[src + cx * plane + q];
                    for (int cx = channels; cx < NR; cx++) xb[dst + cx] = 0f;
                }
            }
        }
    }

    /** gw[o][c][t] = Σ over tasks, in order, of the partials' [t][s][cb][r][x] for o = s·MR + r, c = cb·NR + x. */
    static void gather(ConvGeometry g, float[] partials, int tasks, int size, float[] gw, int o0, int o1) {
        int taps = g.kh() * g.kw();
        int slabs = TapPanels.slabs(g.o());
        int blocks = blocks(g);
        for (int o = o0; o < o1; o++) {
            int s = o / MR;
            int r = o % MR;
            for (int t = 0; t < taps; t++) {
                for (int c = 0; c < g.c(); c++) {
                    int src = ((t * slabs + s) * blocks + c / NR) * MR * NR + r * NR + c % NR;
                    float sum = partials[src];
                    for (int k = 1; k < tasks; k++) sum += partials[k * size + src];
                    gw[(o * g.c() + c) * taps + t] = sum;
                }
            }
        }
    }
}
