package dev.ltx.engine;

/**
 * The (n, c, plane) view that batch normalization takes of an (N, C) or (N, C, H, W) input
 * (plane = H·W, or 1), with the operand checks every backend shares. Dtype rules stay with the
 * backend (the CPU accepts any floating type, CUDA only F32); this class checks shapes.
 *
 * @param n     samples
 * @param c     channels
 * @param plane elements per channel and sample
 */
public record BatchNormGeometry(int n, int c, int plane) {
    /** The view of {@code x}; throws naming {@code op} unless x is (N, C) or (N, C, H, W) with N ≥ 1. */
    public static BatchNormGeometry of(Tensor x, String op) {
        if (x.rank() != 2 && x.rank() != 4) {
            throw new IllegalArgumentException(op + ": input must be (N, C) or (N, C, H, W), got shape " + x.shape());
        }
        if (x.dim(0) == 0) {
            throw new IllegalArgumentException(op + ": batch statistics need at least one sample, got shape " + x.shape());
        }
        return new BatchNormGeometry(x.dim(0), x.dim(1), x.rank() == 4 ? x.dim(2) * x.dim(3) : 1);
    }

    /**
     * The view of {@code x} for batch-norm training, after the operand checks every backend shares:
     * gamma and beta both given or both null, each a (C) tensor of x's dtype.
     */
    public static BatchNormGeometry forTrain(Tensor x, Tensor gamma, Tensor beta, String op) {
        BatchNormGeometry l = of(x, op);
        requireAffinePair(gamma, beta, op);
        l.requireChannels(x, gamma, "gamma", op);
        l.requireChannels(x, beta, "beta", op);
        return l;
    }

    /** As {@link #forTrain}, plus the running mean and variance, both required (C) tensors. */
    public static BatchNormGeometry forEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                            String op) {
        BatchNormGeometry l = forTrain(x, gamma, beta, op);
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException(op + ": running mean and variance are required");
        }
        l.requireChannels(x, runningMean, "running mean", op);
        l.requireChannels(x, runningVar, "running var", op);
        return l;
    }

    /** The (C) shape of per-channel tensors. */
    public Shape channels() {
        return Shape.of(c);
    }

    /** Throws unless {@code t} (skipped when null) is a (C) tensor of x's dtype; {@code what} names it. */
    public void requireChannels(Tensor x, Tensor t, String what, String op) {
        if (t == null) return;
        Checks.sameFloating(x, t, op + " " + what);
        if (!t.shape().equals(channels())) {
            throw new IllegalArgumentException(op + ": " + what + " shape " + t.shape() + " does not match the "
                    + c + " channels of input " + x.shape());
        }
    }

    /** Throws unless gamma and beta are both given (affine) or both null. */
    public static void requireAffinePair(Tensor gamma, Tensor beta, String op) {
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException(op + ": gamma and beta must both be given (affine) or both be null, got "
                    + (gamma == null ? "null" : gamma.shape()) + " and " + (beta == null ? "null" : beta.shape()));
        }
    }
}
