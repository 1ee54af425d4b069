package dev.ltx.nn.models;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.layers.AvgPool2d;
import dev.ltx.nn.layers.BasicBlock;
import dev.ltx.nn.layers.ConvNormBlock;
import dev.ltx.nn.layers.Linear;
import dev.ltx.nn.layers.MaxPool2d;
import dev.ltx.nn.layers.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-18 as the official (kuangliu-style) {@code resnet.py}: stem {@code convnb1} (conv without
 * bias + BN, then ReLU; 64·f channels), then {@code layer1}..{@code layer4}, each two
 * {@link BasicBlock}s of widths 64/128/256/512 × f with strides 1/2/2/2, an average pool and
 * {@code linear} (512·f → classes, with bias). At f = 1 this is the official network.
 *
 * <p>The width factor {@code f} scales every layer, the stem included (as Git Re-basin's
 * width-multiplied ResNet-20 does; the official ResNet-18 has no width factor): so the stem and
 * {@code layer1} share one residual stream at every width, and {@code layer1.0} keeps the identity
 * shortcut it has in the official network. (Earlier versions kept the stem at 64 channels, which
 * at f &lt; 1 added a projection shortcut to {@code layer1.0} and most of the cost of a narrow net.)
 *
 * <p>State-dict names follow the official module names: {@code convnb1.conv.weight},
 * {@code convnb1.norm.running_mean}, {@code layer2.0.convnb1.conv.weight},
 * {@code layer2.0.shortcut.conv.weight}, {@code linear.weight}, ...
 *
 * <p>The stem is {@link ResNetStem#IMAGENET_224} (7×7/2 + 3×3/2 max-pool) or
 * {@link ResNetStem#CIFAR_32} (3×3/1). The final average pool covers the whole last feature map:
 * 7×7 at 224 px and 4×4 at 32 px, the official windows; at other sizes (tests) it stays global.
 * The stateless {@code maxpool} and {@code avgpool} children add no state-dict entries.
 */
public final class ResNet18 extends Module {
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int[] STRIDES = {1, 2, 2, 2};

    private final ResNetStem stem;
    private final ConvNormBlock convnb1;
    private final MaxPool2d maxpool;
    private final List<Sequential> layers;
    private final AvgPool2d avgpool;
    private final Linear linear;

    public ResNet18(LayerInit init, ResNetStem stem, int inChannels, int imageSize, double widthFactor, int numClasses) {
        if (inChannels < 1 || numClasses < 1 || !(widthFactor > 0) || imageSize < 1) {
            throw new IllegalArgumentException("invalid ResNet18 config: channels " + inChannels + ", image size "
                    + imageSize + ", classes " + numClasses + ", width factor " + widthFactor);
        }
        this.stem = stem;
        int stemWidth = (int) (WIDTHS[0] * widthFactor);
        if (stemWidth < 1) {
            throw new IllegalArgumentException("width factor " + widthFactor + " leaves no channels in the stem");
        }
        this.convnb1 = addChild("convnb1",
                new ConvNormBlock(init, inChannels, stemWidth, stem.kernel(), stem.stride(), stem.padding()));
        int side = Conv2dParams.of(stem.stride(), stem.padding()).outH(imageSize, stem.kernel());
        if (stem.maxPool()) {
            this.maxpool = addChild("maxpool", new MaxPool2d(3, 2, 1));
            side = Pool2dParams.of(3, 2, 1).outH(side);
        } else {
            this.maxpool = null;
        }
        List<Sequential> stages = new ArrayList<>();
        int in = stemWidth;
        for (int s = 0; s < WIDTHS.length; s++) {
            int planes = (int) (WIDTHS[s] * widthFactor);
            if (planes < 1) {
                throw new IllegalArgumentException("width factor " + widthFactor + " leaves no channels in layer" + (s + 1));
            }
            BasicBlock b0 = new BasicBlock(init, in, planes, STRIDES[s]);
            BasicBlock b1 = new BasicBlock(init, planes, planes, 1);
            stages.add(addChild("layer" + (s + 1), new Sequential(b0, b1)));
            side = Conv2dParams.of(STRIDES[s], 1).outH(side, 3);
            in = planes;
        }
        if (side < 1) {
            throw new IllegalArgumentException("image size " + imageSize + " is too small for ResNet18 with stem " + stem);
        }
        this.layers = List.copyOf(stages);
        this.avgpool = addChild("avgpool", new AvgPool2d(side));
        this.linear = addChild("linear", new Linear(init, in, numClasses, true));
    }

    /** NCHW input → logits (N, classes). */
    @Override
    public Var forward(Var x) {
        Var out = F.relu(convnb1.forward(x));
        if (maxpool != null) {
            out = maxpool.forward(out);
        }
        for (Sequential layer : layers) {
            out = layer.forward(out);
        }
        out = avgpool.forward(out);
        return linear.forward(F.flatten(out));
    }

    public ResNetStem stem() {
        return stem;
    }

    /** The stem conv + BN. */
    public ConvNormBlock convnb1() {
        return convnb1;
    }

    /** {@code layer1} .. {@code layer4} in order, each a sequential of two {@link BasicBlock}s. */
    public List<Sequential> layers() {
        return layers;
    }

    /** The classification head. */
    public Linear linear() {
        return linear;
    }
}
