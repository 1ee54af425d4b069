package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Im2col}'s lowering and its adjoint for a group of images with small "same" planes
 * (stride 1, output plane = input plane, e.g. 3x3 with padding 1 on the 4x4 and 8x8 maps of
 * Conv8 and ResNet-18), done for the whole group at once.
 *
 * <p>Why: {@link Im2col} works per image, channel and kernel tap, and on a 4x4 plane each of those
 * calls moves 16 floats through short copies, fills and scalar tails. Measured on Conv8's 4x4
 * layers (ConvBench, batch 128, 1 thread, one period): forward +12 % (256-512) and +14 % (512-512),
 * weight gradient +12 % and +19 %, input gradient +6 % and +9 %. Here the group's images sit side
 * by side in one channel-major copy ({@code C × (count·plane)} plus margins), where a kernel tap is
 * a constant shift of the whole row: each column-matrix row is one pass of shifted vector loads,
 * with the lanes that fall into the padding (a fixed pattern per tap and position in the plane,
 * since vectors never straddle planes) blended to zero, and the adjoint adds whole rows back with
 * the same masks.
 *
 * <p>Exactness: {@link #lower} writes exactly the column matrix of {@link Im2col#im2col}, and
 * {@link #raise} performs, per input cell, the same float additions in the same order (kernel
 * taps in increasing order onto the cell's previous value) as {@link Im2col#col2im}, so results
 * are bit-identical to the per-image path. Each pass touches only the rows of its own channels
 * (the margins absorb the shifted stores), so channel ranges may run on different threads.
 */
final class SmallPlanes {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Largest plane (OH·OW floats) handled here; above it {@link Im2col}'s runs are long enough. */
    static final int MAX_PLANE = Integer.getInteger("ltx.conv.smallPlane", 64);

    private SmallPlanes() {
    }

    /** Whether {@code g} suits this path: stride 1, same planes, a plane of whole vectors up to {@link #MAX_PLANE}. */
    static boolean applies(ConvGeometry g) {
        int plane = g.inPlane();
        return g.strideH() == 1 && g.strideW() == 1 && g.oh() == g.h() && g.ow() == g.w()
                && plane <= MAX_PLANE && plane % S.length() == 0;
    }

    /** Floats on either side of a channel row: the largest tap shift, in whole vectors. */
    static int margin(ConvGeometry g) {
        int shift = Math.max(g.padH(), g.kh() - 1 - g.padH()) * g.w() + Math.max(g.padW(), g.kw() - 1 - g.padW());
        return (shift + S.length() - 1) / S.length() * S.length();
    }

    /** Length of one channel row of the channel-major copy for {@code count} images. */
    static int rowStride(ConvGeometry g, int count) {
        return count * g.inPlane() + 2 * margin(g);
    }

    /** Size of the channel-major copy for {@code count} images. */
    static int copySize(ConvGeometry g, int count) {
        return g.c() * rowStride(g, count);
    }

    /** Size of the mask table ({@link #masks}). */
    static int maskSize(ConvGeometry g) {
        return g.kh() * g.kw() * g.inPlane();
    }

    /**
     * Fills {@code out} (at least {@link #maskSize} floats): entry {@code tap·plane + p} is 1 where
     * kernel tap {@code tap = a·KW + b} at output cell p reads inside the image, else 0.
     */
    static void masks(ConvGeometry g, float[] out) {
        int plane = g.inPlane();
        for (int a = 0; a < g.kh(); a++) {
            for (int b = 0; b < g.kw(); b++) {
                int base = (a * g.kw() + b) * plane;
                for (int p = 0; p < plane; p++) {
                    int ih = p / g.w() - g.padH() + a;
                    int iw = p % g.w() - g.padW() + b;
                    out[base + p] = ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w() ? 1f : 0f;
                }
            }
        }
    }

    /** Offset of kernel tap (a, b)'s input cell from its output cell, in the flattened plane. */
    private static int shift(ConvGeometry g, int a, int b) {
        return (a - g.padH()) * g.w() + (b - g.padW());
    }

    /** Channel c's planes of images n0..n0+count−1 (NCHW {@code t}) side by side into {@code row} from {@code rowBase}. */
    private static void toRow(ConvGeometry g, float[] t, int n0, int count, int c, float[] row, int rowBase) {
        int plane = g.inPlane();
        for (int i = 0; i < count; i++) {
            System.arraycopy(t, ((n0 + i) * g.c() + c) * plane, row, rowBase + i * plane, plane);
        }
    }

    /** The inverse of {@link #toRow}: the row's planes back into channel c of images n0.. in {@code t}. */
    private static void fromRow(ConvGeometry g, float[] row, int rowBase, int n0, int count, int c, float[] t) {
        int plane = g.inPlane();
        for (int i = 0; i < count; i++) {
            System.arraycopy(row, rowBase + i * plane, t, ((n0 + i) * g.c() + c) * plane, plane);
        }
    }

    /**
     * The column matrix of images {@code n0..n0+count−1} ({@code cols}, rows × count·plane, as
     * {@link Im2col#im2col} with image i at column i·plane), rows of input channels [cFrom, cTo)
     * only, through the channel-major copy {@code xt} ({@link #copySize}).
     */
    static void lower(ConvGeometry g, float[] x, int n0, int count, float[] cols, float[] xt, float[] masks,
                      int cFrom, int cTo) {
        int plane = g.inPlane();
        int width = count * plane;
        int stride = rowStride(g, count);
        int margin = margin(g);
        int taps = g.kh() * g.kw();
        int len = S.length();
        FloatVector zero = FloatVector.zero(S);
        for (int c = cFrom; c < cTo; c++) {
            int rowBase = c * stride + margin;
            toRow(g, x, n0, count, c, xt, rowBase);
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) {
                    int tap = a * g.kw() + b;
                    int src = rowBase + shift(g, a, b);
                    int dst = (c * taps + tap) * width;
                    int maskBase = tap * plane;
                    for (int k = 0, p = 0; k < width; k += len, p = p + len == plane ? 0 : p + len) {
                        VectorMask<Float> inside = FloatVector.fromArray(S, masks, maskBase + p)
                                .compare(VectorOperators.NE, 0f);
                        zero.blend(FloatVector.fromArray(S, xt, src + k), inside).intoArray(cols, dst + k);
                    }
                }
            }
        }
    }

    /**
     * Adds the column matrix of images {@code n0..n0+count−1} onto their input gradients in
     * {@code gx} (as {@link Im2col#col2im} per image), input channels [cFrom, cTo) only, through
     * the channel-major copy {@code gxt} ({@link #copySize}).
     */
    static void raise(ConvGeometry g, float[] cols, int n0, int count, float[] gx, float[] gxt, float[] masks,
                      int cFrom, int cTo) {
        int plane = g.inPlane();
        int width = count * plane;
        int stride = rowStride(g, count);
        int margin = margin(g);
        int taps = g.kh() * g.kw();
        int len = S.length();
        for (int c = cFrom; c < cTo; c++) {
            int rowBase = c * stride + margin;
            toRow(g, gx, n0, count, c, gxt, rowBase);
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) {
                    int tap = a * g.kw() + b;
                    int dst = rowBase + shift(g, a, b);
                    int src = (c * taps + tap) * width;
                    int maskBase = tap * plane;
                    for (int k = 0, p = 0; k < width; k += len, p = p + len == plane ? 0 : p + len) {
                        VectorMask<Float> inside = FloatVector.fromArray(S, masks, maskBase + p)
                                .compare(VectorOperators.NE, 0f);
                        FloatVector old = FloatVector.fromArray(S, gxt, dst + k);
                        old.blend(old.add(FloatVector.fromArray(S, cols, src + k)), inside).intoArray(gxt, dst + k);
                    }
                }
            }
            fromRow(g, gxt, rowBase, n0, count, c, gx);
        }
    }
}
