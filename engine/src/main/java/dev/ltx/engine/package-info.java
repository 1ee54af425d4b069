/**
 * Tensors ({@link dev.ltx.engine.Tensor}, {@link dev.ltx.engine.Shape}, {@link dev.ltx.engine.DType}), the op-set contract every device implements ({@link dev.ltx.engine.Backend}), and seeded random initialization.
 */
package dev.ltx.engine;
