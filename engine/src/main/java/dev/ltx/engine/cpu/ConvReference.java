package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
/**
 * The scalar oracle for 2-D convolution: direct loops over NCHW/OIHW {@code double[]} arrays,
 * no tricks. Every fast path is tested against these.
 */
final class ConvReference {
    private ConvReference() {
    }

    /** y[n, o, i, j] = bias[o] + Σ_{c, a, b} x[n, c, i·sh − ph + a, j·sw − pw + b] · w[o, c, a, b]. */
    static double[] forward(ConvGeometry g, double[] x, double[] w, double[] bias) {
        double[] y = new double[g.n() * g.o() * g.outPlane()];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.o(); o++) {
                for (int i = 0; i < g.oh(); i++) {
                    for (int j = 0; j < g.ow(); j++) {
                        double s = bias == null ? 0.0 : bias[o];
                        for (int c = 0; c < g.c(); c++) {
                            for (int a = 0; a < g.kh(); a++) {
                                int ih = i * g.strideH() - g.padH() + a;
                                if (ih < 0 || ih >= g.h()) continue;
                                for (int b = 0; b < g.kw(); b++) {
                                    int iw = j * g.strideW() - g.padW() + b;
                                    if (iw < 0 || iw >= g.w()) continue;
                                    s += x[((n * g.c() + c) * g.h() + ih) * g.w() + iw]
                                            * w[((o * g.c() + c) * g.kh() + a) * g.kw() + b];
                                }
                            }
                        }
                        y[((n * g.o() + o) * g.oh() + i) * g.ow() + j] = s;
                    }
                }
            }
        }
        return y;
    }

    /** gx[n, c, ih, iw] = Σ over every (o, i, j, a, b) that reads that cell of gy[n, o, i, j] · w[o, c, a, b]. */
    static double[] backwardInput(ConvGeometry g, double[] gy, double[] w) {
        double[] gx = new double[g.n() * g.c() * g.inPlane()];
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.o(); o++) {
                for (int i = 0; i < g.oh(); i++) {
                    for (int j = 0; j < g.ow(); j++) {
                        double d = gy[((n * g.o() + o) * g.oh() + i) * g.ow() + j];
                        for (int c = 0; c < g.c(); c++) {
                            for (int a = 0; a < g.kh(); a++) {
                                int ih = i * g.strideH() - g.padH() + a;
                                if (ih < 0 || ih >= g.h()) continue;
                                for (int b = 0; b < g.kw(); b++) {
                                    int iw = j * g.strideW() - g.padW() + b;
                                    if (iw < 0 || iw >= g.w()) continue;
                                    gx[((n * g.c() + c) * g.h() + ih) * g.w() + iw]
                                            += d * w[((o * g.c() + c) * g.kh() + a) * g.kw() + b];
                                }
                            }
                        }
                    }
                }
            }
        }
        return gx;
    }

    /** gw[o, c, a, b] = Σ_{n, i, j} gy[n, o, i, j] · x[n, c, i·sh − ph + a, j·sw − pw + b]. */
    static double[] backwardWeight(ConvGeometry g, double[] gy, double[] x) {
        double[] gw = new double[g.o() * g.colRows()];
        for (int o = 0; o < g.o(); o++) {
            for (int c = 0; c < g.c(); c++) {
                for (int a = 0; a < g.kh(); a++) {
                    for (int b = 0; b < g.kw(); b++) {
                        double s = 0.0;
                        for (int n = 0; n < g.n(); n++) {
                            for (int i = 0; i < g.oh(); i++) {
                                int ih = i * g.strideH() - g.padH() + a;
                                if (ih < 0 || ih >= g.h()) continue;
                                for (int j = 0; j < g.ow(); j++) {
                                    int iw = j * g.strideW() - g.padW() + b;
                                    if (iw < 0 || iw >= g.w()) continue;
                                    s += gy[((n * g.o() + o) * g.oh() + i) * g.ow() + j]
                                            * x[((n * g.c() + c) * g.h() + ih) * g.w() + iw];
                                }
                            }
                        }
                        gw[((o * g.c() + c) * g.kh() + a) * g.kw() + b] = s;
                    }
                }
            }
        }
        return gw;
    }

    /** gb[o] = Σ_{n, i, j} gy[n, o, i, j] for gy of shape (n, o, plane). */
    static double[] backwardBias(double[] gy, int n, int o, int plane) {
        double[] gb = new double[o];
        for (int k = 0; k < o; k++) {
            double s = 0.0;
            for (int b = 0; b < n; b++) {
                int base = (b * o + k) * plane;
                for (int p = 0; p < plane; p++) s += gy[base + p];
            }
            gb[k] = s;
        }
        return gb;
    }
}
