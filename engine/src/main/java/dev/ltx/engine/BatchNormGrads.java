package dev.ltx.engine;

/**
 * Gradients of training-mode batch normalization.
 *
 * @param input gradient with respect to the input
 * @param gamma gradient with respect to the scale (null when not affine)
 * @param beta  gradient with respect to the shift (null when not affine)
 */
public record BatchNormGrads(Tensor input, Tensor gamma, Tensor beta) {
}
