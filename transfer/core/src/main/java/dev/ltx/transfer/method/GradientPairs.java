package dev.ltx.transfer.method;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedParameter;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.transfer.match.StatePair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    }

    /** Gradient pairs computed so far. */
    public long computed() {
        return computed;
    }

    /** (target = gradient at {@code targetPoint}, source = gradient at {@code sourcePoint}), fresh tensors. */
    public StatePair compute(Map<String, Tensor> targetPoint, Map<String, Tensor> sourcePoint, Rng rng) {
        long bnSeed = rng.nextLong();
        long gradSeed = rng.nextLong();
        try (Backend.Scope scope = sampler.backend().openScope()) {
            StatePair pair = computeIn(targetPoint, sourcePoint, bnSeed, gradSeed);
            scope.keep(pair.tensors());
            return pair;
        }
    }

    private StatePair computeIn(Map<String, Tensor> targetPoint, Map<String, Tensor> sourcePoint, long bnSeed,
                                long gradSeed) {
        ModelState.setParameters(target, targetPoint);
        ModelState.setParameters(source, sourcePoint);
        target.train();
        source.train();
        List<Batch> warm = batchNorm ? sampler.first(bnStatsIters, bnStatsBatch, bnSeed) : List.of();
        try {
            BatchNormStats.reestimate(target, warm);
            BatchNormStats.reestimate(source, warm);
        } finally {
            BatchSampler.close(warm);
        }
        ModelState.clearGradients(target);
        ModelState.clearGradients(source);
        List<Batch> batches = sampler.first(gmIters, sampler.data().batchSize(), gradSeed);
        LinearFactors targetFactors = new LinearFactors(target, gmIters);
        LinearFactors sourceFactors = new LinearFactors(source, gmIters);
        try {
            for (Batch b : batches) {
                backward(target, b);
                backward(source, b);
            }
        } finally {
            targetFactors.stop();
            sourceFactors.stop();
            BatchSampler.close(batches);
        }
        computed++;
        return new StatePair(gradients(target), gradients(source), targetFactors.factors(), sourceFactors.factors());
    }

    private static void backward(Module model, Batch b) {
        Var loss = Losses.crossEntropy(model.forward(Var.constant(b.images())), b.labels());
        loss.backward();
        loss.value().close();
    }

    private Map<String, Tensor> gradients(Module model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NamedParameter p : model.namedParameters()) {
            Tensor g = p.param().grad();
            if (g == null) {
                throw new IllegalStateException("parameter '" + p.name() + "' received no gradient");
            }
            out.put(p.name(), gmIters == 1 ? g.backend().copy(g) : g.backend().scale(g, 1.0 / gmIters));
            p.param().clearGrad();
        }
        return Collections.unmodifiableMap(out);
    }
}
