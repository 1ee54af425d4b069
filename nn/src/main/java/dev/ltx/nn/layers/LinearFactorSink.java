package dev.ltx.nn.layers;

import dev.ltx.engine.Tensor;

/**
 * Observer of a {@link Linear} layer's backward pass: receives the layer's input {@code x} (N, in)
 * and the gradient {@code g} (N, out) of the loss with respect to its output, whose product
 * {@code gᵀ · x} is the weight gradient. Weight matching uses the pair as a rank-N factorization
 * of that gradient. The input is the forward pass's tensor (copy it to keep it); the gradient is
 * the receiver's to keep or close.
 */
@FunctionalInterface
public interface LinearFactorSink {
    /** One backward pass through the layer. */
    void record(Tensor input, Tensor outputGradient);

    /**
     * Whether the layer's weight still gets its gradient (default). False: the backward pass leaves
     * it out ({@link dev.ltx.autograd.F#factoredLinear}), the weight receives none, and these
     * factors are the only record of it; for a wide layer that saves the (out, in) product.
     */
    default boolean weightGradient() {
        return true;
    }
}
