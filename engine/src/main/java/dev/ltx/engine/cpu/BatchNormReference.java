package dev.ltx.engine.cpu;

/**
 * The scalar oracle for batch normalization over axis 1, on {@code double[]} arrays laid out as
 * (N, C, plane) with plane = H·W (1 for 2-D input). Statistics are two-pass (mean, then the mean
 * squared deviation) and biased, as in training-mode PyTorch. A null gamma means 1, a null beta 0.
 */
final class BatchNormReference {
    private BatchNormReference() {
    }

    /** Fills y, mean, var and invStd = 1 / sqrt(var + eps). */
    static void train(int n, int c, int plane, double[] x, double[] gamma, double[] beta, double eps,
                      double[] y, double[] mean, double[] var, double[] invStd) {
        double count = (double) n * plane;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) s += x[base + p];
            }
            double m = s / count;
            double sq = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    double d = x[base + p] - m;
                    sq += d * d;
                }
            }
            mean[ch] = m;
            var[ch] = sq / count;
            invStd[ch] = 1.0 / Math.sqrt(var[ch] + eps);
        }
        normalize(n, c, plane, x, gamma, beta, mean, invStd, y);
    }

    /** y = (x − mean) / sqrt(runningVar + eps) · gamma + beta with the given running statistics. */
    static double[] eval(int n, int c, int plane, double[] x, double[] gamma, double[] beta,
                         double[] runningMean, double[] runningVar, double eps) {
        double[] invStd = new double[c];
        for (int ch = 0; ch < c; ch++) invStd[ch] = 1.0 / Math.sqrt(runningVar[ch] + eps);
        double[] y = new double[x.length];
        normalize(n, c, plane, x, gamma, beta, runningMean, invStd, y);
        return y;
    }

    private static void normalize(int n, int c, int plane, double[] x, double[] gamma, double[] beta,
                                  double[] mean, double[] invStd, double[] y) {
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double g = gamma == null ? 1.0 : gamma[ch];
                double sh = beta == null ? 0.0 : beta[ch];
                int base = (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    y[base + p] = (x[base + p] - mean[ch]) * invStd[ch] * g + sh;
                }
            }
        }
    }

    /**
     * Fills gx and, when gamma is not null, gGamma = Σ gy·x̂ and gBeta = Σ gy, where
     * x̂ = (x − mean)·invStd and gx = invStd·(g' − mean(g') − x̂·mean(g'·x̂)) with g' = gy·gamma.
     */
    static void backward(int n, int c, int plane, double[] gy, double[] x, double[] gamma, double[] mean,
                         double[] invStd, double[] gx, double[] gGamma, double[] gBeta) {
        double count = (double) n * plane;
        for (int ch = 0; ch < c; ch++) {
            double g = gamma == null ? 1.0 : gamma[ch];
            double sumG = 0;
            double sumGXhat = 0;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    sumG += gy[base + p];
                    sumGXhat += gy[base + p] * (x[base + p] - mean[ch]) * invStd[ch];
                }
            }
            if (gamma != null) {
                gGamma[ch] = sumGXhat;
                gBeta[ch] = sumG;
            }
            double meanGp = g * sumG / count;
            double meanGpXhat = g * sumGXhat / count;
            for (int b = 0; b < n; b++) {
                int base = (b * c + ch) * plane;
                for (int p = 0; p < plane; p++) {
                    double xhat = (x[base + p] - mean[ch]) * invStd[ch];
                    gx[base + p] = invStd[ch] * (g * gy[base + p] - meanGp - xhat * meanGpXhat);
                }
            }
        }
    }
}
