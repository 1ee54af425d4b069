package dev.ltx.transfer.method;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.Module;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.perm.PermutationSpec;
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
 *   FGMT: W ← W ∪ { pair(θ²_0 + π(θ¹_{t−1} − θ¹_0), θ¹_{t−1}) }   (the matching's running sums are kept: {@link dev.ltx.transfer.match.MatchCache})
 *   GMT/FGMT: π ← weight matching of W from identity (100 sweeps, ε 1e-7)
 *   ORACLE (t = 1 only): π ← matching of (θ²_{e1} − θ²_{e0}, θ¹_{e1} − θ¹_{e0})
 *   θ²_t ← θ²_0 + π(θ¹_t − θ¹_0)
 *   BN reset + re-estimation (training mode, no graph), evaluation mode, validation accuracy and loss
 *   best ← step t if its accuracy is strictly higher than every earlier one
 * </pre>
 *
 * All randomness (batches, BN batches, matching's group order) comes from one {@link dev.ltx.engine.Rng}
 * per target seeded with the config's seed, so a run is deterministic.
 *
 * <p>One source, several targets: the runner takes a list of {@link TransferTarget}s and advances
 * them in lockstep, step t of every target before step t + 1 of any. What does not depend on the
 * target is done once: the source checkpoints and trajectory, the scratch models, and the source
 * side of every gradient pair ({@link SourceGradients}: equal seeds draw equal batches, so the
 * source gradient at a trajectory point is the same for every target). Each target's result is
 * the one a transfer of that target alone gives, bit for bit.
 *
 * <p>Memory (device backends): each step runs in its own {@linkplain Backend#openScope() memory
 * scope}, each target's part of it in a scope nested inside; what outlives a step is kept: θ²_t
 * (the result's {@code current}, and {@code best} while it is the best), FGMT's new gradient pair
 * and the {@link dev.ltx.transfer.match.MatchCache}'s running sums; the step's shared source
 * gradients live until the step ends. A replaced {@code current} or {@code best} that nothing
 * references any more is closed, and GMT's pairs die with their step, so between steps device
 * memory grows only by FGMT's one pair per step and target. The only downloads of a step are the
 * matching's n×n cost matrices and scalars (losses, counts, objectives). The whole run has a scope
 * too: when it returns, only the results' parameter maps are left (the scratch models, gradient
 * pairs and cached sums are released).
 */
public final class TransferRunner {
    private final Supplier<Module> modelFactory;
    private final Trajectory source;
    private final List<TransferTarget> targets;
    private final TransferData data;
    private final Backend backend;
    private final PrintStream log;
    private boolean cacheMatching = true;
    private boolean warmStart = true;
    private IntConsumer afterStep = t -> { };
    private long sourceComputed;
    private long sourceReused;

    /**
     * One target.
     *
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
        this(modelFactory, source, List.of(new TransferTarget(targetInit, oracleTargetDisplacement)), data, backend,
                log);
    }

    /**
     * One source trajectory to several targets in lockstep, sharing the source-side work.
     *
     * @param targets the targets, at least one; results come in this order
     */
    public TransferRunner(Supplier<Module> modelFactory, Trajectory source, List<TransferTarget> targets,
                          TransferData data, Backend backend, PrintStream log) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a transfer needs at least one target");
        }
        this.modelFactory = modelFactory;
        this.source = source;
        this.targets = List.copyOf(targets);
        this.data = data;
        this.backend = backend;
        this.log = log;
    }

    /**
     * Whether FGMT keeps a {@link dev.ltx.transfer.match.MatchCache} across steps (default true). With
     * warm starts off the results are the same either way, bit for bit; false only makes FGMT slower.
     */
    TransferRunner cacheMatching(boolean on) {
        this.cacheMatching = on;
        return this;
    }

    /**
     * Whether FGMT's matchings warm-start their assignments from the previous step's duals
     * ({@link dev.ltx.transfer.match.MatchOptions#warmStart()}, carried by the matching cache; default
     * true: on the MNIST 2-MLP it halves the auction's work per 4096 LAP). Every solve stays exact;
     * where a cost matrix has tied optima (dead units) the permutation picked may differ from a cold
     * solve's. Off, cached and uncached FGMT agree bit for bit. GMT and the Oracle never warm-start
     * (their results stay those of cold solves, as before).
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

    /** Source sides of gradient pairs computed by the last {@link #runAll} (once per point and seed pair). */
    long sourceGradientsComputed() {
        return sourceComputed;
    }

    /** Source sides of gradient pairs the last {@link #runAll} reused for a further target. */
    long sourceGradientsReused() {
        return sourceReused;
    }

    /** Runs the transfer of the only target. */
    public TransferResult run(TransferConfig config) {
        if (targets.size() != 1) {
            throw new IllegalStateException("run() transfers one target; this runner has " + targets.size()
                    + ": use runAll()");
        }
        return runAll(config).get(0);
    }

    /** Runs the transfer of every target, in lockstep; one result per target, in order. */
    public List<TransferResult> runAll(TransferConfig config) {
        try (Backend.Scope runScope = backend.openScope()) {
            List<TransferResult> results = runSteps(config);
            for (TransferResult r : results) {
                keep(runScope, r.bestParameters());
                keep(runScope, r.finalParameters());
            }
            return results;
        }
    }

    private List<TransferResult> runSteps(TransferConfig config) {
        long start = System.nanoTime();
        Module evalModel = modelFactory.get();
        Module sourceModel = modelFactory.get();
        PermutationSpec spec = PermutationSpec.of(evalModel);
        BatchSampler sampler = new BatchSampler(data, backend);
        // wide linear layers' weight gradients as factors only where matching needs nothing else: the MNIST
        // 2-MLP's 4096x784 gradient is never formed (two products, a 12.8 MB write and its checks per pair side)
        GradientPairs gradients = new GradientPairs(evalModel, sourceModel, sampler, config.gmIters(),
                config.bnStatsIters(), config.bnStatsBatch(),
                WeightMatching.factorsSuffice(spec, config.gmIters() * data.batchSize()));
        SourceGradients sourceGradients = new SourceGradients();
        TargetRun.Shared shared = new TargetRun.Shared(source, spec, gradients, sourceGradients, evalModel, sampler,
                data, backend, BatchNormStats.hasBatchNorm(evalModel), cacheMatching, warmStart, log);
        List<TargetRun> runs = new ArrayList<>();
        for (int k = 0; k < targets.size(); k++) {
            String label = targets.size() == 1 ? "" : "target " + (k + 1) + "/" + targets.size() + ": ";
            runs.add(new TargetRun(shared, config, targets.get(k), label));
        }
        long setup = System.nanoTime() - start;
        for (int t = 1; t <= source.steps(); t++) {
            List<Map<String, Tensor>> previous = new ArrayList<>();
            List<Map<String, Tensor>> previousBest = new ArrayList<>();
            try (Backend.Scope stepScope = backend.openScope()) {
                for (TargetRun run : runs) {
                    previous.add(run.current());
                    previousBest.add(run.best());
                    try (Backend.Scope targetScope = backend.openScope()) {
                        run.step(t);
                        targetScope.keep(run.retained());
                        targetScope.keep(sourceGradients.tensors());
                    }
                }
                sourceGradients.clear();
                for (TargetRun run : runs) {
                    stepScope.keep(run.retained());
                }
            }
            for (int k = 0; k < runs.size(); k++) {
                release(previous.get(k), previousBest.get(k), runs.get(k).current(), runs.get(k).best());
            }
            afterStep.accept(t);
        }
        sourceComputed = sourceGradients.misses();
        sourceReused = sourceGradients.hits();
        List<TransferResult> results = new ArrayList<>();
        for (TargetRun run : runs) {
            results.add(run.result(sec(setup)));
        }
        return results;
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

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
