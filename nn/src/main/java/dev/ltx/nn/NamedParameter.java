package dev.ltx.nn;

import dev.ltx.autograd.Var;

/**
 * A trainable parameter with its dotted, PyTorch-compatible name (e.g. {@code layer1.0.convnb1.conv.weight}).
 *
 * @param name  full dotted name from the root module
 * @param param the leaf var (requires a gradient) holding the value and, after backward, the gradient
 */
public record NamedParameter(String name, Var param) {
}
