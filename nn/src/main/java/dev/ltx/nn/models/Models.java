package dev.ltx.nn.models;

import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds a model from a {@link ModelConfig}. */
public final class Models {
    private Models() {
    }

    /** A freshly initialized model (PyTorch default init drawn from {@code init}'s generator). */
    public static Module build(ModelConfig c, LayerInit init) {
        return switch (c.kind()) {
            case MLP -> new Mlp(init, c.inChannels() * c.imageSize() * c.imageSize(), c.mlpWidth(), c.numClasses(),
                    c.activation(), c.bias());
            case CONV4 -> new ConvNet(init, ConvDepth.CONV4, c.inChannels(), c.imageSize(), c.widthFactor(), c.numClasses());
            case CONV6 -> new ConvNet(init, ConvDepth.CONV6, c.inChannels(), c.imageSize(), c.widthFactor(), c.numClasses());
            case CONV8 -> new ConvNet(init, ConvDepth.CONV8, c.inChannels(), c.imageSize(), c.widthFactor(), c.numClasses());
            case RESNET18_32 -> new ResNet18(init, ResNetStem.CIFAR_32, c.inChannels(), c.imageSize(), c.widthFactor(),
                    c.numClasses());
            case RESNET18_224 -> new ResNet18(init, ResNetStem.IMAGENET_224, c.inChannels(), c.imageSize(),
                    c.widthFactor(), c.numClasses());
        };
    }

    /**
     * The names of the head's parameters: the layer that outputs the class logits, i.e. the module
     * owning the last parameter in state-dict order (the MLP's last layer, Conv nets' last 1×1
     * convolution, ResNet's {@code linear}). The pre-trained scenario re-initializes exactly these.
     */
    public static Set<String> headParameterNames(Module model) {
        List<NamedParameter> params = model.namedParameters();
        if (params.isEmpty()) {
            throw new IllegalArgumentException("a model without parameters has no head");
        }
        String last = params.get(params.size() - 1).name();
        int dot = last.lastIndexOf('.');
        String prefix = dot < 0 ? "" : last.substring(0, dot + 1);
        Set<String> out = new LinkedHashSet<>();
        for (NamedParameter p : params) {
            String rest = p.name().substring(Math.min(prefix.length(), p.name().length()));
            if (p.name().startsWith(prefix) && rest.indexOf('.') < 0) {
                out.add(p.name());
            }
        }
        return out;
    }
}
