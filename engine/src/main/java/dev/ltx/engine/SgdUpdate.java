package dev.ltx.engine;

/**
 * The hyperparameters of one SGD step ({@link Backend#sgdStep}), with PyTorch's
 * {@code torch.optim.SGD} meanings: learning rate, momentum factor, dampening of the momentum
 * buffer's gradient term, coupled (L2) weight decay and Nesterov momentum.
 *
 * @param lr          learning rate (finite, at least 0)
 * @param momentum    momentum factor (0 for plain SGD: no momentum buffers)
 * @param dampening   dampening of the gradient term of the momentum update
 * @param weightDecay coupled weight decay: the gradient becomes {@code g + weightDecay·p}
 * @param nesterov    Nesterov momentum
 */
public record SgdUpdate(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
    /** Throws unless every value is finite and the learning rate is not negative. */
    public SgdUpdate {
        if (!(lr >= 0) || Double.isInfinite(lr) || !Double.isFinite(momentum) || !Double.isFinite(dampening)
                || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("sgd step: lr " + lr + ", momentum " + momentum + ", dampening "
                    + dampening + " and weight decay " + weightDecay + " must be finite (lr >= 0)");
        }
    }
}
