package dev.ltx.nn;

import dev.ltx.engine.Tensor;

/**
 * A non-trainable tensor of a module's state (e.g. {@code bn1.running_mean}) with its dotted name.
 * The tensor is live: the module updates it in place.
 *
 * @param name   full dotted name from the root module
 * @param tensor the buffer itself
 */
public record NamedBuffer(String name, Tensor tensor) {
}
