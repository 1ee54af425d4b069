package dev.ltx.nn.data;

import dev.ltx.engine.Shape;

/**
 * A mini-batch prepared on the host, not yet on a backend: what the loader's background thread
 * hands to the training thread (plain arrays, so a discarded one needs no closing).
 *
 * @param images normalized floats in N×C×H×W order
 * @param labels class indices, one per image
 * @param shape  (N, C, H, W)
 */
record HostBatch(float[] images, int[] labels, Shape shape) {
}
