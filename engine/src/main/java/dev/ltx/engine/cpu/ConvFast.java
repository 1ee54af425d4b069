package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.gemm.Sgemm;

/**
 * The F32 convolution: im2col (col2im for the input gradient) plus {@link Sgemm}.
 *
 * <p>Images are processed in groups of {@link #groupSize} so that each GEMM has at least
 * {@link #TARGET_COLUMNS} columns even for small late-layer feature maps (4x4, 8x8); the weight
 * matrix then gets packed once per group instead of once per image. Groups are dealt out to at
 * most {@link #MAX_TASKS} pool tasks; each task takes its scratch (column matrix, gathered
 * gradient) from its thread's {@link ConvScratch} and reuses it for all its groups. The weight
 * gradient uses larger groups ({@link #weightGroupSize}, about one GEMM k block deep), and the
 * input gradient multiplies a transposed copy of the weight made once per call. Small "same" planes
 * (stride 1, up to {@link SmallPlanes#MAX_PLANE} cells: Conv8's and ResNet-18's 4x4 and 8x8 maps) are
 * lowered and raised for the whole image group at once by {@link SmallPlanes}, with the same bits as
 * {@link Im2col} per image (measured on the 16x16 and 32x32 maps, {@link Im2col}'s per-image runs
 * stay faster there). The split depends only on the shapes, and each
 * image's result is computed by the same sequence of operations whatever thread runs it, so the
 * output is bit-identical for any thread count. The weight gradient sums a fixed number of
 * per-task partial products in task order.
 *
 * <p>Deep "same" convolutions on small planes ({@link TapConv#applies}: Conv8's and ResNet-18's
 * 4x4 and 8x8 layers with 128 or more channels) go to {@link TapConv} instead for the forward pass
 * and the input gradient, which skips the padding's products ({@code -Dltx.conv.taps=false} keeps
 * them here, for comparisons); the weight gradient of "same" convolutions on planes up to 16x16
 * with 64 or more channels ({@link TapWeights#applies}) goes to {@link TapWeights}
 * ({@code -Dltx.conv.tapWeights=false} keeps it here). Stride-1 "same" convolutions whose
 * rows are whole 512-bit vectors (Conv8's and ResNet-18's 16x16 and 32x32 layers) go to
 * {@link DirectConv} for the forward pass and the input gradient ({@code -Dltx.conv.direct=false}
 * keeps them here); the 32x32 layers' weight gradient stays here, where a direct kernel and
 * {@link TapWeights} measured slower. A first layer with few input channels (3x3 "same" on such
 * rows: Conv8's 1-64@32, ResNet-18's RGB stem) goes to {@link StemConv} for its weight gradient and,
 * with one input channel, its forward pass ({@code -Dltx.conv.stem=false} keeps them here).
 *
 * <p>Inside a pool task, nested pool calls (im2col split over channels, the GEMM's own blocking)
 * run inline on that task's thread; when there is a single task (one image group, e.g. N = 1)
 * they spread over the pool instead. An alternative, groups in sequence with only the GEMM and
 * im2col parallel, measured within noise of this layout on the shared 2-core machine, and this
 * one needs fewer barriers per call.
 */
final class ConvFast {
    /** Minimum GEMM width (columns = images per group × OH·OW) worth grouping images for. */
    static final int TARGET_COLUMNS = 256;
    /** Upper bound on pool tasks for the forward and input-gradient passes. */
    static final int MAX_TASKS = 8;
    /** Number of partial weight gradients summed at the end (each is O·C·KH·KW floats). */
    static final int WEIGHT_PARTIALS = 4;
    /** GEMM depth (images per group × OH·OW) aimed for by the weight gradient. */
    static final int WEIGHT_COLUMNS = Integer.getInteger("ltx.conv.weightColumns", 1024);

    private ConvFast() {
    }

    /** Images per GEMM: enough to reach {@link #TARGET_COLUMNS} columns, at most N. */
    static int groupSize(ConvGeometry g) {
        int plane = Math.max(1, g.outPlane());
        return Math.max(1, Math.min(g.n(), (TARGET_COLUMNS + plane - 1) / plane));
    }

    /**
     * Images per weight-gradient GEMM, whose depth is the group's column count: enough for
     * {@link #WEIGHT_COLUMNS} (one full k block of the GEMM), so each product accumulates long dot
     * products before its C tile is written back, at most N.
     */
    static int weightGroupSize(ConvGeometry g) {
        int plane = Math.max(1, g.outPlane());
        return Math.max(1, Math.min(g.n(), (WEIGHT_COLUMNS + plane - 1) / plane));
    }

