package dev.ltx.nn.optim;

/**
 * Settings of {@link Sgd}, with PyTorch's meaning and defaults ({@code torch.optim.SGD}).
 *
 * @param lr          learning rate (&ge; 0)
 * @param momentum    momentum factor (&ge; 0; 0 disables the momentum buffer)
 * @param dampening   dampening of the gradient's contribution to the momentum buffer after the first step
 * @param weightDecay L2 penalty coupled into the gradient: {@code g + weightDecay · p} (&ge; 0)
 * @param nesterov    Nesterov momentum (needs momentum &gt; 0 and dampening 0)
 */
public record SgdConfig(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {

    public SgdConfig {
        ParamList.checkLr(lr);
        if (!(momentum >= 0.0) || Double.isInfinite(momentum)) {
            throw new IllegalArgumentException("SGD momentum must be finite and >= 0, got " + momentum);
        }
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("SGD dampening must be finite, got " + dampening);
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("SGD weight decay must be finite and >= 0, got " + weightDecay);
        }
        if (nesterov && (momentum <= 0.0 || dampening != 0.0)) {
            throw new IllegalArgumentException("Nesterov momentum requires momentum > 0 and dampening 0, got momentum "
                    + momentum + ", dampening " + dampening);
        }
    }

    /** Plain SGD: no momentum, no dampening, no weight decay. */
    public static SgdConfig of(double lr) {
        return new SgdConfig(lr, 0.0, 0.0, 0.0, false);
    }

    /** The source-training setting of the paper: momentum 0.9, no dampening, no Nesterov, coupled weight decay. */
    public static SgdConfig paper(double lr, double weightDecay) {
        return new SgdConfig(lr, 0.9, 0.0, weightDecay, false);
    }

    public SgdConfig withLr(double value) {
        return new SgdConfig(value, momentum, dampening, weightDecay, nesterov);
    }

    public SgdConfig withMomentum(double value) {
        return new SgdConfig(lr, value, dampening, weightDecay, nesterov);
    }

    public SgdConfig withDampening(double value) {
        return new SgdConfig(lr, momentum, value, weightDecay, nesterov);
    }

    public SgdConfig withWeightDecay(double value) {
        return new SgdConfig(lr, momentum, dampening, value, nesterov);
    }

    public SgdConfig withNesterov(boolean value) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, value);
    }
}
