package dev.ltx.engine.cpu;

import dev.ltx.engine.PoolGeometry;
/**
 * The scalar oracle for max and average pooling on NCHW {@code double[]} arrays. Max pooling
 * scans each window in row-major order and keeps the first maximum (a NaN wins over any number,
 * and the first NaN is kept), recording its flat index {@code h·W + w} within the input plane.
 */
final class PoolReference {
    private PoolReference() {
    }

    /** Fills {@code y} with window maxima and {@code idx} with their plane indices. */
    static void maxForward(PoolGeometry g, double[] x, double[] y, int[] idx) {
        for (int pl = 0; pl < g.planes(); pl++) {
            int in = pl * g.inPlane();
            for (int i = 0; i < g.oh(); i++) {
                for (int j = 0; j < g.ow(); j++) {
                    double best = 0;
                    int arg = -1;
                    for (int a = 0; a < g.p().kernelH(); a++) {
                        int r = g.rowStart(i) + a;
                        if (r < 0 || r >= g.h()) continue;
                        for (int b = 0; b < g.p().kernelW(); b++) {
                            int col = g.colStart(j) + b;
                            if (col < 0 || col >= g.w()) continue;
                            double v = x[in + r * g.w() + col];
                            if (arg < 0 || v > best || (Double.isNaN(v) && !Double.isNaN(best))) {
                                best = v;
                                arg = r * g.w() + col;
                            }
                        }
                    }
                    int out = (pl * g.oh() + i) * g.ow() + j;
                    y[out] = best;
                    idx[out] = arg;
                }
            }
        }
    }

    /** gx[plane, idx[k]] += gy[k] for every output cell k. */
    static double[] maxBackward(PoolGeometry g, double[] gy, int[] idx) {
        double[] gx = new double[g.planes() * g.inPlane()];
        for (int pl = 0; pl < g.planes(); pl++) {
            for (int k = 0; k < g.outPlane(); k++) {
                int out = pl * g.outPlane() + k;
                gx[pl * g.inPlane() + idx[out]] += gy[out];
            }
        }
        return gx;
    }

    /** Window sums of real cells divided by KH·KW. */
    static double[] avgForward(PoolGeometry g, double[] x) {
        double[] y = new double[g.planes() * g.outPlane()];
        double div = g.windowSize();
        for (int pl = 0; pl < g.planes(); pl++) {
            int in = pl * g.inPlane();
            for (int i = 0; i < g.oh(); i++) {
                for (int j = 0; j < g.ow(); j++) {
                    double s = 0;
                    for (int a = 0; a < g.p().kernelH(); a++) {
                        int r = g.rowStart(i) + a;
                        if (r < 0 || r >= g.h()) continue;
                        for (int b = 0; b < g.p().kernelW(); b++) {
                            int col = g.colStart(j) + b;
                            if (col >= 0 && col < g.w()) s += x[in + r * g.w() + col];
                        }
                    }
                    y[(pl * g.oh() + i) * g.ow() + j] = s / div;
                }
            }
        }
        return y;
    }

    /** Each output gradient, divided by KH·KW, added to every real cell of its window. */
    static double[] avgBackward(PoolGeometry g, double[] gy) {
        double[] gx = new double[g.planes() * g.inPlane()];
        double div = g.windowSize();
        for (int pl = 0; pl < g.planes(); pl++) {
            int in = pl * g.inPlane();
            for (int i = 0; i < g.oh(); i++) {
                for (int j = 0; j < g.ow(); j++) {
                    double d = gy[(pl * g.oh() + i) * g.ow() + j] / div;
                    for (int a = 0; a < g.p().kernelH(); a++) {
                        int r = g.rowStart(i) + a;
                        if (r < 0 || r >= g.h()) continue;
                        for (int b = 0; b < g.p().kernelW(); b++) {
                            int col = g.colStart(j) + b;
                            if (col >= 0 && col < g.w()) gx[in + r * g.w() + col] += d;
                        }
                    }
                }
            }
        }
        return gx;
    }
}
