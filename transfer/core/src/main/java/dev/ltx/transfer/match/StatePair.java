package dev.ltx.transfer.match;

import dev.ltx.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One term of a weight-matching problem: the objective gains {@code Σ_w ⟨target_w, π(source_w)⟩}.
 * Optionally, some 2-D tensors of either side come with {@link RankFactors} (the same tensor as a
 * thin product; e.g. a linear layer's weight gradient as output gradients and inputs), which the
 * cost matrices use where that is cheaper; the tensors themselves stay the reference.
 *
 * @param target        the side that stays fixed (θ², or its gradients)
 * @param source        the side being permuted (θ¹, or its gradients)
 * @param targetFactors factors of some target tensors, by parameter name (may be empty)
 * @param sourceFactors factors of some source tensors, by parameter name (may be empty)
 */
public record StatePair(Map<String, Tensor> target, Map<String, Tensor> source,
                        Map<String, RankFactors> targetFactors, Map<String, RankFactors> sourceFactors) {
    public StatePair {
        if (target == null || source == null || targetFactors == null || sourceFactors == null) {
            throw new IllegalArgumentException("a state pair needs target and source maps (factor maps may be empty)");
        }
        target = Collections.unmodifiableMap(new LinkedHashMap<>(target));
        source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
        targetFactors = checked(targetFactors, target, "target");
        sourceFactors = checked(sourceFactors, source, "source");
    }

    /** A pair without factors. */
    public StatePair(Map<String, Tensor> target, Map<String, Tensor> source) {
        this(target, source, Map.of(), Map.of());
    }

    /** Every tensor the pair holds (both sides and their factors), e.g. to keep them past a memory scope. */
    public Tensor[] tensors() {
        java.util.List<Tensor> all = new java.util.ArrayList<>(target.values());
        all.addAll(source.values());
        for (RankFactors f : targetFactors.values()) {
            all.add(f.left());
            all.add(f.right());
        }
        for (RankFactors f : sourceFactors.values()) {
            all.add(f.left());
            all.add(f.right());
        }
        return all.toArray(Tensor[]::new);
    }

    private static Map<String, RankFactors> checked(Map<String, RankFactors> factors, Map<String, Tensor> side,
                                                    String what) {
        factors.forEach((name, f) -> {
            Tensor t = side.get(name);
            if (t == null || !f.factor(t)) {
                throw new IllegalArgumentException(what + " factors of '" + name + "' (" + f.left().shape() + "ᵀ · "
                        + f.right().shape() + ") do not factor its tensor "
                        + (t == null ? "(absent)" : t.shape().toString()));
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(factors));
    }
}
