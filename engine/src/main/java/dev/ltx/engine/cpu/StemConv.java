package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A network's first layer: a 3x3 "same" convolution (stride 1, padding 1) with few input channels
 * (one for Conv8 on Fashion-MNIST, three for ResNet-18's RGB stem) on planes whose rows are whole
 * 512-bit vectors. Its forward pass (one input channel) and its weight gradient (up to
 * {@link #MAX_CHANNELS}) are computed here from a zero-padded copy of each image.
 *
 * <p>Why: through im2col these are GEMMs nine (or 27) columns wide or deep, which the 5×64
 * micro-kernel pads to 64: measured on Zen 4 (1 thread, batch 128) Conv8's 1-64@32 took 15.6 ms for
 * its weight gradient and 5.0 ms forward against oneDNN's 1.9 and 1.8, while the work is 0.15 GFLOP
 * and the pass is bound by reading or writing the 32 MB output (gradient).
 *
 * <p>Forward: per output channel its nine weights stay in registers while every 16-cell vector of
 * the plane is the bias plus nine fused multiply-adds of the shifted input, in tap order (the sum
 * over the one input channel, then the taps, as {@link DirectConv} orders it). Weight gradient: per
 * pair of output channels and input channel, 18 vector accumulators (one per output, tap and lane)
 * add the output gradient times the shifted input over every vector of the plane, image after
 * image of a task, in order; the lanes are summed in order at the end and the per-task partials
 * in task order, so the bits do not depend on the thread count. They differ from the im2col
 * path's. {@code -Dltx.conv.stem=false} keeps these layers on im2col.
 */
final class StemConv {
    /** Whether this path is on ({@code -Dltx.conv.stem}, default true). */
    static final boolean ON = Boolean.parseBoolean(System.getProperty("ltx.conv.stem", "true"));
    /** Most input channels whose weight gradient is taken here. */
    static final int MAX_CHANNELS = 4;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int VL = 16;
    private static final int TAPS = 9;
    /** Pool tasks per thread in the forward pass. */
    private static final int TASKS_PER_THREAD = 4;

    private StemConv() {
    }

    /** Whether the forward pass of {@code g} is taken here: one input channel. */
    static boolean appliesForward(ConvGeometry g) {
        return shapeFits(g) && g.c() == 1;
    }

    /** Whether the weight gradient of {@code g} is taken here: up to {@link #MAX_CHANNELS} input channels. */
    static boolean appliesBackwardWeight(ConvGeometry g) {
        return shapeFits(g) && g.c() <= MAX_CHANNELS;
    }

    private static boolean shapeFits(ConvGeometry g) {
        return ON && FloatVector.SPECIES_PREFERRED.length() >= VL && g.n() > 0 && g.c() > 0
                && g.kh() == 3 && g.kw() == 3 && g.padH() == 1 && g.padW() == 1
                && g.strideH() == 1 && g.strideW() == 1 && g.w() % VL == 0;
    }

    /** y = conv(x, w) + bias for one input channel. */
    static float[] forward(Parallel pool, ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int n = g.n();
        int tasks = Math.min(n, pool.threads() * TASKS_PER_THREAD);
        int wp = g.w() + 2;
        int padded = (g.h() + 2) * wp;
        pool.forEach(tasks, task -> {
            float[] xp = ConvScratch.get(ConvScratch.PLANES, padded);
            int n0 = (int) ((long) n * task / tasks);
            int n1 = (int) ((long) n * (task + 1) / tasks);
            for (int i = n0; i < n1; i++) {
                DirectConv.pad(g, x, i * g.inPlane(), 1, xp, g.h() + 2, wp, i == n0);
                for (int o = 0; o < g.o(); o++) {
                    plane(g, xp, w, o * TAPS, bias == null ? 0f : bias[o], y, (i * g.o() + o) * g.outPlane());
                }
            }
        });
        return y;
    }

    /** One output plane: bias + the nine taps' products, weights w[wo..wo+8] held in registers. */
    private static void plane(ConvGeometry g, float[] xp, float[] w, int wo, float b, float[] y, int yo) {
        int wp = g.w() + 2;
        int perRow = g.w() / VL;
        int vectors = g.h() * perRow;
        FloatVector w0 = FloatVector.broadcast(S, w[wo]);
        FloatVector w1 = FloatVector.broadcast(S, w[wo + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wo + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wo + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wo + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wo + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wo + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wo + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wo + 8]);
        FloatVector bv = FloatVector.broadcast(S, b);
        for (int q = 0; q < vectors; q++) {
            int yq = q * VL;
            int x0 = yq + 2 * (q / perRow);
            int x1 = x0 + wp;
            int x2 = x1 + wp;
            FloatVector acc = w0.fma(FloatVector.fromArray(S, xp, x0), bv);
            acc = w1.fma(FloatVector.fromArray(S, xp, x0 + 1), acc);
            acc = w2.fma(FloatVector.fromArray(S, xp, x0 + 2), acc);
            acc = w3.fma(FloatVector.fromArray(S, xp, x1), acc);
            acc = w4.fma(FloatVector.fromArray(S, xp, x1 + 1), acc);
            acc = w5.fma(FloatVector.fromArray(S, xp, x1 + 2), acc);
            acc = w6.fma(FloatVector.fromArray(S, xp, x2), acc);
            acc = w7.fma(FloatVector.fromArray(S, xp, x2 + 1), acc);
            acc = w8.fma(FloatVector.fromArray(S, xp, x2 + 2), acc);
            acc.intoArray(y, yo + yq);
        }
    }

    /** gw = Σ over images of gy ⊗ x shifted per tap. */
    static float[] backwardWeight(Parallel pool, ConvGeometry g, float[] gy, float[] x, float[] gw) {
        int n = g.n();
        int c = g.c();
        int tasks = Math.min(n, ConvFast.WEIGHT_PARTIALS);
        int size = g.o() * c * TAPS * VL;
        int padded = (g.h() + 2) * (g.w() + 2);
        float[] partials = ConvScratch.get(ConvScratch.PARTIALS, tasks * size);
        pool.forEach(tasks, task -> {
            float[] xp = ConvScratch.get(ConvScratch.PLANES, c * padded);
            Arrays.fill(partials, task * size, (task + 1) * size, 0f);
            int n0 = (int) ((long) n * task / tasks);
            int n1 = (int) ((long) n * (task + 1) / tasks);
            for (int i = n0; i < n1; i++) {
                DirectConv.pad(g, x, i * c * g.inPlane(), c, xp, g.h() + 2, g.w() + 2, i == n0);
                int gyImage = i * g.o() * g.outPlane();
                for (int o = 0; o < g.o(); o += 2) {
                    for (int ci = 0; ci < c; ci++) {
                        int part = task * size + (o * c + ci) * TAPS * VL;
                        if (o + 1 < g.o()) {
                            StemGradient.pair(g, xp, ci * padded, gy, gyImage + o * g.outPlane(), partials, part,
                                    c * TAPS * VL);
                        } else {
                            StemGradient.one(g, xp, ci * padded, gy, gyImage + o * g.outPlane(), partials, part);
                        }
                    }
                }
            }
        });
        pool.forRange(g.o(), 8, (o0, o1) -> {
            for (int o = o0; o < o1; o++) {
                for (int k = o * c * TAPS; k < (o + 1) * c * TAPS; k++) {
                    float sum = 0f;
                    for (int t = 0; t < tasks; t++) {
                        float lanes = 0f;
                        for (int l = 0; l < VL; l++) lanes += partials[t * size + k * VL + l];
                        sum = t == 0 ? lanes : sum + lanes;
                    }
                    gw[k] = sum;
                }
            }
        });
        return gw;
    }
}
