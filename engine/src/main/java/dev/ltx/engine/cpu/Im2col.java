package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The lowering of one image's convolution to a matrix product and back.
 *
 * <p>{@link #im2col} writes the column matrix of one image: row {@code (c·KH + a)·KW + b}, column
 * {@code i·OW + j} holds {@code x[c, i·sh − ph + a, j·sw − pw + b]} (zero where that falls in the
 * padding). {@link #col2im} is its adjoint: it adds every column entry back onto the input cell it
 * was read from. Both work on a column block inside a wider matrix (leading dimension {@code ld}),
 * so several images can share one GEMM. Neither allocates.
 */
final class Im2col {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector: the size of {@link #sum}'s scratch. */
    static final int LANES = S.length();

    private Im2col() {
    }

    /** First output column j whose input column j·sw − pw + b is inside [0, w). */
    private static int firstValid(int pad, int b, int stride) {
        return Math.max(0, Math.floorDiv(pad - b + stride - 1, stride));
    }

    /** One past the last output column whose input column is inside [0, w), clamped to [from, out). */
    private static int endValid(int size, int pad, int b, int stride, int out, int from) {
        return Math.max(from, Math.min(out, Math.floorDiv(size - 1 + pad - b, stride) + 1));
    }

    /**
     * Writes the column matrix of the image at {@code x[xOff ..]} (C·H·W floats) into
     * {@code cols}: row r starts at {@code colOff + r·ld} and has OH·OW entries.
     */
    static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colOff, int ld) {
        im2col(g, x, xOff, cols, colOff, ld, 0, g.c());
    }

    /** {@link #im2col} restricted to the rows of input channels [cFrom, cTo). */
    static void im2col(ConvGeometry g, float[] x, int xOff, float[] cols, int colOff, int ld, int cFrom, int cTo) {
        int ow = g.ow();
        boolean same = isSameShift(g);
        for (int c = cFrom; c < cTo; c++) {
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) {
                    int row = colOff + ((c * g.kh() + a) * g.kw() + b) * ld;
                    if (same) {
                        copyShiftedPlane(g, x, xOff + c * g.inPlane(), a, b, cols, row);
                        continue;
                    }
                    int j0 = firstValid(g.padW(), b, g.strideW());
                    int j1 = endValid(g.w(), g.padW(), b, g.strideW(), ow, j0);
                    for (int i = 0; i < g.oh(); i++) {
                        int d = row + i * ow;
                        int ih = i * g.strideH() - g.padH() + a;
                        if (ih < 0 || ih >= g.h()) {
                            Arrays.fill(cols, d, d + ow, 0f);
                            continue;
                        }
                        int src = xOff + (c * g.h() + ih) * g.w() - g.padW() + b;
                        if (j0 > 0) Arrays.fill(cols, d, d + j0, 0f);
                        if (g.strideW() == 1) {
                            System.arraycopy(x, src + j0, cols, d + j0, j1 - j0);
                        } else {
                            int sw = g.strideW();
                            for (int j = j0; j < j1; j++) cols[d + j] = x[src + j * sw];
                        }
                        if (j1 < ow) Arrays.fill(cols, d + j1, d + ow, 0f);
                    }
                }
            }
        }
    }

    /**
     * Adds the column matrix block (row r at {@code colOff + r·ld}) onto the image gradient at
     * {@code gx[gxOff ..]} (C·H·W floats), in a fixed order.
     */
    static void col2im(ConvGeometry g, float[] cols, int colOff, int ld, float[] gx, int gxOff) {
        col2im(g, cols, colOff, ld, gx, gxOff, 0, g.c());
    }

    /** {@link #col2im} restricted to input channels [cFrom, cTo) (their planes only are written). */
    static void col2im(ConvGeometry g, float[] cols, int colOff, int ld, float[] gx, int gxOff, int cFrom, int cTo) {
        int ow = g.ow();
        boolean same = isSameShift(g);
        for (int c = cFrom; c < cTo; c++) {
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) {
                    int row = colOff + ((c * g.kh() + a) * g.kw() + b) * ld;
                    if (same) {
                        addShiftedPlane(g, cols, row, a, b, gx, gxOff + c * g.inPlane());
                        continue;
                    }
                    int j0 = firstValid(g.padW(), b, g.strideW());
                    int j1 = endValid(g.w(), g.padW(), b, g.strideW(), ow, j0);
                    for (int i = 0; i < g.oh(); i++) {
                        int ih = i * g.strideH() - g.padH() + a;
                        if (ih < 0 || ih >= g.h()) continue;
                        int d = row + i * ow;
                        int dst = gxOff + (c * g.h() + ih) * g.w() - g.padW() + b;
                        if (g.strideW() == 1) {
                            addInto(gx, dst + j0, cols, d + j0, j1 - j0);
                        } else {
                            int sw = g.strideW();
                            for (int j = j0; j < j1; j++) gx[dst + j * sw] += cols[d + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * Whether every column-matrix row is the input plane shifted by a constant: stride 1 and
     * output width equal to input width ("same" padding horizontally, e.g. 3x3 with padding 1).
     * Then the valid part of a row is one contiguous run of the input plane, whatever OH.
     */
    private static boolean isSameShift(ConvGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.ow() == g.w();
    }

    /** Output rows [i0, i1) of kernel row a whose input row i − ph + a lies inside the image. */
    private static int firstRow(ConvGeometry g, int a) {
        return Math.min(g.oh(), Math.max(0, g.padH() - a));
    }

    private static int endRow(ConvGeometry g, int a, int i0) {
        return Math.max(i0, Math.min(g.oh(), g.h() + g.padH() - a));
    }

    /**
     * One column-matrix row for {@link #isSameShift} geometry: a single copy of the valid rows of
     * the plane shifted by s = b − pw columns, then zeros over the padded rows and the |s| columns
     * per row that the shift wrapped from the neighbouring row.
     */
    private static void copyShiftedPlane(ConvGeometry g, float[] x, int plane, int a, int b, float[] cols, int row) {
        int w = g.w();
        int i0 = firstRow(g, a);
        int i1 = endRow(g, a, i0);
        int s = b - g.padW();
        int d = row + i0 * w;
        int len = (i1 - i0) * w;
        Arrays.fill(cols, row, d, 0f);
        Arrays.fill(cols, d + len, row + g.oh() * w, 0f);
        if (len == 0) return;
        if (Math.abs(s) >= w) {
            Arrays.fill(cols, d, d + len, 0f);
            return;
        }
        int src = plane + (i0 - g.padH() + a) * w + s;
        if (s >= 0) {
            System.arraycopy(x, src, cols, d, len - s);
            zeroRuns(cols, d + w - s, d + len - s + 1, w, s);
        } else {
            System.arraycopy(x, src - s, cols, d - s, len + s);
            zeroRuns(cols, d, d + len, w, -s);
        }
    }

    /**
     * The adjoint of {@link #copyShiftedPlane}: zeroes the wrapped columns of the column-matrix row
     * (scratch owned by the caller), then adds its valid rows onto the plane in one run.
     */
    private static void addShiftedPlane(ConvGeometry g, float[] cols, int row, int a, int b, float[] gx, int plane) {
        int w = g.w();
        int i0 = firstRow(g, a);
        int i1 = endRow(g, a, i0);
        int s = b - g.padW();
        int d = row + i0 * w;
        int len = (i1 - i0) * w;
        if (len == 0 || Math.abs(s) >= w) return;
        int dst = plane + (i0 - g.padH() + a) * w + s;
        if (s >= 0) {
            zeroRuns(cols, d + w - s, d + len - s + 1, w, s);
            addInto(gx, dst, cols, d, len - s);
        } else {
            zeroRuns(cols, d, d + len, w, -s);
            addInto(gx, dst - s, cols, d - s, len + s);
        }
    }

    /**
     * Zeroes the {@code count} floats at each of {@code first}, {@code first + step}, ... below
     * {@code end}: the columns a shifted plane wraps, one or two per row for 3x3 and 5x5 kernels.
     * Single columns are stored directly: an {@code Arrays.fill} call per row (32 per column-matrix
     * row of a 32x32 plane, and as many calls of length 0 for the unshifted rows) was a third of the
     * time of these loops in a profile of Conv8 training.
     */
    private static void zeroRuns(float[] a, int first, int end, int step, int count) {
        if (count == 0) return;
        if (count == 1) {
            for (int r = first; r < end; r += step) a[r] = 0f;
            return;
        }
        for (int r = first; r < end; r += step) Arrays.fill(a, r, r + count, 0f);
    }

    /** dst[dOff + t] += src[sOff + t] for t in [0, len). */
    static void addInto(float[] dst, int dOff, float[] src, int sOff, int len) {
        int t = 0;
        int upper = S.loopBound(len);
        for (; t < upper; t += S.length()) {
            FloatVector.fromArray(S, dst, dOff + t).add(FloatVector.fromArray(S, src, sOff + t))
                    .intoArray(dst, dOff + t);
        }
        for (; t < len; t++) dst[dOff + t] += src[sOff + t];
    }

    /** dst[off + t] += v for t in [0, len). */
    static void addScalar(float[] dst, int off, int len, float v) {
        FloatVector bv = FloatVector.broadcast(S, v);
        int t = 0;
        int upper = S.loopBound(len);
        for (; t < upper; t += S.length()) {
            FloatVector.fromArray(S, dst, off + t).add(bv).intoArray(dst, off + t);
        }
        for (; t < len; t++) dst[off + t] += v;
    }

    /**
     * Σ src[off + t] for t in [0, len): float lanes, then the lanes summed in double, in order;
     * {@code lanes} is the caller's scratch of {@link #LANES} floats.
     */
    static double sum(float[] src, int off, int len, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        int t = 0;
        int upper = S.loopBound(len);
        for (; t < upper; t += S.length()) acc = acc.add(FloatVector.fromArray(S, src, off + t));
        // the lanes through memory: lane(l) with a variable l is not always intrinsified, and then it
        // boxed the vector on every call (1.6 KB per plane, 400 MB per Conv8 training step)
        acc.intoArray(lanes, 0);
        double s = 0.0;
        for (int l = 0; l < S.length(); l++) s += lanes[l];
        for (; t < len; t++) s += src[off + t];
        return s;
    }
}
