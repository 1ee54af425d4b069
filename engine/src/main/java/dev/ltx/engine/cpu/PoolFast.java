package dev.ltx.engine.cpu;

/**
 * F32 pooling, parallel over (image, channel) planes. Each plane is handled start to finish by one
 * task in a fixed order, so results do not depend on the thread count. Window bounds are clipped
 * once per output cell, so the inner loops carry no padding tests. Pooling windows are strided
 * gathers with tiny reductions, which do not map onto {@code FloatVector} lanes profitably;
 * these loops are scalar and memory-bound (one pass over input and output).
 */
final class PoolFast {
    /** Roughly how many input floats one task should cover. */
    private static final int TASK_FLOATS = 1 << 14;

    private PoolFast() {
    }

    private static int grain(PoolGeometry g) {
        return Math.max(1, TASK_FLOATS / Math.max(1, g.inPlane()));
    }

    static void maxForward(Parallel pool, PoolGeometry g, float[] x, float[] y, int[] idx) {
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
                        int arg = r0 * w + c0;
                        float best = x[in + arg];
                        for (int r = r0; r < r1; r++) {
                            int rowBase = r * w;
                            for (int col = c0; col < c1; col++) {
                                float v = x[in + rowBase + col];
                                // strictly greater keeps the first maximum; the first NaN wins and stays
                                if (v > best || (v != v && best == best)) {
                                    best = v;
                                    arg = rowBase + col;
                                }
                            }
                        }
                        y[out + i * g.ow() + j] = best;
                        idx[out + i * g.ow() + j] = arg;
                    }
                }
            }
        });
    }

    static float[] maxBackward(Parallel pool, PoolGeometry g, float[] gy, int[] idx) {
        float[] gx = new float[g.planes() * g.inPlane()];
        pool.forRange(g.planes(), grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int in = pl * g.inPlane();
                int out = pl * g.outPlane();
                for (int k = 0; k < g.outPlane(); k++) gx[in + idx[out + k]] += gy[out + k];
            }
        });
        return gx;
    }

    static float[] avgForward(Parallel pool, PoolGeometry g, float[] x) {
        float[] y = new float[g.planes() * g.outPlane()];
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
                        float s = 0f;
                        for (int r = r0; r < r1; r++) {
                            for (int col = c0; col < c1; col++) s += x[in + r * w + col];
                        }
                        y[out + i * g.ow() + j] = s / div;
                    }
                }
            }
        });
        return y;
    }

    static float[] avgBackward(Parallel pool, PoolGeometry g, float[] gy) {
        float[] gx = new float[g.planes() * g.inPlane()];
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
