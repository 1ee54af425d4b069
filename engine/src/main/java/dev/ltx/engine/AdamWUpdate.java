package dev.ltx.engine;

/**
 * The hyperparameters of one AdamW step ({@link Backend#adamwStep}), with PyTorch's
 * {@code torch.optim.AdamW} meanings.
 *
 * @param lr          learning rate (finite, at least 0)
 * @param beta1       decay of the first moment, in [0, 1)
 * @param beta2       decay of the second moment, in [0, 1)
 * @param eps         term added to the denominator (finite, at least 0)
 * @param weightDecay decoupled weight decay: the parameter is multiplied by {@code 1 − lr·weightDecay}
 */
public record AdamWUpdate(double lr, double beta1, double beta2, double eps, double weightDecay) {
    /** Throws unless the values are in range. */
    public AdamWUpdate {
        if (!(lr >= 0) || Double.isInfinite(lr) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)
                || !(eps >= 0) || Double.isInfinite(eps) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("adamw step: lr " + lr + ", betas (" + beta1 + ", " + beta2 + "), eps "
                    + eps + " and weight decay " + weightDecay + " out of range (lr, eps >= 0 finite; betas in [0, 1))");
        }
    }
}
