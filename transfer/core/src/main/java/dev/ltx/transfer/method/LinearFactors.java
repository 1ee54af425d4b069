package dev.ltx.transfer.method;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.layers.Linear;
import dev.ltx.nn.layers.LinearFactorSink;
import dev.ltx.transfer.match.RankFactors;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records, while installed on a model, every linear layer's inputs and output gradients over the
 * backward passes of one gradient computation, and turns them into {@link RankFactors} of each
 * layer's weight gradient: with {@code m} batches, {@code ∇W = (1/m) Σ_b g_bᵀ x_b =
 * leftᵀ · right} with {@code left} the stacked {@code g_b / m} and {@code right} the stacked
 * {@code x_b} (the loss is a batch mean, so {@code g_b} already carries the 1/N).
 */
final class LinearFactors {
    private final Map<Linear, String> weightNames = new IdentityHashMap<>();
    private final Map<Linear, List<Tensor>> inputs = new IdentityHashMap<>();
    private final Map<Linear, List<Tensor>> grads = new IdentityHashMap<>();
    private final List<Linear> order = new ArrayList<>();
    private final int batches;

    /** Installs the recorders on every linear layer of {@code model}; {@link #stop()} removes them. */
    LinearFactors(Module model, int batches) {
        this(model, batches, Set.of());
    }

    /**
     * As above; the layers whose weight is named in {@code factorsOnly} compute no weight gradient
     * meanwhile ({@link LinearFactorSink#weightGradient()}): their factors are its only record.
     */
    LinearFactors(Module model, int batches, Set<String> factorsOnly) {
        this.batches = batches;
        Map<Object, String> names = new IdentityHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            names.put(p.param(), p.name());
        }
        for (Linear l : model.modules(Linear.class)) {
            String name = names.get(l.weight());
            if (name == null) {
                continue;
            }
            weightNames.put(l, name);
            inputs.put(l, new ArrayList<>());
            grads.put(l, new ArrayList<>());
            order.add(l);
            boolean weightGradient = !factorsOnly.contains(name);
            l.recordFactors(new LinearFactorSink() {
                @Override
                public void record(Tensor x, Tensor g) {
                    inputs.get(l).add(x.backend().copy(x));
                    grads.get(l).add(g);
                }

                @Override
                public boolean weightGradient() {
                    return weightGradient;
                }
            });
        }
    }

    /** Removes the recorders. */
    void stop() {
        for (Linear l : order) {
            l.recordFactors(null);
        }
    }

    /** The factors of each recorded layer's weight gradient, by parameter name (layers seen every batch only). */
    Map<String, RankFactors> factors() {
        Map<String, RankFactors> out = new LinkedHashMap<>();
        for (Linear l : order) {
            List<Tensor> xs = inputs.get(l);
            List<Tensor> gs = grads.get(l);
            if (xs.size() != batches || gs.size() != batches) {
                continue;
            }
            Backend b = gs.get(0).backend();
            Tensor left = batches == 1 ? gs.get(0) : b.concat(gs, 0);
            if (batches > 1) {
                left = b.scale(left, 1.0 / batches);
            }
            Tensor right = batches == 1 ? xs.get(0) : b.concat(xs, 0);
            out.put(weightNames.get(l), new RankFactors(left, right));
        }
        return out;
    }
}
