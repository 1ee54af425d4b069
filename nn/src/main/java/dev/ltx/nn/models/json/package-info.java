/**
 * User-defined models described in a small JSON file: a sequence of the layers ltx has (Linear,
 * Conv2d, BatchNorm2d, ReLU, MaxPool2d, AvgPool2d, Flatten and ResNet basic blocks) with
 * PyTorch-style dotted names, so that checkpoints of a network that is not in the zoo load by name.
 *
 * <p>{@link dev.ltx.nn.models.json.ModelDescriptionParser} reads and validates a description (every
 * bad input fails with a one-line {@link dev.ltx.nn.models.json.ModelDescriptionException});
 * {@link dev.ltx.nn.models.json.ModelDescription#build} turns it into a
 * {@link dev.ltx.nn.models.json.DescribedModel}. The format:
 *
 * <pre>{@code
 * {
 *   "name": "small-cnn",
 *   "input": [1, 8, 8],
 *   "layers": [
 *     {"type": "Conv2d", "name": "features.0", "in": 1, "out": 8, "kernel": 3, "padding": 1},
 *     {"type": "BatchNorm2d", "name": "features.1", "features": 8},
 *     {"type": "ReLU"},
 *     {"type": "MaxPool2d", "kernel": 2},
 *     {"type": "Flatten"},
 *     {"type": "Linear", "name": "classifier", "in": 128, "out": 4}
 *   ]
 * }
 * }</pre>
 */
package dev.ltx.nn.models.json;
