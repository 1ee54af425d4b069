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
import dev.ltx.transfer.match.RankFactors;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one target along a transfer, advanced one step at a time by {@link TransferRunner}
 * (which documents the algorithm and the memory scopes). It owns what depends on the target (its
 * permutation, gradient pairs, matching cache, steps, best and current parameters, and its own
 * {@link Rng} seeded with the config's seed); the source trajectory, scratch models, sampler and
 * {@link SourceGradients} are the runner's, shared by every target.
 */
final class TargetRun {
    /** The runner's shared, target-independent parts. */
    record Shared(Trajectory source, PermutationSpec spec, GradientPairs gradients, SourceGradients sourceGradients,
                  Module evalModel, BatchSampler sampler, TransferData data, Backend backend, boolean batchNorm,
                  boolean cacheMatching, boolean warmStart, PrintStream log) {
    }

    private final Shared shared;
    private final TransferConfig config;
    private final Map<String, Tensor> targetInit;
    private final Map<String, Tensor> oracleTargetDisplacement;
    private final String label;
    private final Rng rng;
    private final MatchCache cache;
    private final List<StepRecord> steps = new ArrayList<>();
    private Permutations pi;
    private List<StatePair> pairs = new ArrayList<>();
    private int bestStep;
    private double bestAccuracy = Double.NEGATIVE_INFINITY;
    private Permutations bestPi;
    private Map<String, Tensor> best;
    private Map<String, Tensor> current;
    /** The step {@link #current} was transferred at (with the permutation {@link #pi} still holds), or -1. */
    private int currentStep = -1;
    private long matchings;
    private long gradientPairs;
    private long nanos;

    TargetRun(Shared shared, TransferConfig config, TransferTarget target, String label) {
        Method method = config.method();
        if (method == Method.ORACLE && target.oracleTargetDisplacement() == null) {
            throw new IllegalArgumentException("the Oracle needs the real target run's displacement");
        }
        this.shared = shared;
        this.config = config;
        this.targetInit = ParameterMaps.select(target.init(), shared.source().parameterNames());
        this.oracleTargetDisplacement = target.oracleTargetDisplacement();
        this.label = label;
        this.rng = new Rng(config.seed());
        // FGMT's pair list only grows: the matching keeps its running sums across steps
        this.cache = method == Method.FGMT && shared.cacheMatching() ? new MatchCache() : null;
        this.pi = Permutations.identity(shared.spec());
        this.bestPi = pi;
    }

    /**
     * Step t, inside the caller's memory scope for this target and step: afterwards that scope must
     * keep {@link #retained()}; the replaced parameters are released by {@link #release}.
     */
    void step(int t) {
        long t0 = System.nanoTime();
        Method method = config.method();
        if (method == Method.GMT) {
            pairs = new ArrayList<>();
            for (int s = 0; s < t; s++) pairs.add(pairAt(s));
        } else if (method == Method.FGMT) {
            pairs.add(pairAt(t - 1));
        }
        long t1 = System.nanoTime();
        MatchResult match = null;
        if (method.matchesGradients()) {
            match = WeightMatching.match(shared.spec(), pairs, options(rng.nextLong()), shared.backend(), cache);
        } else if (method == Method.ORACLE && t == 1) {
            Trajectory source = shared.source();
            Map<String, Tensor> sourceDisplacement = ParameterMaps.subtract(source.checkpoint(1), source.checkpoint(0));
            match = WeightMatching.match(shared.spec(), List.of(new StatePair(oracleTargetDisplacement,
                    sourceDisplacement)), options(rng.nextLong()), shared.backend());
        }
        int sweeps = 0;
        double objective = Double.NaN;
        if (match != null) {
            pi = match.permutations();
            sweeps = match.sweeps();
            objective = match.objective();
            matchings++;
        }
        long t2 = System.nanoTime();
        current = transferred(t);
        currentStep = t;
        FiniteCheck.require(current, DivergenceException.Where.PARAMETER, method + " step " + t
                + ": transferred parameters");
        long t3 = System.nanoTime();
        Module model = shared.evalModel();
        ModelState.setParameters(model, current);
        List<Batch> bn = shared.batchNorm() ? shared.sampler().first(config.bnStatsIters(), config.bnStatsBatch(),
                rng.nextLong()) : List.of();
        try {
            BatchNormStats.reestimate(model, bn);
        } finally {
            BatchSampler.close(bn);
        }
        TransferData data = shared.data();
        Evaluation.Metrics m = Evaluation.evaluate(model, data.validation(), data.normalization(),
                data.evalBatchSize(), shared.backend());
        long t4 = System.nanoTime();
        nanos += t4 - t0;
        StepRecord rec = new StepRecord(t, m.accuracy(), m.loss(), sweeps, objective, sec(t1 - t0), sec(t2 - t1),
                sec(t3 - t2), sec(t4 - t3));
        steps.add(rec);
        if (m.accuracy() > bestAccuracy) {
            bestAccuracy = m.accuracy();
            bestStep = t;
            bestPi = pi;
            best = current;
        }
        if (shared.log() != null) {
            shared.log().printf("%s%s step %d/%d: val acc %.2f%%, val loss %.4f, sweeps %d, grad %.2fs, match %.2fs,"
                            + " eval %.2fs%n", label, method, t, shared.source().steps(), m.accuracy(), m.loss(), sweeps,
                    rec.gradientSeconds(), rec.matchingSeconds(), rec.evaluationSeconds());
        }
    }

    /** The tensors that must outlive the step: θ²_t, FGMT's pairs and the matching cache's sums. */
    Tensor[] retained() {
        List<Tensor> all = new ArrayList<>();
        if (current != null) all.addAll(current.values());
        if (config.method() == Method.FGMT) {
            for (StatePair p : pairs) all.addAll(List.of(p.tensors()));
        }
        if (cache != null) all.addAll(cache.tensors());
        return all.toArray(Tensor[]::new);
    }

    Map<String, Tensor> current() {
        return current;
    }

    Map<String, Tensor> best() {
        return best;
    }

    /**
     * The result after the last step; its {@code seconds} are this target's own steps (a shared source
     * gradient counted where it was computed) plus {@code setupSeconds}, the runner's shared setup.
     */
    TransferResult result(double setupSeconds) {
        return new TransferResult(config, steps, bestStep, bestAccuracy, bestPi, pi, best, current, gradientPairs,
                matchings, sec(nanos) + setupSeconds);
    }

    /** θ²_0 + π(θ¹_t − θ¹_0). */
    private Map<String, Tensor> transferred(int t) {
        Map<String, Tensor> d = shared.source().displacement(t);
        Map<String, Tensor> permuted = pi.isIdentity() ? d : PermutationApplier.apply(shared.spec(), pi, d,
                shared.backend());
        return ParameterMaps.add(targetInit, permuted);
    }

    /**
     * The gradient pair at step {@code s}, in a scope of its own: the points it makes are released at
     * once, the pair is kept (for the enclosing step's scope to decide). The source side comes from the
     * shared {@link SourceGradients}, computed where absent at the source point read in place
     * ({@link Trajectory#pointForReading}: a checkpoint is not copied). At the previous step's point
     * (FGMT's only new pair, GMT's last) the target point is that step's {@link #current}, which was
     * transferred with the same permutation: not recomputed (about a sixth of FGMT's gradient time on
     * the MNIST 2-MLP).
     */
    private StatePair pairAt(int s) {
        try (Backend.Scope scope = shared.backend().openScope()) {
            // the previous step's θ²: the same tensors transferred(s) would compute again (π unchanged since)
            Map<String, Tensor> targetPoint = s == currentStep ? current : transferred(s);
            StatePair pair = shared.gradients().compute(targetPoint, s, () -> shared.source().pointForReading(s),
                    rng, shared.sourceGradients());
            FiniteCheck.require(pair.target(), DivergenceException.Where.GRADIENT, "trajectory point " + s
                    + ": target gradient");
            FiniteCheck.require(pair.source(), DivergenceException.Where.GRADIENT, "trajectory point " + s
                    + ": source gradient");
            FiniteCheck.require(factorTensors(pair.targetFactors()), DivergenceException.Where.GRADIENT,
                    "trajectory point " + s + ": target gradient");
            FiniteCheck.require(factorTensors(pair.sourceFactors()), DivergenceException.Where.GRADIENT,
                    "trajectory point " + s + ": source gradient");
            scope.keep(pair.tensors());
            gradientPairs++;
            return pair;
        }
    }

    /** The factors' tensors by name, for the finite check: "w (output gradients)" and "w (inputs)". */
    private static Map<String, Tensor> factorTensors(Map<String, RankFactors> factors) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        factors.forEach((w, f) -> {
            out.put(w + " (output gradients)", f.left());
            out.put(w + " (inputs)", f.right());
        });
        return out;
    }

    private MatchOptions options(long seed) {
        return new MatchOptions(config.maxSweeps(), config.epsilon(), seed, false,
                shared.warmStart() && config.method() == Method.FGMT);
    }

    private static double sec(long nanos) {
        return nanos / 1e9;
    }
}
