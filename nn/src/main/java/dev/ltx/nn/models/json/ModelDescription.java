package dev.ltx.nn.models.json;

import dev.ltx.nn.LayerInit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated user-defined model: per-sample input shape {@code [channels, height, width]} and
 * the layers in execution order. Construction checks, without allocating any tensor, that the
 * layer names are unique and do not nest inside one another, that every layer accepts its
 * predecessor's output, that the output is flat (one logit per class) and that no tensor and not
 * the whole model exceeds {@link #MAX_PARAMETERS} scalars.
 *
 * @param name     a label for messages and reports
 * @param channels input channels
 * @param height   input height
 * @param width    input width
 * @param layers   the layers, at least one, in execution order
 */
public record ModelDescription(String name, int channels, int height, int width, List<LayerSpec> layers) {
    /** The largest number of trainable scalars a described model may have (per tensor and in total). */
    public static final long MAX_PARAMETERS = Integer.MAX_VALUE;

    /**
     * @throws ModelDescriptionException naming the layer (index, type and name) at fault
     */
    public ModelDescription {
        if (name == null || layers == null || layers.isEmpty()) {
            throw new ModelDescriptionException("a model description needs a name and at least one layer");
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new ModelDescriptionException("input (" + channels + ", " + height + ", " + width
                    + ") must be positive");
        }
        checkNames(layers);
        layers = List.copyOf(layers);
        int[] s = {channels, height, width};
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            try {
                s = l.output(s);
            } catch (IllegalArgumentException e) {
                throw new ModelDescriptionException(where(i, l) + ": " + e.getMessage());
            }
            long count = l.parameterCount();
            total += Math.min(count, MAX_PARAMETERS + 1);
            if (count > MAX_PARAMETERS || total > MAX_PARAMETERS) {
                throw new ModelDescriptionException(where(i, l) + ": the model would hold more than 2^31-1 parameters");
            }
        }
        if (s.length != 1) {
            throw new ModelDescriptionException("the last layer outputs " + Shapes.show(s)
                    + " per sample, not one value per class; end with a Linear layer or a Flatten");
        }
    }

    /** "layers[i] (Type 'name')", how messages locate a layer. */
    static String where(int i, LayerSpec l) {
        return "layers[" + i + "] (" + l.type().jsonName() + " " + ModelDescriptionParser.quote(String.valueOf(l.name())) + ")";
    }

    private static void checkNames(List<LayerSpec> layers) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (l == null) {
                throw new ModelDescriptionException("layers[" + i + "] is null");
            }
            if (!ModelDescriptionParser.validName(l.name())) {
                throw new ModelDescriptionException(where(i, l) + ": invalid name; use dot-separated identifiers or"
                        + " indices such as features.0 or fc1");
            }
            if (!names.add(l.name())) {
                throw new ModelDescriptionException(where(i, l) + ": the name is used by an earlier layer");
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            String n = layers.get(i).name();
            for (int dot = n.indexOf('.'); dot >= 0; dot = n.indexOf('.', dot + 1)) {
                if (names.contains(n.substring(0, dot))) {
                    throw new ModelDescriptionException(where(i, layers.get(i)) + ": the name lies inside layer '"
                            + n.substring(0, dot) + "'; a layer cannot contain another");
                }
            }
        }
    }

    /** The per-sample output of the whole model (its class count). */
    public int outputs() {
        int[] s = {channels, height, width};
        for (LayerSpec l : layers) {
            s = l.output(s);
        }
        return s[0];
    }

    /** Trainable scalars of the whole model. */
    public long parameterCount() {
        return layers.stream().mapToLong(LayerSpec::parameterCount).sum();
    }

    /** Whether any layer convolves (conv or residual block). */
    public boolean convolutional() {
        return layers.stream().anyMatch(l -> l.type() == LayerType.CONV2D || l.type() == LayerType.BASICBLOCK);
    }

    /** The model, with PyTorch's default initialization drawn from {@code init} in layer order. */
    public DescribedModel build(LayerInit init) {
        return new DescribedModel(this, init);
    }
}
