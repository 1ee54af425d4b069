package dev.ltx.nn.models.json;

import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.layers.AvgPool2d;
import dev.ltx.nn.layers.BasicBlock;
import dev.ltx.nn.layers.BatchNorm2d;
import dev.ltx.nn.layers.MaxPool2d;
import dev.ltx.nn.layers.ReLU;

/**
 * One layer of a {@link ModelDescription}: its dotted PyTorch-style name, its settings, how it
 * transforms a per-sample shape ({@link #output}, which also checks the input) and how many
 * parameters it holds, all without allocating any tensor; {@link #build} makes the layer.
 */
public sealed interface LayerSpec {
    /** The dotted module name, e.g. {@code features.0}; its parameters are {@code name.weight}, .... */
    String name();

    /** The layer's type. */
    LayerType type();

    /**
     * The per-sample output shape ({@code [C, H, W]} or {@code [features]}) for input {@code in}.
     *
     * @throws IllegalArgumentException with the reason when the input does not fit the layer
     */
    int[] output(int[] in);

    /** Trainable scalars of the layer. */
    long parameterCount();

    /** The layer, initialized as PyTorch does from {@code init}'s generator. */
    Module build(LayerInit init);

    /** {@code nn.Linear(in, out, bias)}. */
    record Linear(String name, int in, int out, boolean bias) implements LayerSpec {
        public Linear {
            Shapes.positive(name, in, out);
        }

        public LayerType type() {
            return LayerType.LINEAR;
        }

        public int[] output(int[] s) {
            if (s.length != 1) {
                throw new IllegalArgumentException("expects flat (features) input but gets " + Shapes.show(s)
                        + "; add a Flatten before it");
            }
            Shapes.expect(s[0], in, "input features");
            return new int[] {out};
        }

        public long parameterCount() {
            return (long) out * in + (bias ? out : 0);
        }

        public Module build(LayerInit init) {
            return new dev.ltx.nn.layers.Linear(init, in, out, bias);
        }
    }

    /** {@code nn.Conv2d(in, out, kernel, stride, padding, bias)} with a square kernel. */
    record Conv2d(String name, int in, int out, int kernel, int stride, int padding, boolean bias) implements LayerSpec {
        public Conv2d {
            Shapes.positive(name, in, out, kernel, stride, padding + 1);
        }

        public LayerType type() {
            return LayerType.CONV2D;
        }

        public int[] output(int[] s) {
            Shapes.image(s);
            Shapes.expect(s[0], in, "input channels");
            return new int[] {out, Shapes.window(s[1], kernel, stride, padding), Shapes.window(s[2], kernel, stride, padding)};
        }

        public long parameterCount() {
            long weights = Shapes.saturatingProduct(out, in, kernel, kernel);
            return weights == Long.MAX_VALUE ? weights : weights + (bias ? out : 0);
        }

        public Module build(LayerInit init) {
            return new dev.ltx.nn.layers.Conv2d(init, in, out, kernel, stride, padding, bias);
        }
    }

    /** {@code nn.BatchNorm2d(features)}: affine, eps 1e-5, momentum 0.1. */
    record BatchNorm(String name, int features) implements LayerSpec {
        public BatchNorm {
            Shapes.positive(name, features);
        }

        public LayerType type() {
            return LayerType.BATCHNORM2D;
        }

        public int[] output(int[] s) {
            Shapes.image(s);
            Shapes.expect(s[0], features, "channels");
            return s.clone();
        }

        public long parameterCount() {
            return 2L * features;
        }

        public Module build(LayerInit init) {
            return new BatchNorm2d(init, features);
        }
    }

    /** {@code nn.ReLU()}. */
    record Relu(String name) implements LayerSpec {
        public Relu {
            Shapes.positive(name);
        }

        public LayerType type() {
            return LayerType.RELU;
        }

        public int[] output(int[] s) {
            return s.clone();
        }

        public long parameterCount() {
            return 0;
        }

        public Module build(LayerInit init) {
            return new ReLU();
        }
    }

    /** {@code nn.MaxPool2d} ({@code max}) or {@code nn.AvgPool2d} with a square window. */
    record Pool(String name, boolean max, int kernel, int stride, int padding) implements LayerSpec {
        public Pool {
            Shapes.positive(name, kernel, stride, padding + 1);
        }

        public LayerType type() {
            return max ? LayerType.MAXPOOL2D : LayerType.AVGPOOL2D;
        }

        public int[] output(int[] s) {
            Shapes.image(s);
            if (2 * padding > kernel) {
                throw new IllegalArgumentException("padding " + padding + " exceeds half the kernel " + kernel);
            }
            return new int[] {s[0], Shapes.window(s[1], kernel, stride, padding), Shapes.window(s[2], kernel, stride, padding)};
        }

        public long parameterCount() {
            return 0;
        }

        public Module build(LayerInit init) {
            return max ? new MaxPool2d(kernel, stride, padding) : new AvgPool2d(kernel, stride, padding);
        }
    }

    /** {@code nn.Flatten()}: everything but the batch axis into one. */
    record Flatten(String name) implements LayerSpec {
        public Flatten {
            Shapes.positive(name);
        }

        public LayerType type() {
            return LayerType.FLATTEN;
        }

        public int[] output(int[] s) {
            long n = 1;
            for (int d : s) {
                n *= d;
            }
            if (n > Shapes.MAX_ELEMENTS) {
                throw new IllegalArgumentException("flattens " + Shapes.show(s) + " into more than 2^31-1 features");
            }
            return new int[] {(int) n};
        }

        public long parameterCount() {
            return 0;
        }

        public Module build(LayerInit init) {
            return new dev.ltx.nn.layers.Flatten();
        }
    }

    /** ltx's ResNet {@link BasicBlock}{@code (in, planes, stride)}. */
    record Block(String name, int in, int planes, int stride) implements LayerSpec {
        public Block {
            Shapes.positive(name, in, planes, stride);
        }

        public LayerType type() {
            return LayerType.BASICBLOCK;
        }

        public int[] output(int[] s) {
            Shapes.image(s);
            Shapes.expect(s[0], in, "input channels");
            return new int[] {planes, Shapes.window(s[1], 3, stride, 1), Shapes.window(s[2], 3, stride, 1)};
        }

        /** Whether the block has a projection shortcut (1×1 conv + BN). */
        public boolean projection() {
            return stride != 1 || in != planes;
        }

        public long parameterCount() {
            long convs = 9L * in * planes + 9L * planes * planes + 4L * planes;
            return projection() ? convs + (long) in * planes + 2L * planes : convs;
        }

        public Module build(LayerInit init) {
            return new BasicBlock(init, in, planes, stride);
        }
    }
}
