package dev.ltx.transfer.method;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.FiniteCheck;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.StepRecord;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.match.MatchCache;
import dev.ltx.transfer.match.MatchOptions;
import dev.ltx.transfer.match.MatchResult;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The per-step transfer loop of reference.md §3.3 and §4 for one method.
 *
 * <pre>
 * π ← identity; W ← empty (FGMT keeps W across steps)
 * for t = 1..T:
 *   GMT : W ← { pair(θ²_0 + π(θ¹_s − θ¹_0), θ¹_s) : s = 0..t−1 }       (π = the previous step's)
 *   FGMT: W ← W ∪ { pair(θ²_0 + π(θ¹_{t−1} − θ¹_0), θ¹_{t−1}) }   (the matching's running sums are kept: {@link MatchCache})
 *   GMT/FGMT: π ← weight matching of W from identity (100 sweeps, ε 1e-7)
 *   ORACLE (t = 1 only): π ← matching of (θ²_{e1} − θ²_{e0}, θ¹_{e1} − θ¹_{e0})
 *   θ²_t ← θ²_0 + π(θ¹_t − θ¹_0)
 *   BN reset + re-estimation (training mode, no graph), evaluation mode, validation accuracy and loss
 *   best ← step t if its accuracy is strictly higher than every earlier one
 * </pre>
 *
 * All randomness (batches, BN batches, matching's group order) comes from one {@link Rng} seeded
 * with the config's seed, so a run is deterministic.
 *
 * <p>Memory (device backends): each step runs in its own {@linkplain Backend#openScope() memory
 * scope} that keeps only what outlives it: θ²_t (the result's {@code current}, and {@code best}
 * while it is the best), FGMT's new gradient pair and the {@link MatchCache}'s running sums. A
 * replaced {@code current} or {@code best} that nothing references any more is closed, and GMT's
 * pairs die with their step, so between steps device memory grows only by FGMT's one pair per
 * step. The only downloads of a step are the matching's n×n cost matrices and scalars (losses,
 * counts, objectives). The whole run has a scope too: when it returns, only the result's parameter
 * maps are left (the scratch models, gradient pairs and cached sums are released).
 */
public final class TransferRunner {
    private final Supplier<Module> modelFactory;
    private final Trajectory source;
    private final Map<String, Tensor> targetInit;
    private final Map<String, Tensor> oracleTargetDisplacement;
    private final TransferData data;
    private final Backend backend;
    private final PrintStream log;
    private boolean cacheMatching = true;
    private boolean warmStart = true;
    private IntConsumer afterStep = t -> { };

    /**
     * @param modelFactory             builds a model of the architecture (its initial values are overwritten)
     * @param source                   the source trajectory θ¹_0..θ¹_T
     * @param targetInit               θ²_0 (its parameters are used; buffers are ignored)
     * @param oracleTargetDisplacement for ORACLE: the real target run's displacement over the first
     *                                 trajectory segment (θ²_{e1} − θ²_{e0}); null otherwise
     * @param log                      one progress line per step, or null
     */
    public TransferRunner(Supplier<Module> modelFactory, Trajectory source, Map<String, Tensor> targetInit,
                          Map<String, Tensor> oracleTargetDisplacement, TransferData data, Backend backend,
                          PrintStream log) {
        this.modelFactory = modelFactory;
        this.source = source;
        this.targetInit = ParameterMaps.select(targetInit, source.parameterNames());
        this.oracleTargetDisplacement = oracleTargetDisplacement;
        this.data = data;
        this.backend = backend;
        this.log = log;
    }

    /**
     * Whether FGMT keeps a {@link MatchCache} across steps (default true). With warm starts off
     * the results are the same either way, bit for bit; false only makes FGMT slower.
     */
    TransferRunner cacheMatching(boolean on) {
        this.cacheMatching = on;
        return this;
    }

    /**
     * Whether FGMT's matchings warm-start their assignments from the previous step's duals
     * ({@link MatchOptions#warmStart()}, carried by the {@link MatchCache}; default true: on the
     * MNIST 2-MLP it halves the auction's work per 4096 LAP). Every solve stays exact; where a cost
     * matrix has tied optima (dead units) the permutation picked may differ from a cold solve's.
     * Off, cached and uncached FGMT agree bit for bit. GMT and the Oracle never warm-start (their
     * results stay those of cold solves, as before).
     */
    TransferRunner warmStart(boolean on) {
        this.warmStart = on;
        return this;
    }

    /**
     * Calls {@code listener} with t after step t, once the step's memory scope is closed and the
     * replaced parameters are released (tests measure device memory there).
     */
    TransferRunner afterStep(IntConsumer listener) {
        this.afterStep = listener;
        return this;
    }

    /** Runs the transfer. */
    public TransferResult run(TransferConfig config) {
        try (Backend.Scope runScope = backend.openScope()) {
            TransferResult r = runSteps(config);
            keep(runScope, r.bestParameters());
            keep(runScope, r.finalParameters());
            return r;
        }
    }

    private TransferResult runSteps(TransferConfig config) {
        Method method = config.method();
        if (method == Method.ORACLE && oracleTargetDisplacement == null) {
            throw new IllegalArgumentException("the Oracle needs the real target run's displacement");
        }
        long start = System.nanoTime();
        Module target = modelFactory.get();
        Module sourceModel = modelFactory.get();
        PermutationSpec spec = PermutationSpec.of(target);
        BatchSampler sampler = new BatchSampler(data, backend);
        GradientPairs gradients = new GradientPairs(target, sourceModel, sampler, config.gmIters(),
                config.bnStatsIters(), config.bnStatsBatch());
        boolean batchNorm = BatchNormStats.hasBatchNorm(target);
        Rng rng = new Rng(config.seed());

        Permutations pi = Permutations.identity(spec);
        List<StatePair> pairs = new ArrayList<>();
        // FGMT's pair list only grows: the matching keeps its running sums across steps
        MatchCache cache = method == Method.FGMT && cacheMatching ? new MatchCache() : null;
        List<StepRecord> steps = new ArrayList<>();
        int bestStep = 0;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        Permutations bestPi = pi;
        Map<String, Tensor> best = null;
        Map<String, Tensor> current = null;
        long matchings = 0;
        int total = source.steps();
        for (int t = 1; t <= total; t++) {
            Map<String, Tensor> previous = current;
            Map<String, Tensor> previousBest = best;
            try (Backend.Scope stepScope = backend.openScope()) {
                long t0 = System.nanoTime();
                if (method == Method.GMT) {
                    pairs = new ArrayList<>();
                    for (int s = 0; s < t; s++) pairs.add(pairAt(s, pi, spec, gradients, rng));
                } else if (method == Method.FGMT) {
                    StatePair added = pairAt(t - 1, pi, spec, gradients, rng);
                    stepScope.keep(added.tensors());
                    pairs.add(added);
                }
                long t1 = System.nanoTime();
                int sweeps = 0;
                double objective = Double.NaN;
                MatchResult match = null;
                if (method.matchesGradients()) {
                    match = WeightMatching.match(spec, pairs, options(config, rng.nextLong()), backend, cache);
                    if (cache != null) {
                        stepScope.keep(cache.tensors().toArray(Tensor[]::new));
                    }
                } else if (method == Method.ORACLE && t == 1) {
                    Map<String, Tensor> sourceDisplacement =
                            ParameterMaps.subtract(source.checkpoint(1), source.checkpoint(0));
                    match = WeightMatching.match(spec,
                            List.of(new StatePair(oracleTargetDisplacement, sourceDisplacement)),
                            options(config, rng.nextLong()), backend);
                }
                if (match != null) {
                    pi = match.permutations();
                    sweeps = match.sweeps();
                    objective = match.objective();
                    matchings++;
                }
                long t2 = System.nanoTime();
                current = transferred(t, pi, spec);
                keep(stepScope, current);
                FiniteCheck.require(current, DivergenceException.Where.PARAMETER, method + " step " + t
                        + ": transferred parameters");
                long t3 = System.nanoTime();
                ModelState.setParameters(target, current);
                List<Batch> bn = batchNorm ? sampler.first(config.bnStatsIters(), config.bnStatsBatch(), rng.nextLong())
                        : List.of();
                try {
                    BatchNormStats.reestimate(target, bn);
                } finally {
                    BatchSampler.close(bn);
                }
                Evaluation.Metrics m = Evaluation.evaluate(target, data.validation(), data.normalization(),
                        data.evalBatchSize(), backend);
                long t4 = System.nanoTime();
                StepRecord rec = new StepRecord(t, m.accuracy(), m.loss(), sweeps, objective, sec(t1 - t0),
                        sec(t2 - t1), sec(t3 - t2), sec(t4 - t3));
                steps.add(rec);
                if (m.accuracy() > bestAccuracy) {
                    bestAccuracy = m.accuracy();
                    bestStep = t;
                    bestPi = pi;
                    best = current;
                }
                if (log != null) {
                    log.printf("%s step %d/%d: val acc %.2f%%, val loss %.4f, sweeps %d, grad %.2fs, match %.2fs,"
                                    + " eval %.2fs%n", method, t, total, m.accuracy(), m.loss(), sweeps,
                            rec.gradientSeconds(), rec.matchingSeconds(), rec.evaluationSeconds());
                }
            }
            release(previous, previousBest, current, best);
            afterStep.accept(t);
        }
        return new TransferResult(config, steps, bestStep, bestAccuracy, bestPi, pi, best, current, gradients.computed(),
                matchings, sec(System.nanoTime() - start));
    }

    /** θ²_0 + π(θ¹_t − θ¹_0). */
    private Map<String, Tensor> transferred(int t, Permutations pi, PermutationSpec spec) {
        Map<String, Tensor> d = source.displacement(t);
        Map<String, Tensor> permuted = pi.isIdentity() ? d : PermutationApplier.apply(spec, pi, d, backend);
        return ParameterMaps.add(targetInit, permuted);
    }

    /**
     * The gradient pair at step {@code s}, in a scope of its own: the two points it is computed at
     * are released at once, the pair is kept (for the enclosing step's scope to decide).
     */
    private StatePair pairAt(int s, Permutations pi, PermutationSpec spec, GradientPairs gradients, Rng rng) {
        try (Backend.Scope scope = backend.openScope()) {
            Map<String, Tensor> targetPoint = transferred(s, pi, spec);
            Map<String, Tensor> sourcePoint = source.point(s);
            StatePair pair = gradients.compute(targetPoint, sourcePoint, rng);
            FiniteCheck.require(pair.target(), DivergenceException.Where.GRADIENT, "trajectory point " + s
                    + ": target gradient");
            FiniteCheck.require(pair.source(), DivergenceException.Where.GRADIENT, "trajectory point " + s
                    + ": source gradient");
            scope.keep(pair.tensors());
            return pair;
        }
    }

    private static void keep(Backend.Scope scope, Map<String, Tensor> state) {
        if (state == null) {
            return;
        }
        scope.keep(state.values().toArray(Tensor[]::new));
    }

    /**
     * Closes the step's predecessors that nothing references any more: the previous θ²_{t−1}
     * unless it is (still) the best, and a best that was replaced (unless it was θ²_{t−1}, closed
     * by the first rule). The result's {@code current} and {@code best} are never closed.
     */
    private static void release(Map<String, Tensor> previous, Map<String, Tensor> previousBest,
                                Map<String, Tensor> current, Map<String, Tensor> best) {
        if (previous != null && previous != current && previous != best) {
            ParameterMaps.close(previous);
        }
        if (previousBest != null && previousBest != best && previousBest != previous && previousBest != current) {
            ParameterMaps.close(previousBest);
        }
    }

    private MatchOptions options(TransferConfig c, long seed) {
        return new MatchOptions(c.maxSweeps(), c.epsilon(), seed, false, warmStart && c.method() == Method.FGMT);
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
