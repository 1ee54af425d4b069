package dev.ltx.nn.models.json;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The layer types a model description may use, with their PyTorch class names and JSON fields. */
public enum LayerType {
    /** {@code nn.Linear}: fields {@code in}, {@code out}, {@code bias} (default true). */
    LINEAR("Linear", "in", "out", "bias"),
    /** {@code nn.Conv2d} with a square kernel: {@code in}, {@code out}, {@code kernel}, {@code stride} (1), {@code padding} (0), {@code bias} (true). */
    CONV2D("Conv2d", "in", "out", "kernel", "stride", "padding", "bias"),
    /** {@code nn.BatchNorm2d} (affine, tracking running statistics): {@code features}. */
    BATCHNORM2D("BatchNorm2d", "features"),
    /** {@code nn.ReLU}. */
    RELU("ReLU"),
    /** {@code nn.MaxPool2d}: {@code kernel}, {@code stride} (default: the kernel), {@code padding} (0). */
    MAXPOOL2D("MaxPool2d", "kernel", "stride", "padding"),
    /** {@code nn.AvgPool2d}: {@code kernel}, {@code stride} (default: the kernel), {@code padding} (0). */
    AVGPOOL2D("AvgPool2d", "kernel", "stride", "padding"),
    /** {@code nn.Flatten}: (N, C, H, W) to (N, C·H·W). */
    FLATTEN("Flatten"),
    /**
     * ltx's ResNet basic block ({@link dev.ltx.nn.layers.BasicBlock}): {@code in}, {@code planes},
     * {@code stride} (1); children {@code convnb1}, {@code convnb2} and, when the stride is not 1 or
     * the width changes, {@code shortcut} (each a conv without bias named {@code conv} and a
     * batch norm named {@code norm}).
     */
    BASICBLOCK("BasicBlock", "in", "planes", "stride");

    private final String jsonName;
    private final Set<String> fields;

    LayerType(String jsonName, String... fields) {
        this.jsonName = jsonName;
        this.fields = Set.of(fields);
    }

    /** The name used in descriptions (PyTorch's class name), e.g. {@code BatchNorm2d}. */
    public String jsonName() {
        return jsonName;
    }

    /** The type-specific fields a layer object may hold (besides {@code type} and {@code name}). */
    public Set<String> fields() {
        return fields;
    }

    /** The type named {@code name} (case-insensitive), or null when there is none. */
    public static LayerType parse(String name) {
        for (LayerType t : values()) {
            if (t.jsonName.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    /** Every type's JSON name, for messages. */
    public static List<String> names() {
        return Arrays.stream(values()).map(LayerType::jsonName).toList();
    }
}
