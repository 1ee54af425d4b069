/**
 * Neural-network building blocks: {@link dev.ltx.nn.Module} and its state (parameters as leaf
 * {@link dev.ltx.autograd.Var}s, buffers as tensors, ordered children), layers
 * ({@code dev.ltx.nn.layers}), the paper's models ({@code dev.ltx.nn.models}), user-defined
 * models described in JSON ({@code dev.ltx.nn.models.json}), optimizers, datasets and checkpoints.
 *
 * <h2>Construction</h2>
 * A module is built directly on a backend and dtype, given by a {@link dev.ltx.nn.LayerInit}
 * whose seeded {@link dev.ltx.engine.Rng} draws PyTorch's default initialization in construction
 * order; the same seed gives the same parameters on every backend. To move weights to another
 * backend or dtype, build the model there and {@link dev.ltx.nn.Module#loadStateDict load} the
 * state dict (values are converted on copy).
 *
 * <h2>State-dict names</h2>
 * Names are PyTorch's dotted paths ({@code <child>.<child>.<entry>}): a module lists its own
 * parameters, then its own buffers, then its children in registration order; a
 * {@link dev.ltx.nn.layers.Sequential} names its children {@code 0, 1, ...}. Each model registers
 * its children under the official learning-transfer code's attribute names, so its state dict has
 * the official names and shapes: {@code linear1.weight} (MLP), {@code convs.0.weight} /
 * {@code linear.4.bias} (Conv4/6/8; the head is 1×1 convolutions as in the official code),
 * {@code convnb1.conv.weight}, {@code layer2.0.shortcut.norm.running_var}, {@code linear.weight}
 * (ResNet-18). Batch norm contributes {@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var} and the I64 scalar {@code num_batches_tracked}. Stateless helpers registered
 * for structure (ReLU, pools, an identity shortcut) add no entries.
 *
 * <h2>Structure</h2>
 * {@link dev.ltx.nn.Module#namedModules()} lists every module in pre-order with its dotted name
 * and concrete type; layers expose their hyperparameters and parameter vars through typed
 * accessors ({@code Conv2d.weight()}, {@code BasicBlock.projection()}, ...), so permutation
 * specs can be derived from a model instead of hand-typed names.
 *
 * <h2>Non-finite numbers</h2>
 * {@link dev.ltx.nn.FiniteCheck} tests tensors for NaN and infinity with one fused sum per tensor;
 * training, transfer and checkpoint loading use it and stop with a
 * {@link dev.ltx.nn.DivergenceException} naming where the numbers went bad.
 */
package dev.ltx.nn;
