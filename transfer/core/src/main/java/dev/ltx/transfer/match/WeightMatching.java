package dev.ltx.transfer.match;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.transfer.lap.LapResult;
import dev.ltx.transfer.lap.LinearAssignment;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Git Re-basin weight matching by coordinate descent (reference §5.1), as the official
 * learning-transfer {@code WeightMatching} class runs it: start from the identity; each sweep
 * visits all groups once in a random order (one {@link Rng#shuffle} of a seeded generator per
 * sweep); for group p build A_p ({@link CostMatrices}) with the current permutations of the other
 * groups, solve the maximizing linear assignment exactly ({@link LinearAssignment}), compare
 * {@code oldL = Σ_i A[i, perm_p[i]]} with {@code newL = Σ_i A[i, c(i)]}, count progress when
 * {@code newL > oldL + ε} and always assign {@code perm_p ← c}; stop after a sweep without
 * progress or after {@code maxSweeps}.
 *
 * <p>Bookkeeping: the objective J is computed once at the identity and then tracked per step as
 * {@code J += newL − oldL} (exact when no parameter carries one group on two axes, true of every
 * derived spec: a step on p then changes only the terms collected in A_p), giving
 * {@link MatchResult#objectivePerSweep()} without a pass over the tensors per sweep; the final
 * {@link MatchResult#objective()} is recomputed from the tensors (a wide factored parameter's term
 * from its factors), except with a {@link MatchCache},
 * where it is the tracked value (equal up to the rounding of the cost matrices' sums: float ones
 * for float tensors), so that a call costs no pass over the pairs seen before. When a group's A_p is reused
 * (the permutations it depends on did not change), its previous assignment is reused too (the
 * exact solver would return it again), so a single-group problem solves one LAP and confirms it.
 * With {@link MatchOptions#warmStart()} a group solved again starts from its previous solve's
 * column duals (and a {@link MatchCache} carries them to the next call), which saves most of the
 * solver's work when A_p changed a little; every solve is still exact.
 *
 * <p>The result maximizes (locally, per group exactly) {@code Σ_pairs Σ_w ⟨target_w, π(source_w)⟩},
 * so applying it to the source side aligns the source with the target. With a planted
 * {@code source = σ(target)} the answer is {@code σ⁻¹}.
 */
public final class WeightMatching {
    private WeightMatching() {
    }

    /** Runs the coordinate descent; see the class comment. */
    public static MatchResult match(PermutationSpec spec, List<StatePair> pairs, MatchOptions o, Backend backend) {
        return match(spec, pairs, o, backend, null);
    }

    /**
     * As {@link #match(PermutationSpec, List, MatchOptions, Backend)}, reusing {@code cache} (null:
     * none) across calls whose pair lists grow by appending, as FGMT's do: the work on the pairs
     * seen before is not redone, and the result is exactly that of the uncached call.
     */
    public static MatchResult match(PermutationSpec spec, List<StatePair> pairs, MatchOptions o, Backend backend,
                                    MatchCache cache) {
        return match(spec, pairs, o, backend, cache, true);
    }

    /**
     * The coordinate descent; {@code reuseUnchanged} false rebuilds and re-solves every group at
     * every visit even when the permutations its A_p depends on did not change (for the test that
     * the reuse never changes a result).
     */
    static MatchResult match(PermutationSpec spec, List<StatePair> pairs, MatchOptions o, Backend backend,
                             MatchCache cache, boolean reuseUnchanged) {
        long start = System.nanoTime();
        CostMatrices costs;
        double tracked; // J = Σ ⟨T, π(S)⟩ at the identity; a step on group p changes only A_p's terms: J += newL − oldL
        try {
            costs = new CostMatrices(spec, pairs, o.normalized(), backend, cache);
            tracked = identityObjective(spec, costs, backend, cache);
        } catch (RuntimeException e) {
            if (cache != null) {
                cache.clear(); // never keep sums whose pairs were not all marked absorbed
            }
            throw e;
        }
        List<PermutationGroup> groups = spec.groups();
        Map<String, int[]> perms = Permutations.identity(spec).asMap();
        Permutations current = Permutations.of(spec, perms);
        Rng rng = new Rng(o.seed());
        int[] order = new int[groups.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        List<Double> perSweep = new ArrayList<>();
        Map<String, GroupCost> solvedCost = new HashMap<>();
        Map<String, int[]> solvedCols = new HashMap<>();
        Map<String, double[]> duals = new HashMap<>(); // of each group's last solve: warm starts
        if (cache != null && o.warmStart()) {
            duals.putAll(cache.duals());
        }
        int sweeps = 0;
        boolean progress = true;
        while (progress && sweeps < o.maxSweeps()) {
            sweeps++;
            progress = false;
            rng.shuffle(order);
            for (int gi : order) {
                PermutationGroup g = groups.get(gi);
                int n = g.size();
                GroupCost a = reuseUnchanged ? costs.cost(g.name(), current) : costs.rebuild(g.name(), current);
                int[] c;
                if (reuseUnchanged && solvedCost.get(g.name()) == a) {
                    c = solvedCols.get(g.name()); // the same A_p as last time: the exact solver's answer is unchanged
                } else {
                    double[] from = o.warmStart() ? duals.get(g.name()) : null;
                    LapResult r = a.maximize(from != null && from.length == n ? from : null);
                    c = r.rowToCol();
                    solvedCost.put(g.name(), a);
                    solvedCols.put(g.name(), c);
                    duals.put(g.name(), r.v());
                }
                double oldL = a.assignedSum(perms.get(g.name()));
                double newL = a.assignedSum(c);
                progress |= newL > oldL + o.epsilon();
                tracked += newL - oldL;
                perms.put(g.name(), c.clone());
                current = Permutations.of(spec, perms);
            }
            perSweep.add(tracked);
        }
        if (cache != null && o.warmStart()) {
            cache.keepDuals(duals);
        }
        // with a cache (FGMT) the tracked J is kept: recomputing it from every pair's tensors would cost
        // a pass over all t pairs at every step, which the cache exists to avoid
        double finalObjective = cache != null ? tracked : objective(spec, costs.pairs(), current, backend, costs::scale);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new MatchResult(current, sweeps, finalObjective, perSweep, seconds);
    }

    /**
     * Whether parameter {@code w}'s objective term is taken through its factors: when a side holds it
     * as factors only, or when the factors are smaller than the tensor (a wide layer's weight gradient
     * over a batch: 4096×784 against 128×(4096 + 784) on the MNIST 2-MLP; not a 10×4096 last layer's).
     */
    private static boolean throughFactors(StatePair pair, String w, RankFactors ft, RankFactors fs) {
        Tensor t = pair.target().get(w);
        Tensor s = pair.source().get(w);
        if (t == null || s == null) {
            return true;
        }
        long factorEntries = (long) Math.max(ft.rank(), fs.rank()) * (t.dim(0) + t.dim(1));
        return factorEntries < t.numel();
    }

    /**
     * The parameters whose part in matching needs only rank-{@code rank} {@link RankFactors} on both
     * sides, never the tensors: 2-D, with exactly one permuted axis (so their cost products do not
     * depend on other groups' permutations), and where that product is cheaper through the factors
     * (as the cost matrices decide). A caller holding such gradients as factors only
     * ({@link StatePair}) saves forming the products. Unpermuted parameters are not included.
     */
    public static Set<String> factorsSuffice(PermutationSpec spec, int rank) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : spec.parameters()) {
            List<PermutationGroup> axes = spec.axes(w);
            if (axes.size() != 2 || (axes.get(0) == null) == (axes.get(1) == null)) {
                continue; // not 2-D, or no permuted axis, or both
            }
            int axis = axes.get(0) != null ? 0 : 1;
            long n = spec.shape(w).dim(axis);
            long rest = spec.shape(w).dim(1 - axis);
            if (CostMatrices.cheaperFactored(n, rest, rank, rank)) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * {@code Σ_pairs Σ_w ⟨target_w, perms(source_w)⟩} over every parameter of the spec (unpermuted
     * ones included), the permutation applied with the backend and the dot products summed in double.
     */
    public static double objective(PermutationSpec spec, List<StatePair> pairs, Permutations perms, Backend backend) {
        for (int p = 0; p < pairs.size(); p++) {
            pairs.get(p).requireState(spec, "pair " + p);
        }
        return objective(spec, pairs, perms, backend, (p, w) -> 1.0);
    }

    /** Scale of parameter {@code w}'s term in pair {@code p}. */
    interface TermScale {
        double of(int pair, String param);
    }

    /** The sum over pairs (in order) of each pair's objective. */
    private static double objective(PermutationSpec spec, List<StatePair> pairs, Permutations perms, Backend backend,
                                    TermScale scale) {
        double total = 0;
        for (int p = 0; p < pairs.size(); p++) {
            total += pairObjective(spec, pairs.get(p), p, perms, scale, backend);
        }
        return total;
    }

    /**
     * The objective at the identity, summed as {@link #objective} does; with a cache the terms of
     * the pairs absorbed before are reused and the new pairs are marked absorbed.
     */
    private static double identityObjective(PermutationSpec spec, CostMatrices costs, Backend backend,
                                            MatchCache cache) {
        List<StatePair> pairs = costs.pairs();
        Permutations identity = Permutations.identity(spec);
        if (cache == null) {
            return objective(spec, pairs, identity, backend, costs::scale);
        }
        double total = 0;
        for (int p = 0; p < pairs.size(); p++) {
            if (p < cache.absorbedPairs()) {
                total += cache.identityObjective(p);
            } else {
                double j = pairObjective(spec, pairs.get(p), p, identity, costs::scale, backend);
                cache.absorb(pairs.get(p), j);
                total += j;
            }
        }
        return total;
    }

    /**
     * One pair's {@code Σ_w scale · ⟨target_w, perms(source_w)⟩}; a 2-D parameter with factors on both
     * sides is taken through them ({@link RankFactors#permutedDot}: on the MNIST 2-MLP's 4096×784 weight
     * gradient two 128×128 products instead of a pass over two 12.8 MB tensors), the others from the tensors.
     */
    private static double pairObjective(PermutationSpec spec, StatePair pair, int p, Permutations perms,
                                        TermScale scale, Backend backend) {
        double total = 0;
        for (String w : spec.parameters()) {
            RankFactors ft = pair.targetFactors().get(w);
            RankFactors fs = pair.sourceFactors().get(w);
            double dot;
            if (ft != null && fs != null && throughFactors(pair, w, ft, fs)) {
                dot = ft.permutedDot(fs, spec.axes(w), perms, backend);
            } else {
                try (Backend.Scope ignored = backend.openScope()) { // a factor-only side's product, if any
                    dot = PermutationApplier.permutedDot(pair.targetTensor(w, backend), pair.sourceTensor(w, backend),
                            spec.axes(w), perms);
                }
            }
            total += scale.of(p, w) * dot;
        }
        return total;
    }
}
