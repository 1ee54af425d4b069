package dev.ltx.transfer.match;

import dev.ltx.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One term of a weight-matching problem: the objective gains {@code Σ_w ⟨target_w, π(source_w)⟩}.
 *
 * @param target the side that stays fixed (θ², or its gradients)
 * @param source the side being permuted (θ¹, or its gradients)
 */
public record StatePair(Map<String, Tensor> target, Map<String, Tensor> source) {
    public StatePair {
        if (target == null || source == null) {
            throw new IllegalArgumentException("a state pair needs both a target and a source map");
        }
        target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
        source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
