package dev.ltx.transfer.method;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.transfer.match.RankFactors;
import dev.ltx.transfer.match.StatePair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The official "synced gradients" (reference.md §3.2): the gradient of the mean cross-entropy at a
 * transferred (target-side) point and at a source point, both models in training mode, fed the SAME
 * batches.
 * <ol>
 *   <li>both models: parameters set, training mode, batch norms reset with the cumulative average
 *       and warmed up on the same {@code bnStatsIters} batches of {@code bnStatsBatch} (skipped for
 *       models without batch norm; in training mode this does not change the gradients);</li>
 *   <li>for each of {@code gmIters} batches of {@code batchSize}: the same batch to both models,
 *       mean cross-entropy, backward (gradients accumulate);</li>
 *   <li>the accumulated gradients divided by {@code gmIters}.</li>
 * </ol>
 * Batches come from seeds drawn from the caller's {@link Rng} (two draws per pair, always), so a
 * transfer is deterministic given its seed. Holds two scratch models of the architecture.
 *
 * <p>Each linear layer's weight gradient also comes as {@link dev.ltx.transfer.match.RankFactors}
 * (its output gradients and inputs over the batches, {@link LinearFactors}), which make the
 * matching's products of wide layers cheaper: rank {@code gmIters × batch} instead of the input width.
 * The weights named {@code factorsOnly} come as factors only: their backward pass forms no weight
 * gradient at all ({@link dev.ltx.autograd.F#factoredLinear}). On the MNIST 2-MLP (4096×784 first
 * layer, batch 128) a warm FGMT step's gradient pair took 21 ms instead of 29 (30 steps of a 40-step
 * transfer, four runs each).
 *
 * <p>Memory: {@link #compute} runs in its own {@linkplain Backend#openScope() memory scope} and
 * keeps only the two gradient maps it returns (parameters are written in place, gradients
 * dropped), so on a device nothing else it creates outlives it and nothing is downloaded.
 */
public final class GradientPairs {
    private final Module target;
    private final Module source;
    private final BatchSampler sampler;
    private final int gmIters;
    private final int bnStatsIters;
    private final int bnStatsBatch;
    private final boolean batchNorm;
    private final Set<String> factorsOnly;
    private long computed;

    /**
     * @param target       scratch model for the transferred side
     * @param source       scratch model of the same architecture for the source side
     * @param gmIters      batches averaged per gradient (≥ 1)
     * @param bnStatsIters BN warm-up batches (≥ 0; ignored when the model has no batch norm)
     * @param bnStatsBatch BN warm-up batch size
     */
    public GradientPairs(Module target, Module source, BatchSampler sampler, int gmIters, int bnStatsIters,
                         int bnStatsBatch) {
        this(target, source, sampler, gmIters, bnStatsIters, bnStatsBatch, Set.of());
    }

    /**
     * As above; the linear layers' weights named in {@code factorsOnly} get no gradient tensor: each
     * side holds them as factors only ({@link StatePair}), which saves forming the (out, in) products
     * where matching needs only the factors ({@link dev.ltx.transfer.match.WeightMatching#factorsSuffice}).
     */
    public GradientPairs(Module target, Module source, BatchSampler sampler, int gmIters, int bnStatsIters,
                         int bnStatsBatch, Set<String> factorsOnly) {
        if (gmIters < 1 || bnStatsIters < 0 || bnStatsBatch < 1) {
            throw new IllegalArgumentException("need gmIters >= 1, bnStatsIters >= 0 and bnStatsBatch >= 1, got "
                    + gmIters + ", " + bnStatsIters + ", " + bnStatsBatch);
        }
        this.target = target;
        this.source = source;
        this.sampler = sampler;
        this.gmIters = gmIters;
        this.bnStatsIters = bnStatsIters;
        this.bnStatsBatch = bnStatsBatch;
        this.batchNorm = BatchNormStats.hasBatchNorm(target);
        this.factorsOnly = Set.copyOf(factorsOnly);
    }

    /** Gradient pairs computed so far. */
    public long computed() {
        return computed;
    }

    /** (target = gradient at {@code targetPoint}, source = gradient at {@code sourcePoint}), fresh tensors. */
    public StatePair compute(Map<String, Tensor> targetPoint, Map<String, Tensor> sourcePoint, Rng rng) {
        long bnSeed = rng.nextLong();
        long gradSeed = rng.nextLong();
        try (Backend.Scope scope = sampler.backend().openScope(); Batches batches = new Batches(bnSeed, gradSeed)) {
            Side t = side(target, targetPoint, batches);
            Side s = side(source, sourcePoint, batches);
            computed++;
            StatePair pair = new StatePair(t.gradients(), s.gradients(), t.factors(), s.factors());
            scope.keep(pair.tensors());
            return pair;
        }
    }

    /**
     * As {@link #compute(Map, Map, Rng)} with the source side taken from {@code cache} under
     * {@code sourceStep} and the pair's two seeds, computed at {@code sourcePoint.get()} only when
     * absent: several targets transferred in lockstep with equal seeds draw equal seeds, so all
     * but the first reuse the source gradient. Equal to the uncached pair, bit for bit (each side
     * sees the same batches; the sides are independent). The cached tensors belong to the scope
     * open when they were computed; the caller keeps {@link SourceGradients#tensors()} as needed.
     */
    public StatePair compute(Map<String, Tensor> targetPoint, int sourceStep, Supplier<Map<String, Tensor>> sourcePoint,
                             Rng rng, SourceGradients cache) {
        long bnSeed = rng.nextLong();
        long gradSeed = rng.nextLong();
        try (Backend.Scope scope = sampler.backend().openScope(); Batches batches = new Batches(bnSeed, gradSeed)) {
            Side t = side(target, targetPoint, batches);
            Side s = cache.get(new SourceGradients.Key(sourceStep, bnSeed, gradSeed), () -> {
                Side computedSide = side(source, sourcePoint.get(), batches);
                scope.keep(computedSide.tensors());
                return computedSide;
            });
            computed++;
            StatePair pair = new StatePair(t.gradients(), s.gradients(), t.factors(), s.factors());
            scope.keep(pair.tensors());
            return pair;
        }
    }

    /**
     * One side of a pair: the gradients of {@code model} at {@code point} and its linear layers'
     * factors, averaged over the {@code gmIters} batches drawn with {@code gradSeed}, after the BN
     * warm-up on the batches drawn with {@code bnSeed}.
     *
     * @param gradients parameter name → averaged gradient
     * @param factors   linear layers' weight gradients as rank factors
     */
    public record Side(Map<String, Tensor> gradients, Map<String, RankFactors> factors) {
        /** Every tensor of the side. */
        public Tensor[] tensors() {
            List<Tensor> all = new ArrayList<>(gradients.values());
            for (RankFactors f : factors.values()) {
                all.add(f.left());
                all.add(f.right());
            }
            return all.toArray(Tensor[]::new);
        }
    }

    /**
     * The batches of one pair, drawn once for both sides (they see the same ones: the same seeds give
     * the same batches, so drawing them per side only repeated the shuffle and the normalization), on
     * first use; closed with the pair.
     */
    private final class Batches implements AutoCloseable {
        private final long bnSeed;
        private final long gradSeed;
        private List<Batch> warm;
        private List<Batch> grad;

        Batches(long bnSeed, long gradSeed) {
            this.bnSeed = bnSeed;
            this.gradSeed = gradSeed;
        }

        /** The BN warm-up batches (none without batch norm). */
        List<Batch> warm() {
            if (warm == null) {
                warm = batchNorm ? sampler.first(bnStatsIters, bnStatsBatch, bnSeed) : List.of();
            }
            return warm;
        }

        /** The gradient batches. */
        List<Batch> grad() {
            if (grad == null) {
                grad = sampler.first(gmIters, sampler.data().batchSize(), gradSeed);
            }
            return grad;
        }

        @Override
        public void close() {
            if (warm != null) {
                BatchSampler.close(warm);
            }
            if (grad != null) {
                BatchSampler.close(grad);
            }
        }
    }

    private Side side(Module model, Map<String, Tensor> point, Batches batches) {
        ModelState.setParameters(model, point);
        model.train();
        BatchNormStats.reestimate(model, batches.warm());
        ModelState.clearGradients(model);
        LinearFactors factors = new LinearFactors(model, gmIters, factorsOnly);
        try {
            for (Batch b : batches.grad()) {
                backward(model, b);
            }
        } finally {
            factors.stop();
        }
        Map<String, RankFactors> f = factors.factors();
        return new Side(gradients(model, f.keySet()), f);
    }

    private static void backward(Module model, Batch b) {
        Var loss = Losses.crossEntropy(model.forward(Var.constant(b.images())), b.labels());
        loss.backward();
        loss.value().close();
    }

    /** The gradient tensors, without those of the weights held as factors only ({@code factored}: names with factors). */
    private Map<String, Tensor> gradients(Module model, Set<String> factored) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            Tensor g = p.param().grad();
            if (g == null && factorsOnly.contains(p.name()) && factored.contains(p.name())) {
                continue; // held as factors only
            }
            if (g == null) {
                throw new IllegalStateException("parameter '" + p.name() + "' received no gradient");
            }
            // a leaf's gradient is its own tensor (autograd copies or hands over the first
            // contribution), so with one batch it is taken as it is, not copied
            out.put(p.name(), gmIters == 1 ? g : g.backend().scale(g, 1.0 / gmIters));
            p.param().clearGrad();
        }
        return Collections.unmodifiableMap(out);
    }
}
