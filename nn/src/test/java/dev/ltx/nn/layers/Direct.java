package dev.ltx.nn.layers;

/**
 * Plain-loop computations on row-major double arrays, written directly from the definitions: the
 * oracle the layers' forward passes are compared with.
 */
final class Direct {
    private Direct() {
    }

    /** y (n, out) = x (n, in) · wᵀ + b; b may be null. */
    static double[] linear(double[] x, int n, int in, double[] w, int out, double[] b) {
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < out; o++) {
                double s = b == null ? 0 : b[o];
                for (int k = 0; k < in; k++) {
                    s += x[i * in + k] * w[o * in + k];
                }
                y[i * out + o] = s;
            }
        }
        return y;
    }

    /** Zero-padded cross-correlation, x (n, c, h, w), weight (o, c, k, k), square stride/padding. */
    static double[] conv2d(double[] x, int n, int c, int h, int w, double[] wt, int o, int k, double[] b,
                           int stride, int pad) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        double[] y = new double[n * o * oh * ow];
        for (int i = 0; i < n; i++) {
            for (int oc = 0; oc < o; oc++) {
                for (int r = 0; r < oh; r++) {
                    for (int q = 0; q < ow; q++) {
                        double s = b == null ? 0 : b[oc];
                        for (int ic = 0; ic < c; ic++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int yy = r * stride - pad + u;
                                    int xx = q * stride - pad + v;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                        s += x[((i * c + ic) * h + yy) * w + xx] * wt[((oc * c + ic) * k + u) * k + v];
                                    }
                                }
                            }
                        }
                        y[((i * o + oc) * oh + r) * ow + q] = s;
                    }
                }
            }
        }
        return y;
    }

    /** Per-channel mean over (n, ·, hw). */
    static double[] channelMean(double[] x, int n, int c, int hw) {
        double[] m = new double[c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    m[ch] += x[(i * c + ch) * hw + p];
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            m[ch] /= (double) n * hw;
        }
        return m;
    }

    /** Per-channel biased variance over (n, ·, hw). */
    static double[] channelVar(double[] x, int n, int c, int hw) {
        double[] m = channelMean(x, n, c, hw);
        double[] v = new double[c];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < hw; p++) {
                    double d = x[(i * c + ch) * hw + p] - m[ch];
                    v[ch] += d * d;
                }
            }
        }
        for (int ch = 0; ch < c; ch++) {
            v[ch] /= (double) n * hw;
        }
        return v;
    }

    /** gamma · (x - mean) / sqrt(var + eps) + beta per channel. */
    static double[] normalize(double[] x, int n, int c, int hw, double[] mean, double[] var, double[] gamma,
                              double[] beta, double eps) {
        double[] y = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                double r = 1.0 / Math.sqrt(var[ch] + eps);
                for (int p = 0; p < hw; p++) {
                    int idx = (i * c + ch) * hw + p;
                    y[idx] = gamma[ch] * (x[idx] - mean[ch]) * r + beta[ch];
                }
            }
        }
        return y;
    }

    /** Training-mode batch norm with batch statistics. */
    static double[] batchNormTrain(double[] x, int n, int c, int hw, double[] gamma, double[] beta, double eps) {
        return normalize(x, n, c, hw, channelMean(x, n, c, hw), channelVar(x, n, c, hw), gamma, beta, eps);
    }

    /** Max (or average, counting padding) over square windows. */
    static double[] pool(double[] x, int n, int c, int h, int w, int k, int stride, int pad, boolean max) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        double[] y = new double[n * c * oh * ow];
        for (int i = 0; i < n * c; i++) {
            for (int r = 0; r < oh; r++) {
                for (int q = 0; q < ow; q++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int u = 0; u < k; u++) {
                        for (int v = 0; v < k; v++) {
                            int yy = r * stride - pad + u;
                            int xx = q * stride - pad + v;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                double e = x[(i * h + yy) * w + xx];
                                acc = max ? Math.max(acc, e) : acc + e;
                            }
                        }
                    }
                    y[(i * oh + r) * ow + q] = max ? acc : acc / (k * k);
                }
            }
        }
        return y;
    }

    static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(x[i], 0);
        }
        return y;
    }

    static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }
}
