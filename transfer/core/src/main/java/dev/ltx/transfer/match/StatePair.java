package dev.ltx.transfer.match;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.transfer.perm.PermutationSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One term of a weight-matching problem: the objective gains {@code Σ_w ⟨target_w, π(source_w)⟩}.
 * Optionally, some 2-D tensors of either side come with {@link RankFactors} (the same tensor as a
 * thin product; e.g. a linear layer's weight gradient as output gradients and inputs), which the
 * cost matrices and the objective use where that is cheaper. A parameter may also be held as
 * factors only, absent from the side's tensor map (a wide layer's gradient whose product was never
 * formed): matching takes it through the factors, and forms the product ({@link #targetTensor},
 * {@link #sourceTensor}) only where a use needs the tensor itself.
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

    /**
     * Checks that each side holds every parameter of {@code spec}, as a tensor or as factors, in the
     * spec's shape; {@code what} names the pair in the message (extra entries are allowed).
     */
    public void requireState(PermutationSpec spec, String what) {
        requireSide(spec, target, targetFactors, what + " target");
        requireSide(spec, source, sourceFactors, what + " source");
    }

    /** The target's tensor {@code name}, or for a factor-only parameter their product made on {@code b}; null if absent. */
    public Tensor targetTensor(String name, Backend b) {
        return tensor(target, targetFactors, name, b);
    }

    /** The source's tensor {@code name}, or for a factor-only parameter their product made on {@code b}; null if absent. */
    public Tensor sourceTensor(String name, Backend b) {
        return tensor(source, sourceFactors, name, b);
    }

    /** The dtype of the target's {@code name} (its tensor's, else its factors'), or null if absent. */
    DType targetDtype(String name) {
        return dtype(target, targetFactors, name);
    }

    /** The dtype of the source's {@code name} (its tensor's, else its factors'), or null if absent. */
    DType sourceDtype(String name) {
        return dtype(source, sourceFactors, name);
    }

    private static Tensor tensor(Map<String, Tensor> side, Map<String, RankFactors> factors, String name, Backend b) {
        Tensor t = side.get(name);
        RankFactors f = factors.get(name);
        return t != null || f == null ? t : f.product(b);
    }

    private static DType dtype(Map<String, Tensor> side, Map<String, RankFactors> factors, String name) {
        Tensor t = side.get(name);
        RankFactors f = factors.get(name);
        return t != null ? t.dtype() : f == null ? null : f.left().dtype();
    }

    private static void requireSide(PermutationSpec spec, Map<String, Tensor> side, Map<String, RankFactors> factors,
                                    String what) {
        for (String w : spec.parameters()) {
            Shape expected = spec.shape(w);
            Tensor t = side.get(w);
            RankFactors f = factors.get(w);
            if (t == null && f == null) {
                throw new IllegalArgumentException(what + " lacks parameter " + w + " " + expected);
            }
            Shape got = t != null ? t.shape() : f.productShape();
            if (!got.equals(expected)) {
                throw new IllegalArgumentException(what + " parameter " + w + " has shape " + got
                        + (t == null ? " (as factors)" : "") + " but the spec expects " + expected);
            }
        }
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
            if (t != null && !f.factor(t)) { // absent: the parameter is held as factors only
                throw new IllegalArgumentException(what + " factors of '" + name + "' (" + f.left().shape() + "ᵀ · "
                        + f.right().shape() + ") do not factor its tensor " + t.shape());
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(factors));
    }
}
