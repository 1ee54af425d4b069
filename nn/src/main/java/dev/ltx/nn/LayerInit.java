package dev.ltx.nn;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/**
 * Where and how a layer creates its tensors: the backend they live on, their floating dtype and the
 * seeded generator that draws initial weights. Layers draw from {@code rng} in construction order
 * (weight before bias, parents' layers in declaration order), so one seed fixes every parameter of
 * a model.
 *
 * @param backend backend owning every parameter and buffer
 * @param dtype   floating dtype of parameters and floating buffers ({@link DType#F32} or {@link DType#F64})
 * @param rng     generator consumed by the initializers
 */
public record LayerInit(Backend backend, DType dtype, Rng rng) {
    public LayerInit {
        if (backend == null || dtype == null || rng == null) {
            throw new IllegalArgumentException("backend, dtype and rng must not be null");
        }
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("layers need a floating dtype, got " + dtype);
        }
    }

    /** A fresh generator seeded with {@code seed}. */
    public static LayerInit seeded(Backend backend, DType dtype, long seed) {
        return new LayerInit(backend, dtype, new Rng(seed));
    }

    /** PyTorch's default weight init for Linear/Conv2d: kaiming-uniform with a = √5, i.e. U(±1/√fanIn). */
    public Tensor defaultWeight(Shape shape) {
        return Init.kaimingUniform(backend, shape, dtype, Math.sqrt(5.0), rng);
    }

    /** PyTorch's default bias init for a layer with weight shape {@code weightShape}: U(±1/√fanIn). */
    public Tensor defaultBias(Shape weightShape) {
        return Init.defaultBias(backend, weightShape, dtype, rng);
    }

    /** A tensor of {@code shape} filled with {@code value} (no random draws). */
    public Tensor full(Shape shape, double value) {
        return backend.full(shape, dtype, value);
    }
}
