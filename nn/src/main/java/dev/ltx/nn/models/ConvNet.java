package dev.ltx.nn.models;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Shape;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.layers.Conv2d;
import dev.ltx.nn.layers.MaxPool2d;
import dev.ltx.nn.layers.ReLU;
import dev.ltx.nn.layers.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * The Conv4 / Conv6 / Conv8 networks of the official {@code convs.py} for s×s input (s = 32 in the
 * paper; smaller sizes keep the same structure for tests).
 *
 * <p>{@code convs}: per stage two 3×3 convs (stride 1, padding 1, with bias), each followed by
 * ReLU; every stage but the last ends in a 2×2 max-pool. The last stage ends in a 2×2 max-pool for
 * Conv4 and in a global max-pool (s/4 for Conv6, s/8 for Conv8: 4×4 at 32 px) otherwise.
 * {@code linear}: the head as in the official code, as 1×1 convolutions on the features viewed as
 * (N, features, 1, 1) (identical to Linear layers, and giving the official state-dict names and
 * shapes, e.g. {@code linear.0.weight} (256, 512, 1, 1)): features → 256·f, ReLU, 256·f → 256·f,
 * ReLU, 256·f → classes. The output is (N, classes) (the official {@code squeeze()} without its
 * batch-of-one edge case).
 *
 * <p>Channel widths are {@code (int) (w · widthFactor)} for base widths 64/128/256/512 and the
 * 256 head width. Conv4 flattens 128·f channels × (s/4)² positions into the head, so its last conv
 * channels do not map 1:1 to head inputs ({@link #headMixesPositions()}).
 */
public final class ConvNet extends Module {
    private final ConvDepth depth;
    private final int headInputPositions;
    private final Sequential convs;
    private final Sequential linear;

    public ConvNet(LayerInit init, ConvDepth depth, int inChannels, int imageSize, double widthFactor, int numClasses) {
        int[] widths = depth.stageWidths();
        int stages = widths.length;
        int reduction = 1 << (depth == ConvDepth.CONV4 ? stages : stages - 1);
        if (imageSize < reduction || imageSize % reduction != 0) {
            throw new IllegalArgumentException(depth + " needs an image size divisible by " + reduction + ", got " + imageSize);
        }
        if (inChannels < 1 || numClasses < 1 || !(widthFactor > 0)) {
            throw new IllegalArgumentException("invalid " + depth + " config: channels " + inChannels + ", classes "
                    + numClasses + ", width factor " + widthFactor);
        }
        this.depth = depth;
        List<Module> features = new ArrayList<>();
        int in = inChannels;
        for (int s = 0; s < stages; s++) {
            int w = scaled(widths[s], widthFactor);
            for (int k = 0; k < 2; k++) {
                Conv2d c = new Conv2d(init, in, w, 3, 1, 1, true);
                features.add(c);
                features.add(new ReLU());
                in = w;
            }
            boolean last = s == stages - 1;
            int pool = last && depth != ConvDepth.CONV4 ? imageSize / reduction : 2;
            features.add(new MaxPool2d(pool));
        }
        int side = depth == ConvDepth.CONV4 ? imageSize / reduction : 1;
        this.headInputPositions = side * side;
        int head = scaled(256, widthFactor);
        this.convs = addChild("convs", new Sequential(features));
        this.linear = addChild("linear", new Sequential(
                new Conv2d(init, in * headInputPositions, head, 1, 1, 0, true),
                new ReLU(),
                new Conv2d(init, head, head, 1, 1, 0, true),
                new ReLU(),
                new Conv2d(init, head, numClasses, 1, 1, 0, true)));
    }

    private static int scaled(int base, double factor) {
        int w = (int) (base * factor);
        if (w < 1) {
            throw new IllegalArgumentException("width factor " + factor + " leaves no channels for width " + base);
        }
        return w;
    }

    /** NCHW input → logits (N, classes). */
    @Override
    public Var forward(Var x) {
        Var f = convs.forward(x);
        Shape s = f.shape();
        Var h = linear.forward(F.reshape(f, Shape.of(s.dim(0), s.product(1, 4), 1, 1)));
        return F.flatten(h);
    }

    public ConvDepth depth() {
        return depth;
    }

    /** The feature extractor: convs at even positions within each stage, ReLUs and pools between. */
    public Sequential convs() {
        return convs;
    }

    /** The head: 1×1 convs at indices 0, 2, 4 with ReLUs at 1, 3. */
    public Sequential linear() {
        return linear;
    }

    /** Spatial positions per channel flattened into the head input (1 for Conv6/Conv8). */
    public int headInputPositions() {
        return headInputPositions;
    }

    /** Whether the head's input mixes channels with spatial positions (Conv4), so channel permutations cannot pass into it. */
    public boolean headMixesPositions() {
        return headInputPositions > 1;
    }
}
