package dev.ltx.engine.cpu;

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
        int ow = g.ow();
        for (int c = 0; c < g.c(); c++) {
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) {
                    int row = colOff + ((c * g.kh() + a) * g.kw() + b) * ld;
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
        int ow = g.ow();
        for (int c = 0; c < g.c(); c++) {
            for (int a = 0; a < g.kh(); a++) {
                for (int b = 0; b < g.kw(); b++) {
                    int row = colOff + ((c * g.kh() + a) * g.kw() + b) * ld;
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

    /** Σ src[off + t] for t in [0, len): float lanes, then the lanes summed in double. */
    static double sum(float[] src, int off, int len) {
        FloatVector acc = FloatVector.zero(S);
        int t = 0;
        int upper = S.loopBound(len);
        for (; t < upper; t += S.length()) acc = acc.add(FloatVector.fromArray(S, src, off + t));
        double s = 0.0;
        for (int l = 0; l < S.length(); l++) s += acc.lane(l);
        for (; t < len; t++) s += src[off + t];
        return s;
    }
}