    /** One contiguous range of image groups, handed to one task (also {@link TapConv}'s weight gradient). */
    record Span(int groupFrom, int groupTo) {
        static Span of(int task, int tasks, int groups) {
            return new Span((int) ((long) groups * task / tasks), (int) ((long) groups * (task + 1) / tasks));
        }
    }

    /** Whether {@link TapConv} takes the shapes it applies to ({@code -Dltx.conv.taps}, default true). */
    static final boolean TAPS = Boolean.parseBoolean(System.getProperty("ltx.conv.taps", "true"));

    static float[] forward(Parallel pool, ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        if (TAPS && TapConv.applies(g)) return TapConv.forward(pool, g, x, w, bias, y);
        if (DirectConv.appliesForward(g)) return DirectConv.forward(pool, g, x, w, bias, y);
        if (StemConv.appliesForward(g)) return StemConv.forward(pool, g, x, w, bias, y);
        int plane = g.outPlane();
        int rows = g.colRows();
        int group = groupSize(g);
        int groups = (g.n() + group - 1) / group;
        int tasks = Math.min(groups, MAX_TASKS);
        boolean direct = group == 1 && g.isPointwise();
        float[] masks = direct ? null : smallPlaneMasks(g);
        pool.forEach(tasks, t -> {
            Span span = Span.of(t, tasks, groups);
            float[] cols = direct ? null : ConvScratch.get(ConvScratch.COLS, rows * group * plane);
            float[] tmp = group > 1 ? ConvScratch.get(ConvScratch.BLOCK, g.o() * group * plane) : null;
            for (int gi = span.groupFrom(); gi < span.groupTo(); gi++) {
                int n0 = gi * group;
                int count = Math.min(group, g.n() - n0);
                int width = count * plane;
                float[] bm = cols;
                int bOff = 0;
                if (direct) {
                    bm = x;
                    bOff = n0 * g.c() * g.inPlane();
                } else {
                    lower(pool, g, x, n0, count, cols, masks);
                }
                if (group == 1) {
                    Sgemm.sgemm(pool, false, false, g.o(), width, rows, 1f, w, 0, rows, bm, bOff, width,
                            0f, y, n0 * g.o() * plane, width);
                } else {
                    Sgemm.sgemm(pool, false, false, g.o(), width, rows, 1f, w, 0, rows, bm, bOff, width,
                            0f, tmp, 0, width);
                    for (int i = 0; i < count; i++) {
                        for (int o = 0; o < g.o(); o++) {
                            System.arraycopy(tmp, o * width + i * plane, y, ((n0 + i) * g.o() + o) * plane, plane);
                        }
                    }
                }
                if (bias != null) {
                    for (int i = 0; i < count; i++) {
                        for (int o = 0; o < g.o(); o++) {
                            Im2col.addScalar(y, ((n0 + i) * g.o() + o) * plane, plane, bias[o]);
                        }
                    }
                }
            }
        });
        return y;
    }

    /**
     * Whether {@link #backwardInput} writes every element of {@code gx} (so it may start with any
     * contents) rather than adding the columns onto zeros (col2im).
     */
    static boolean writesWholeInputGradient(ConvGeometry g) {
        return TAPS && TapConv.applies(g) || DirectConv.appliesBackwardInput(g);
    }

    static float[] backwardInput(Parallel pool, ConvGeometry g, float[] gy, float[] w, float[] gx) {
        if (TAPS && TapConv.applies(g)) return TapConv.backwardInput(pool, g, gy, w, gx);
        if (DirectConv.appliesBackwardInput(g)) return DirectConv.backwardInput(pool, g, gy, w, gx);
        int plane = g.outPlane();
        int rows = g.colRows();
        int group = groupSize(g);
        int groups = (g.n() + group - 1) / group;
        int tasks = Math.min(groups, MAX_TASKS);
        boolean direct = group == 1 && g.isPointwise();
        // wT (C·KH·KW × O): the GEMM then reads its left operand in place instead of every task
        // re-packing transposed slabs of w. Same products and summation order as wᵀ read from w.
        float[] wt = ConvScratch.get(ConvScratch.WEIGHT_T, rows * g.o());
        transpose(pool, w, g.o(), rows, wt);
        float[] masks = direct ? null : smallPlaneMasks(g);
        pool.forEach(tasks, t -> {
            Span span = Span.of(t, tasks, groups);
            float[] cols = direct ? null : ConvScratch.get(ConvScratch.COLS, rows * group * plane);
            float[] gathered = group > 1 ? ConvScratch.get(ConvScratch.BLOCK, g.o() * group * plane) : null;
            for (int gi = span.groupFrom(); gi < span.groupTo(); gi++) {
                int n0 = gi * group;
                int count = Math.min(group, g.n() - n0);
                int width = count * plane;
                float[] am = gy;
                int aOff = n0 * g.o() * plane;
                if (group > 1) {
                    gather(gy, n0, count, g.o(), plane, gathered);
                    am = gathered;
                    aOff = 0;
                }
                if (direct) {
                    // 1x1, stride 1, no padding: the column matrix is the input gradient itself.
                    Sgemm.sgemm(pool, false, false, rows, width, g.o(), 1f, wt, 0, g.o(), am, aOff, width,
                            0f, gx, n0 * g.c() * g.inPlane(), width);
                } else {
                    Sgemm.sgemm(pool, false, false, rows, width, g.o(), 1f, wt, 0, g.o(), am, aOff, width,
                            0f, cols, 0, width);
                    raise(pool, g, cols, n0, count, gx, masks);
                }
            }
        });
        return gx;
    }

