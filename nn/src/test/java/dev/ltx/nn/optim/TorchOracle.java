package dev.ltx.nn.optim;

/**
 * PyTorch's documented update rules written out literally in plain double loops (the pseudo-code of
 * {@code torch.optim.SGD} and {@code torch.optim.AdamW}), independent of the code under test.
 */
final class TorchOracle {
    private TorchOracle() {
    }

    /** SGD state of one parameter: the momentum buffer, null before the first step. */
    static final class SgdState {
        double[] buf;
    }

    /** One SGD step on {@code p} in place. */
    static void sgdStep(double[] p, double[] grad, SgdState s, double lr, double momentum, double dampening,
                        double wd, boolean nesterov) {
        double[] d = grad.clone();
        if (wd != 0) {
            for (int i = 0; i < d.length; i++) d[i] = d[i] + wd * p[i];
        }
        if (momentum != 0) {
            if (s.buf == null) {
                s.buf = d.clone();
            } else {
                for (int i = 0; i < d.length; i++) s.buf[i] = momentum * s.buf[i] + (1 - dampening) * d[i];
            }
            if (nesterov) {
                for (int i = 0; i < d.length; i++) d[i] = d[i] + momentum * s.buf[i];
            } else {
                d = s.buf.clone();
            }
        }
        for (int i = 0; i < p.length; i++) p[i] = p[i] - lr * d[i];
    }

    /** AdamW state of one parameter. */
    static final class AdamState {
        double[] m;
        double[] v;
        int t;
    }

    /** One AdamW step on {@code p} in place (amsgrad off). */
    static void adamWStep(double[] p, double[] g, AdamState s, double lr, double beta1, double beta2, double eps,
                          double wd) {
        if (s.m == null) {
            s.m = new double[p.length];
            s.v = new double[p.length];
        }
        s.t++;
        for (int i = 0; i < p.length; i++) p[i] = p[i] * (1 - lr * wd);
        for (int i = 0; i < p.length; i++) {
            s.m[i] = beta1 * s.m[i] + (1 - beta1) * g[i];
            s.v[i] = beta2 * s.v[i] + (1 - beta2) * g[i] * g[i];
        }
        double bc1 = 1 - Math.pow(beta1, s.t);
        double bc2 = 1 - Math.pow(beta2, s.t);
        for (int i = 0; i < p.length; i++) {
            double mHat = s.m[i] / bc1;
            double vHat = s.v[i] / bc2;
            p[i] = p[i] - lr * mHat / (Math.sqrt(vHat) + eps);
        }
    }
}
