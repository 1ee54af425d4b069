package dev.ltx.nn.optim;

/**
 * Settings of {@link AdamW}, with PyTorch's meaning ({@code torch.optim.AdamW}, amsgrad off).
 *
 * @param lr          learning rate (&ge; 0)
 * @param beta1       decay of the first-moment average, in [0, 1)
 * @param beta2       decay of the second-moment average, in [0, 1)
 * @param eps         added to the bias-corrected root second moment (&gt; 0)
 * @param weightDecay decoupled weight decay: {@code p −= lr · weightDecay · p} each step (&ge; 0)
 */
public record AdamWConfig(double lr, double beta1, double beta2, double eps, double weightDecay) {

    public AdamWConfig {
        ParamList.checkLr(lr);
        if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) {
            throw new IllegalArgumentException("AdamW betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps > 0.0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("AdamW eps must be finite and > 0, got " + eps);
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("AdamW weight decay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** β1 0.9, β2 0.999, eps 1e-8 (the fine-tuning setting of the reference, §11). */
    public static AdamWConfig of(double lr, double weightDecay) {
        return new AdamWConfig(lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamWConfig withLr(double value) {
        return new AdamWConfig(value, beta1, beta2, eps, weightDecay);
    }

    public AdamWConfig withBetas(double b1, double b2) {
        return new AdamWConfig(lr, b1, b2, eps, weightDecay);
    }

    public AdamWConfig withEps(double value) {
        return new AdamWConfig(lr, beta1, beta2, value, weightDecay);
    }

    public AdamWConfig withWeightDecay(double value) {
        return new AdamWConfig(lr, beta1, beta2, eps, value);
    }
}
