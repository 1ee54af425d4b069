package dev.ltx.engine;

/**
 * Output of max pooling.
 *
 * @param output  pooled values, NCHW
 * @param indices I32 tensor of the output's shape: the flat index (h * W + w) within the input
 *                plane of the element that won each window
 */
public record MaxPoolResult(Tensor output, Tensor indices) {
}
