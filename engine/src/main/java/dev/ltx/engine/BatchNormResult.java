package dev.ltx.engine;

/**
 * Output of training-mode batch normalization.
 *
 * @param output the normalized (and, if affine, scaled and shifted) input
 * @param mean   per-channel batch mean, shape (C)
 * @param var    per-channel biased batch variance, shape (C)
 * @param invStd per-channel 1 / sqrt(var + eps), shape (C), saved for the backward pass
 */
public record BatchNormResult(Tensor output, Tensor mean, Tensor var, Tensor invStd) {
}
