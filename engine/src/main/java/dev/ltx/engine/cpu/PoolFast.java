package dev.ltx.engine.cpu;

import dev.ltx.engine.PoolGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 pooling, parallel over (image, channel) planes. Each plane is handled start to finish by one
 * task in a fixed order, so results do not depend on the thread count. Window bounds are clipped
 * once per output cell, so the scalar inner loops carry no padding tests.
 *
 * <p>Without padding, average pooling vectorizes over the flattened output plane: lane l of a
 * {@code FloatVector} is output cell p + l, and each window cell (a, b) is one gather at the
 * precomputed window origins plus a·W + b, in the scalar loop's order, so both agree bit for bit.
 * Max pooling with an unpadded 2×2 window (Conv4/6/8's) vectorizes the same way: four gathers,
 * compared in window order (the first maximum wins, a NaN wins and stays), the arg-max carried as
 * int bits in float lanes through the same blends and read back by a reinterpretation. An earlier
 * vector form kept the arg-max in int lanes and needed a float-to-int mask cast that JDK 17's C2
 * does not intrinsify on AVX-512: it boxed every vector (hundreds of MB of garbage per Conv8 step).
 * Without the cast nothing is allocated, and 128×64×32×32 takes 9.2–11.4 ms instead of 40.5–44 ms at
 * 1 thread (128×128×16×16: 4.3–6.1 against 20.5–22; the scalar loop's selects compile to branches that
 * random data mispredicts). Its first call runs interpreted (about a second for that shape, once per
 * JVM). Other max-pool windows stay scalar, with branch-free selects. The backward passes are
 * scatters and stay scalar.
 */
final class PoolFast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
        float[][] cells = origin != null && g.p().kernelH() == 2 && g.p().kernelW() == 2 ? cellBits(origin, g.w()) : null;
        pool.forRange(g.planes(), grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.inPlane();
                int out = pl * g.outPlane();
                if (cells != null) {
                    int done = max2x2Vectors(x, in, origin, cells, g.w(), y, idx, out);
                    maxUnpadded(g, x, in, origin, y, idx, out, done);
                } else if (origin != null) {
                    maxUnpadded(g, x, in, origin, y, idx, out, 0);
                } else {
                    for (int p = 0; p < g.outPlane(); p++) maxScalar(g, x, in, p, y, idx, out + p);
                }
            }
        });
    }

    /**
     * For a 2×2 window: the plane index of each output cell's four window cells, in window order
     * (origin, +1, +W, +W+1), as int bits in float lanes, so that the arg-max follows the maximum
     * through float blends under the same float mask (a float-to-int mask cast is what boxed the
     * earlier vector form) and is read back by a reinterpretation.
     */
    private static float[][] cellBits(int[] origin, int w) {
        int[] offsets = {0, 1, w, w + 1};
        float[][] cells = new float[4][origin.length];
        for (int k = 0; k < 4; k++) {
            for (int p = 0; p < origin.length; p++) cells[k][p] = Float.intBitsToFloat(origin[p] + offsets[k]);
        }
        return cells;
    }

    /**
     * The output cells [0, returned) of one unpadded plane with a 2×2 window, a vector of cells at a
     * time: four gathers at the window origins, compared in window order with the scalar loop's rule
     * (strictly greater wins; a NaN wins over a number and stays), so both agree bit for bit.
     */
    private static int max2x2Vectors(float[] x, int in, int[] origin, float[][] cells, int w, float[] y, int[] idx,
                                     int out) {
        int bound = S.loopBound(origin.length);
        for (int p = 0; p < bound; p += L) {
            FloatVector best = FloatVector.fromArray(S, x, in, origin, p);
            FloatVector arg = FloatVector.fromArray(S, cells[0], p);
            FloatVector v = FloatVector.fromArray(S, x, in + 1, origin, p);
            VectorMask<Float> win = wins(v, best);
            best = best.blend(v, win);
            arg = arg.blend(FloatVector.fromArray(S, cells[1], p), win);
            v = FloatVector.fromArray(S, x, in + w, origin, p);
            win = wins(v, best);
            best = best.blend(v, win);
            arg = arg.blend(FloatVector.fromArray(S, cells[2], p), win);
            v = FloatVector.fromArray(S, x, in + w + 1, origin, p);
            win = wins(v, best);
            best = best.blend(v, win);
            arg = arg.blend(FloatVector.fromArray(S, cells[3], p), win);
            best.intoArray(y, out + p);
            arg.reinterpretAsInts().intoArray(idx, out + p);
        }
        return bound;
    }

    /** Lanes where v replaces best: {@code v > best}, or v is NaN and best is not. */
    private static VectorMask<Float> wins(FloatVector v, FloatVector best) {
        return v.compare(VectorOperators.GT, best)
                .or(v.compare(VectorOperators.NE, v).and(best.compare(VectorOperators.EQ, best)));
    }

    /** Output cells [from, outPlane) of one unpadded plane: windows lie inside it, no clipping. */
    private static void maxUnpadded(PoolGeometry g, float[] x, int in, int[] origin, float[] y, int[] idx, int out,
                                    int from) {
        int kh = g.p().kernelH();
        int kw = g.p().kernelW();
        int w = g.w();
        if (kh == 2 && kw == 2) {
            for (int p = from; p < origin.length; p++) {
                int o = origin[p];
                int arg = o;
                float best = x[in + o];
                float v = x[in + o + 1];
                boolean win = v > best | (v != v & best == best);
                best = win ? v : best;
                arg = win ? o + 1 : arg;
                v = x[in + o + w];
                win = v > best | (v != v & best == best);
                best = win ? v : best;
                arg = win ? o + w : arg;
                v = x[in + o + w + 1];
                win = v > best | (v != v & best == best);
                best = win ? v : best;
                arg = win ? o + w + 1 : arg;
                y[out + p] = best;
                idx[out + p] = arg;
            }
            return;
        }
        for (int p = from; p < origin.length; p++) {
            int o = origin[p];
            int arg = o;
            float best = x[in + o];
            for (int a = 0; a < kh; a++) {
                int row = o + a * w;
                for (int b = 0; b < kw; b++) {
                    float v = x[in + row + b];
                    // strictly greater keeps the first maximum; the first NaN wins and stays
                    boolean win = v > best | (v != v & best == best);
                    best = win ? v : best;
                    arg = win ? row + b : arg;
                }
            }
            y[out + p] = best;
            idx[out + p] = arg;
        }
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
