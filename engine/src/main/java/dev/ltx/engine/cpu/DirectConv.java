package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A "same" convolution (stride 1, odd kernel, padding (k−1)/2) on planes whose rows are whole
 * 512-bit vectors, computed directly: no column matrix, every output held in registers until all
 * its input channels and taps are summed.
 *
 * <p>Why: im2col writes a column matrix nine times the input's size (2.4 MB per 64-channel 32x32
 * image, more than the 1 MiB L2) and the GEMM then packs it again; measured on Zen 4, Conv8's 16x16
 * and 32x32 layers lost 10–25 % of the FMA ceiling to that traffic while oneDNN's direct kernels
 * ran at 97 %. Here each image is copied once into a zero-padded plane per channel
 * ({@code xp[c][h + 2·padH][w + 2·padW]}), and {@link DirectConvKernels} computes {@code R} output
 * channels × up to {@code P} vectors of 16 cells at a time, loading each tap's shifted input vectors
 * straight from the padded copy and broadcasting the weights from a copy reordered to
 * {@code wb[o / R][c][t][o % R]}.
 *
 * <p>The input gradient is the same convolution of the output gradient with the flipped,
 * transposed kernel ({@link #backwardInput}). Work is split by image (and by output-channel block
 * when there are fewer images than threads); every output is one kernel's fixed sum over channels
 * then taps, so the bits do not depend on the thread count. They differ from the im2col path's
 * (another summation order). {@code -Dltx.conv.direct=false} turns this path off.
 */
final class DirectConv {
    /** Whether this path is on ({@code -Dltx.conv.direct}, default true). */
    static final boolean ON = Boolean.parseBoolean(System.getProperty("ltx.conv.direct", "true"));
    /**
     * Fewest input channels (forward) or output channels (input gradient) taken here: measured
     * ({@code ConvBench.forward}, 1 thread, Zen 4) 3-64@32 6.7 against im2col's 7.4 ms, 16-32@32 12.3
     * against 18.2, but 1-64@32 4.4 against 4.2.
     */
    static final int MIN_CHANNELS = Integer.getInteger("ltx.conv.directChannels", 2);
    private static final int R = DirectConvKernels.R;
    private static final int VL = DirectConvKernels.VL;
    /** Pool tasks per thread: images are dealt in contiguous runs, a few per thread to even out the load. */
    private static final int TASKS_PER_THREAD = 4;

    private DirectConv() {
    }

    /** Whether the forward pass of {@code g} is taken here. */
    static boolean appliesForward(ConvGeometry g) {
        return shapeFits(g) && g.o() % R == 0 && g.c() >= MIN_CHANNELS;
    }

    /** Whether the input gradient of {@code g} is taken here. */
    static boolean appliesBackwardInput(ConvGeometry g) {
        return shapeFits(g) && g.c() % R == 0 && g.o() >= MIN_CHANNELS;
    }

    private static boolean shapeFits(ConvGeometry g) {
        return ON && FloatVector.SPECIES_PREFERRED.length() >= VL && g.n() > 0
                && g.strideH() == 1 && g.strideW() == 1
                && g.kh() == 2 * g.padH() + 1 && g.kw() == 2 * g.padW() + 1 && g.w() % VL == 0;
    }

    /** y = conv(x, w) + bias. */
    static float[] forward(Parallel pool, ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int taps = g.kh() * g.kw();
        float[] wb = ConvScratch.get(ConvScratch.WEIGHT_T, g.o() * g.c() * taps);
        block(pool, w, g.o(), g.c(), taps, g.c() * taps, taps, false, wb);
        run(pool, g, g.c(), g.o(), x, wb, bias, y);
        return y;
    }

    /** gx = the input gradient of conv(·, w) at gy: gy convolved with wᵀ flipped. */
    static float[] backwardInput(Parallel pool, ConvGeometry g, float[] gy, float[] w, float[] gx) {
        int taps = g.kh() * g.kw();
        float[] wb = ConvScratch.get(ConvScratch.WEIGHT_T, g.o() * g.c() * taps);
        block(pool, w, g.c(), g.o(), taps, taps, g.c() * taps, true, wb);
        run(pool, g, g.o(), g.c(), gy, wb, null, gx);
        return gx;
    }

    /**
     * wb[ob][i][t][r] = w[(ob·R + r)·outStride + i·inStride + t'] for cout outputs (in blocks of R) and
     * cin inputs, t' = t or, {@code flip}ped, taps − 1 − t: the forward kernel as it is
     * (outStride = C·taps, inStride = taps), or the input gradient's transposed, flipped one
     * (outStride = taps, inStride = C·taps).
     */
    private static void block(Parallel pool, float[] w, int cout, int cin, int taps, int outStride, int inStride,
                              boolean flip, float[] wb) {
        pool.forRange(cout / R, 1, (b0, b1) -> {
            for (int ob = b0; ob < b1; ob++) {
                for (int i = 0; i < cin; i++) {
                    for (int t = 0; t < taps; t++) {
                        int dst = ((ob * cin + i) * taps + t) * R;
                        int src = ob * R * outStride + i * inStride + (flip ? taps - 1 - t : t);
                        for (int r = 0; r < R; r++) wb[dst + r] = w[src + r * outStride];
                    }
                }
            }
        });
    }

    /** out[n][cout] = conv of in[n][cin] with wb (reordered), plus bias; split over images and channel blocks. */
    private static void run(Parallel pool, ConvGeometry g, int cin, int cout, float[] in, float[] wb, float[] bias,
                            float[] out) {
        int blocks = cout / R;
        int split = g.n() >= pool.threads() ? 1 : Math.min(blocks, pool.threads());
        int units = g.n() * split;
        int tasks = Math.min(units, pool.threads() * TASKS_PER_THREAD);
        int hp = g.h() + 2 * g.padH();
        int wp = g.w() + 2 * g.padW();
        int taps = g.kh() * g.kw();
        int steps = cin * taps;
        int[] offs = ConvScratch.ints(ConvScratch.OFFSETS, steps);
        for (int c = 0; c < cin; c++) {
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) offs[c * taps + a * g.kw() + b] = (c * hp + a) * wp + b;
            }
        }
        int[] cells = cells(g, wp);
        pool.forEach(tasks, task -> {
            float[] xp = ConvScratch.get(ConvScratch.PLANES, cin * hp * wp);
            int u0 = (int) ((long) units * task / tasks);
            int u1 = (int) ((long) units * (task + 1) / tasks);
            for (int u = u0; u < u1; u++) {
                int n = u / split;
                int part = u % split;
                if (u == u0 || part == 0) pad(g, in, n * cin * g.inPlane(), cin, xp, hp, wp, u == u0);
                int bFrom = (int) ((long) blocks * part / split);
                int bTo = (int) ((long) blocks * (part + 1) / split);
                image(g, offs, steps, xp, wb, bFrom, bTo, out, n * cout * g.outPlane(), bias, cells);
            }
        });
    }

    /**
     * xp[c] = in's channel c of one image inside a zero border; the border is written only when
     * {@code borders} (a task's first image: the scratch array may hold anything), later images
     * of the task overwrite only the interior.
     */
    static void pad(ConvGeometry g, float[] in, int src, int channels, float[] xp, int hp, int wp,
                            boolean borders) {
        int h = g.h();
        int w = g.w();
        int top = g.padH() * wp;
        int bottom = (g.padH() + h) * wp;
        if (!borders) {
            for (int c = 0; c < channels; c++) {
                int row = c * hp * wp + top + g.padW();
                for (int r = 0; r < h; r++, row += wp) System.arraycopy(in, src + (c * h + r) * w, xp, row, w);
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            int base = c * hp * wp;
            Arrays.fill(xp, base, base + top, 0f);
            Arrays.fill(xp, base + bottom, base + hp * wp, 0f);
            for (int r = 0; r < h; r++) {
                int row = base + top + r * wp;
                Arrays.fill(xp, row, row + g.padW(), 0f);
                System.arraycopy(in, src + (c * h + r) * w, xp, row + g.padW(), w);
                Arrays.fill(xp, row + g.padW() + w, row + wp, 0f);
            }
        }
    }

    /**
     * The runs of up to P vectors of 16 cells (row-major) that tile an output plane: run k's vector v starts at
     * {@code cells[2·P·k + v]} in the padded input and at {@code cells[2·P·k + P + v]} in the output plane.
     * The same for every image; the calling thread's scratch, read by all tasks.
     */
    private static int[] cells(ConvGeometry g, int wp) {
        int perRow = g.w() / VL;
        int vectors = g.h() * perRow;
        int runs = (vectors + DirectConvKernels.P - 1) / DirectConvKernels.P;
        int[] cells = ConvScratch.ints(ConvScratch.CELLS, 2 * DirectConvKernels.P * runs);
        for (int q = 0; q < vectors; q++) {
            int k = q / DirectConvKernels.P;
            int v = q % DirectConvKernels.P;
            int row = q / perRow;
            int col = q % perRow * VL;
            cells[2 * DirectConvKernels.P * k + v] = row * wp + col;
            cells[2 * DirectConvKernels.P * k + DirectConvKernels.P + v] = row * g.w() + col;
        }
        return cells;
    }

    /**
     * Output channel blocks bFrom..bTo of one image whose padded input is xp: per block, every run of up to P
     * vectors of cells ({@link #cells}). Blocks outermost: every run of a block reads the same reordered weights
     * ({@code cin·taps·R} floats, 18 KB at 64 input channels) while they are hot, and the block's R output planes
     * are written in order. Runs outermost (every block per run) measured 5–7 % slower for the input gradient of
     * Conv8's 64-64@32, 64-128@16 and 128-128@16 at 1 thread on Zen 4, the forward passes within noise.
     */
    private static void image(ConvGeometry g, int[] offs, int steps, float[] xp, float[] wb, int bFrom, int bTo,
                              float[] out, int outBase, float[] bias, int[] cells) {
        int plane = g.outPlane();
        int vectors = g.h() * (g.w() / VL);
        for (int ob = bFrom; ob < bTo; ob++) {
            for (int q = 0, ci = 0; q < vectors; q += DirectConvKernels.P, ci += 2 * DirectConvKernels.P) {
                DirectConvKernels.run(Math.min(DirectConvKernels.P, vectors - q), offs, steps, xp, cells, ci, wb,
                        ob * steps * R, out, plane, outBase + ob * R * plane, bias, ob * R);
            }
        }
    }
}