    static float[] backwardWeight(Parallel pool, ConvGeometry g, float[] gy, float[] x, float[] gw) {
        if (StemConv.appliesBackwardWeight(g)) return StemConv.backwardWeight(pool, g, gy, x, gw);
        if (TapWeights.applies(g)) return TapWeights.backwardWeight(pool, g, gy, x, gw);
        int plane = g.outPlane();
        int rows = g.colRows();
        int group = weightGroupSize(g);
        int groups = (g.n() + group - 1) / group;
        int tasks = Math.min(groups, WEIGHT_PARTIALS);
        boolean direct = group == 1 && g.isPointwise();
        if (tasks == 0) return gw; // empty batch: zeros
        float[] masks = direct ? null : smallPlaneMasks(g);
        // task 0 accumulates into gw itself, task t > 0 into slice t − 1 of one scratch array
        int size = g.o() * rows;
        float[] partials = tasks > 1 ? ConvScratch.get(ConvScratch.PARTIALS, (tasks - 1) * size) : null;
        pool.forEach(tasks, t -> {
            Span span = Span.of(t, tasks, groups);
            float[] acc = t == 0 ? gw : partials;
            int accOff = t == 0 ? 0 : (t - 1) * size;
            float[] cols = direct ? null : ConvScratch.get(ConvScratch.COLS, rows * group * plane);
            float[] gathered = group > 1 ? ConvScratch.get(ConvScratch.BLOCK, g.o() * group * plane) : null;
            for (int gi = span.groupFrom(); gi < span.groupTo(); gi++) {
                int n0 = gi * group;
                int count = Math.min(group, g.n() - n0);
                int width = count * plane;
                float[] am = gy;
                int aOff = n0 * g.o() * plane;
                if (group > 1) {
                    gather(gy, n0, count, g.o(), plane, gathered);
                    am = gathered;
                    aOff = 0;
                }
                float[] bm = cols;
                int bOff = 0;
                if (direct) {
                    bm = x;
                    bOff = n0 * g.c() * g.inPlane();
                } else {
                    lower(pool, g, x, n0, count, cols, masks);
                }
                // acc (O × CKK) += gy_group (O × width) · cols (CKK × width)^T
                Sgemm.sgemm(pool, false, true, g.o(), rows, width, 1f, am, aOff, width, bm, bOff, width,
                        gi == span.groupFrom() ? 0f : 1f, acc, accOff, rows);
            }
        });
        for (int t = 1; t < tasks; t++) Im2col.addInto(gw, 0, partials, (t - 1) * size, size);
        return gw;
    }

    /** Side of the square tiles {@link #transpose} moves at a time. */
    private static final int TILE = 16;

    /**
     * out (cols × rows) = transpose of a (rows × cols), split over blocks of source columns, in
     * {@link #TILE}-square tiles. Row by row, the stores of one source row went to as many output
     * rows, and with a power-of-two row length (512 output channels: 2 KiB apart) those all fall
     * into two L1 sets: the transpose of Conv8's 512-512 weight took a sixth of its input gradient
     * (about 11 ms, 1 thread); a tile writes 16 output rows one cache line each.
     */
    private static void transpose(Parallel pool, float[] a, int rows, int cols, float[] out) {
        pool.forRange(cols, 64, (c0, c1) -> {
            for (int r0 = 0; r0 < rows; r0 += TILE) {
                int r1 = Math.min(rows, r0 + TILE);
                for (int t0 = c0; t0 < c1; t0 += TILE) {
                    int t1 = Math.min(c1, t0 + TILE);
                    for (int c = t0; c < t1; c++) {
                        int dst = c * rows;
                        for (int r = r0; r < r1; r++) out[dst + r] = a[r * cols + c];
                    }
                }
            }
        });
    }

