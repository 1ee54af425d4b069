package dev.ltx.engine.cpu;

import dev.ltx.engine.PoolGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 pooling, parallel over (image, channel) planes. Each plane is handled start to finish by one
 * task in a fixed order, so results do not depend on the thread count. Window bounds are clipped
 * once per output cell, so the scalar inner loops carry no padding tests.
 *
 * <p>Without padding, the forward passes vectorize over the flattened output plane: lane l of a
 * {@code FloatVector} is output cell p + l, and each window cell (a, b) is one gather at the
 * precomputed window origins plus a·W + b. Lanes visit the window in the same row-major order and
 * apply the same comparison (or the same float additions) as the scalar loop, so vector and scalar
 * cells agree bit for bit: the first maximum wins, a NaN wins and stays. The blend also avoids the
 * branch mispredictions the scalar compare suffers on random data. Padded geometries and the tail
 * of each plane take the scalar loop; the backward passes are scatters and stay scalar.
 */
final class PoolFast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());
    private static final int L = S.length();
    /** Roughly how many input floats one task should cover. */
    private static final int TASK_FLOATS = 1 << 14;

    private PoolFast() {
    }

    private static int grain(PoolGeometry g) {
        return Math.max(1, TASK_FLOATS / Math.max(1, g.inPlane()));
    }

    /**
     * The plane index of each output cell's window origin when there is no padding (every window
     * then lies inside the plane); null when padded, which sends every cell to the scalar loop.
     */
    private static int[] windowOrigins(PoolGeometry g) {
        if (g.p().padH() != 0 || g.p().padW() != 0) return null;
        int[] origin = new int[g.outPlane()];
        for (int i = 0; i < g.oh(); i++) {
            for (int j = 0; j < g.ow(); j++) origin[i * g.ow() + j] = g.rowStart(i) * g.w() + g.colStart(j);
        }
        return origin;
    }

    static void maxForward(Parallel pool, PoolGeometry g, float[] x, float[] y, int[] idx) {
        int[] origin = windowOrigins(g);
        int vectorEnd = origin == null ? 0 : g.outPlane() - g.outPlane() % L;
        pool.forRange(g.planes(), grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.inPlane();
                int out = pl * g.outPlane();
                for (int p = 0; p < vectorEnd; p += L) maxVector(g, x, in, origin, p, y, idx, out + p);
                for (int p = vectorEnd; p < g.outPlane(); p++) maxScalar(g, x, in, p, y, idx, out + p);
            }
        });
    }

    /** Lanes = output cells p..p+L−1 of one unpadded plane. */
    private static void maxVector(PoolGeometry g, float[] x, int in, int[] origin, int p, float[] y, int[] idx,
                                  int at) {
        IntVector cells = IntVector.fromArray(I, origin, p);
        FloatVector best = FloatVector.fromArray(S, x, in, origin, p);
        IntVector arg = cells;
        for (int a = 0; a < g.p().kernelH(); a++) {
            for (int b = a == 0 ? 1 : 0; b < g.p().kernelW(); b++) {
                int d = a * g.w() + b;
                FloatVector v = FloatVector.fromArray(S, x, in + d, origin, p);
                VectorMask<Float> win = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, win);
                arg = arg.blend(cells.add(d), win.cast(I));
            }
        }
        best.intoArray(y, at);
        arg.intoArray(idx, at);
    }

    /** Output cell p of one plane, window clipped to the image. */
    private static void maxScalar(PoolGeometry g, float[] x, int in, int p, float[] y, int[] idx, int at) {
        int i = p / g.ow();
        int j = p - i * g.ow();
        int w = g.w();
        int r0 = Math.max(0, g.rowStart(i));
        int r1 = Math.min(g.h(), g.rowStart(i) + g.p().kernelH());
        int c0 = Math.max(0, g.colStart(j));
        int c1 = Math.min(w, g.colStart(j) + g.p().kernelW());
        int arg = r0 * w + c0;
        float best = x[in + arg];
        for (int r = r0; r < r1; r++) {
            for (int col = c0; col < c1; col++) {
                float v = x[in + r * w + col];
                // strictly greater keeps the first maximum; the first NaN wins and stays
                if (v > best || (v != v && best == best)) {
                    best = v;
                    arg = r * w + col;
                }
            }
        }
        y[at] = best;
        idx[at] = arg;
    }

    static float[] maxBackward(Parallel pool, PoolGeometry g, float[] gy, int[] idx, float[] gx) {
        pool.forRange(g.planes(), grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.inPlane();
                int out = pl * g.outPlane();
                for (int k = 0; k < g.outPlane(); k++) gx[in + idx[out + k]] += gy[out + k];
            }
        });
        return gx;
    }

    static float[] avgForward(Parallel pool, PoolGeometry g, float[] x, float[] y) {
        int[] origin = windowOrigins(g);
        int vectorEnd = origin == null ? 0 : g.outPlane() - g.outPlane() % L;
        float div = g.windowSize();
        pool.forRange(g.planes(), grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.inPlane();
                int out = pl * g.outPlane();
                for (int p = 0; p < vectorEnd; p += L) {
                    FloatVector s = FloatVector.zero(S);
                    for (int a = 0; a < g.p().kernelH(); a++) {
                        for (int b = 0; b < g.p().kernelW(); b++) {
                            s = s.add(FloatVector.fromArray(S, x, in + a * g.w() + b, origin, p));
                        }
                    }
                    s.div(div).intoArray(y, out + p);
                }
                for (int p = vectorEnd; p < g.outPlane(); p++) y[out + p] = avgScalar(g, x, in, p) / div;
            }
        });
        return y;
    }

    /** The window sum of output cell p of one plane, in row-major order, window clipped to the image. */
    private static float avgScalar(PoolGeometry g, float[] x, int in, int p) {
        int i = p / g.ow();
        int j = p - i * g.ow();
        int w = g.w();
        int r0 = Math.max(0, g.rowStart(i));
        int r1 = Math.min(g.h(), g.rowStart(i) + g.p().kernelH());
        int c0 = Math.max(0, g.colStart(j));
        int c1 = Math.min(w, g.colStart(j) + g.p().kernelW());
        float s = 0f;
        for (int r = r0; r < r1; r++) {
            for (int col = c0; col < c1; col++) s += x[in + r * w + col];
        }
        return s;
    }

    static float[] avgBackward(Parallel pool, PoolGeometry g, float[] gy, float[] gx) {
        float div = g.windowSize();
        int kh = g.p().kernelH();
        int kw = g.p().kernelW();
        int h = g.h();
        int w = g.w();
        pool.forRange(g.planes(), grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.inPlane();
                int out = pl * g.outPlane();
                for (int i = 0; i < g.oh(); i++) {
                    int r0 = Math.max(0, g.rowStart(i));
                    int r1 = Math.min(h, g.rowStart(i) + kh);
                    for (int j = 0; j < g.ow(); j++) {
                        int c0 = Math.max(0, g.colStart(j));
                        int c1 = Math.min(w, g.colStart(j) + kw);
                        float d = gy[out + i * g.ow() + j] / div;
                        for (int r = r0; r < r1; r++) {
                            for (int col = c0; col < c1; col++) gx[in + r * w + col] += d;
                        }
                    }
                }
            }
        });
        return gx;
    }
}
