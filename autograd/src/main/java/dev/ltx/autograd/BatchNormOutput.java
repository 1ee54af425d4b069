package dev.ltx.autograd;

import dev.ltx.engine.Tensor;

/**
 * Result of training-mode batch normalization.
 *
 * @param output the normalized var, part of the graph
 * @param mean   per-channel batch mean (C), a constant for updating running statistics
 * @param var    per-channel biased batch variance (C), a constant for updating running statistics
 */
public record BatchNormOutput(Var output, Tensor mean, Tensor var) {
}