    /** Input channels per im2col/col2im task: about 64k column-matrix floats. */
    private static int channelGrain(ConvGeometry g) {
        return Math.max(1, (1 << 16) / Math.max(1, g.kh() * g.kw() * g.outPlane() * groupSize(g)));
    }

    /**
     * {@link SmallPlanes}' tap masks for {@code g} in the calling thread's scratch (read by every
     * task of the call), or null where that path does not apply (then {@link Im2col} per image).
     */
    private static float[] smallPlaneMasks(ConvGeometry g) {
        if (!SmallPlanes.applies(g)) {
            return null;
        }
        float[] masks = ConvScratch.get(ConvScratch.MASKS, SmallPlanes.maskSize(g));
        SmallPlanes.masks(g, masks);
        return masks;
    }

    /**
     * im2col of images n0..n0+count−1 side by side (image i at column i·OH·OW), split over channels;
     * with {@code masks} (small planes) through {@link SmallPlanes}, the same column matrix.
     */
    private static void lower(Parallel pool, ConvGeometry g, float[] x, int n0, int count, float[] cols,
                              float[] masks) {
        int plane = g.outPlane();
        int width = count * plane;
        if (masks != null) {
            float[] xt = ConvScratch.get(ConvScratch.PLANES, SmallPlanes.copySize(g, count));
            if (pool.serialHere()) {
                SmallPlanes.lower(g, x, n0, count, cols, xt, masks, 0, g.c());
            } else {
                pool.forRange(g.c(), channelGrain(g), (c0, c1) -> SmallPlanes.lower(g, x, n0, count, cols, xt, masks,
                        c0, c1));
            }
            return;
        }
        if (pool.serialHere()) { // inside a per-image task: no lambda per call (channels are independent)
            for (int i = 0; i < count; i++) {
                Im2col.im2col(g, x, (n0 + i) * g.c() * g.inPlane(), cols, i * plane, width, 0, g.c());
            }
            return;
        }
        pool.forRange(g.c(), channelGrain(g), (c0, c1) -> {
            for (int i = 0; i < count; i++) {
                Im2col.im2col(g, x, (n0 + i) * g.c() * g.inPlane(), cols, i * plane, width, c0, c1);
            }
        });
    }

    /**
     * The columns of images n0.. scattered back into gx ({@code col2im}), split over channels; with
     * {@code masks} (small planes) through {@link SmallPlanes}, the same sums.
     */
    private static void raise(Parallel pool, ConvGeometry g, float[] cols, int n0, int count, float[] gx,
                              float[] masks) {
        int plane = g.outPlane();
        int width = count * plane;
        if (masks != null) {
            float[] gxt = ConvScratch.get(ConvScratch.PLANES, SmallPlanes.copySize(g, count));
            if (pool.serialHere()) {
                SmallPlanes.raise(g, cols, n0, count, gx, gxt, masks, 0, g.c());
            } else {
                pool.forRange(g.c(), channelGrain(g), (c0, c1) -> SmallPlanes.raise(g, cols, n0, count, gx, gxt, masks,
                        c0, c1));
            }
            return;
        }
        if (pool.serialHere()) {
            for (int i = 0; i < count; i++) {
                Im2col.col2im(g, cols, i * plane, width, gx, (n0 + i) * g.c() * g.inPlane(), 0, g.c());
            }
            return;
        }
        pool.forRange(g.c(), channelGrain(g), (c0, c1) -> {
            for (int i = 0; i < count; i++) {
                Im2col.col2im(g, cols, i * plane, width, gx, (n0 + i) * g.c() * g.inPlane(), c0, c1);
            }
        });
    }

    /** gy[n, o, plane] for images n0..n0+count−1 → matrix (o × count·plane), image i at column i·plane. */
    private static void gather(float[] gy, int n0, int count, int o, int plane, float[] out) {
        int width = count * plane;
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < o; k++) {
                System.arraycopy(gy, ((n0 + i) * o + k) * plane, out, k * width + i * plane, plane);
            }
        }
    }

    /** gb[o] = Σ over images and pixels of gy, per output channel; float lanes summed in double. */
    static float[] backwardBias(Parallel pool, float[] gy, int n, int o, int plane, float[] gb) {
        pool.forRange(o, 8, (from, to) -> {
            float[] lanes = new float[Im2col.LANES];
            for (int k = from; k < to; k++) {
                double s = 0.0;
                for (int b = 0; b < n; b++) s += Im2col.sum(gy, (b * o + k) * plane, plane, lanes);
                gb[k] = (float) s;
            }
        });
        return gb;
    }
}
