package dev.ltx.nn.io;

import dev.ltx.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file: named tensors in file order plus string metadata.
 *
 * @param tensors  name to tensor, unmodifiable, in the order of the tensors' data in the file
 * @param metadata the header's {@code __metadata__} map (empty when absent), unmodifiable
 */
public record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {

    /** Copies both maps into unmodifiable, order-preserving maps. */
    public Checkpoint {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** The tensor named {@code name}, failing with the known names when absent. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + SafetensorsException.quote(name)
                    + " in checkpoint; names: " + tensors.keySet());
        }
        return t;
    }
}
