package dev.ltx.nn.data;

import dev.ltx.engine.Tensor;

/**
 * One mini-batch on a backend.
 *
 * @param images F32 tensor of shape (B, C, H, W), normalized
 * @param labels I32 tensor of shape (B), class indices in {@code [0, numClasses)}
 */
public record Batch(Tensor images, Tensor labels) implements AutoCloseable {
    /** Number of examples. */
    public int size() {
        return labels.numel();
    }

    @Override
    public void close() {
        images.close();
        labels.close();
    }
}
