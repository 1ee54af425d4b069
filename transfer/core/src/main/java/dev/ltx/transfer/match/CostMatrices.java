package dev.ltx.transfer.match;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.MatchCostTerm;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.transfer.perm.AxisRef;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cost matrices of one weight-matching problem (reference §3.4): for group p of size n,
 * {@code A_p = Σ_pairs Σ_(w, a) ∈ p  scale · T_w(a) · S̃_w(a)ᵀ}, where {@code X(a)} is X with axis
 * a moved first and viewed as (n, rest), and S̃_w is the source with every OTHER permuted axis of
 * w gathered by the current permutations ({@link Backend#applyPermutations}). Each product is one
 * {@link Backend#addMatchCost} accumulated into A_p: on the CPU one GEMM ({@code beta = 1}; axis 0
 * a free view, axis 1 of a 2-D weight through the transpose flag, other axes moved first), on a GPU
 * one {@code match_cost_f32} launch that reads the axis in place.
 *
 * <p>Members with {@link RankFactors} (wide linear layers) take the product through the factors; the
 * direct members that follow one in spec order are added by the same call
 * ({@link Backend#gemmThenMatchCosts}: on the CPU while each tile of A_p is in cache), with the same
 * bits as separate calls.
 *
 * <p>Caching: a member whose parameter has no other permuted axis contributes a constant, summed
 * once per group at construction (pair by pair; with a {@link MatchCache} only the pairs added
 * since the previous call are summed into the cached running sum, giving the same bits); the rest
 * is rebuilt on demand, except that the last A_p is reused as long as the permutations of the
 * groups it depends on are unchanged.
 */
final class CostMatrices {
    /** One (parameter, axis) member whose product depends on other groups' permutations. */
    private record Member(String param, int axis) {
    }

    private final PermutationSpec spec;
    private final List<StatePair> pairs;
    private final Backend b;
    private final DType dtype;
    /** scale[pair] per parameter: 1, or 1/(‖T‖·‖S‖) when normalized. */
    private final List<Map<String, Double>> scales = new ArrayList<>();
    private final Map<String, Tensor> constant = new LinkedHashMap<>();
    private final Map<String, List<Member>> variable = new LinkedHashMap<>();
    private final Map<String, Set<String>> dependsOn = new LinkedHashMap<>();
    private final Map<String, GroupCost> lastCost = new LinkedHashMap<>();
    private final Map<String, int[][]> lastDeps = new LinkedHashMap<>();
    /** Holds the read-back arrays of constant-only groups across calls, or null. */
    private final MatchCache cache;

    /**
     * @param cache running constant sums kept across calls on a growing pair list, or null; the
     *              caller marks new pairs absorbed ({@link MatchCache#absorb}) after construction
     */
    CostMatrices(PermutationSpec spec, List<StatePair> pairs, boolean normalized, Backend backend, MatchCache cache) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("weight matching needs at least one state pair");
        }
        this.spec = spec;
        this.pairs = List.copyOf(pairs);
        this.b = backend;
        this.cache = cache;
        this.dtype = checkPairs(spec, this.pairs);
        for (StatePair pair : this.pairs) {
            Map<String, Double> s = new LinkedHashMap<>();
            for (String w : spec.parameters()) {
                s.put(w, normalized ? normalizer(pair, w, backend) : 1.0);
            }
            scales.add(s);
        }
        Map<String, List<AxisRef>> constantMembers = new LinkedHashMap<>();
        for (PermutationGroup g : spec.groups()) {
            List<Member> vars = new ArrayList<>();
            List<AxisRef> consts = new ArrayList<>();
            Set<String> deps = new LinkedHashSet<>();
            for (AxisRef m : spec.members(g.name())) {
                List<PermutationGroup> axes = spec.axes(m.param());
                Set<String> others = new LinkedHashSet<>();
                for (int a = 0; a < axes.size(); a++) {
                    if (a != m.axis() && axes.get(a) != null) {
                        others.add(axes.get(a).name());
                    }
                }
                if (others.isEmpty()) {
                    consts.add(m);
                } else {
                    vars.add(new Member(m.param(), m.axis()));
                    deps.addAll(others);
                }
            }
            if (!consts.isEmpty()) {
                constantMembers.put(g.name(), consts);
            }
            variable.put(g.name(), vars);
            dependsOn.put(g.name(), deps);
        }
        int from = cache == null ? 0 : cache.prepare(spec, normalized, this.pairs);
        try {
            constantMembers.forEach((group, consts) -> constant.put(group, constantSum(group, consts, from, cache)));
        } catch (RuntimeException e) {
            if (cache != null) {
                cache.clear(); // a half-updated sum must not survive
            }
            throw e;
        }
    }

    /**
     * Σ over pairs {@code from..} (pair by pair, members in spec order within a pair) of the
     * constant members' products, added to the cached sum of the earlier pairs when there is one.
     */
    private Tensor constantSum(String group, List<AxisRef> consts, int from, MatchCache cache) {
        int n = spec.group(group).size();
        Tensor c = cache == null ? null : cache.constantSum(group);
        int start = from;
        if (c == null) {
            c = b.zeros(Shape.of(n, n), dtype);
            start = 0;
            if (cache != null) {
                cache.putConstantSum(group, c);
            }
        }
        for (int p = start; p < pairs.size(); p++) {
            StatePair pair = pairs.get(p);
            Map<String, Double> scale = scales.get(p);
            int q = 0;
            // a pair's scope: products of factor-only parameters a direct member needs (none when the
            // factors are used, as for the gradient pairs of transfers) go when the pair is summed
            try (Backend.Scope ignored = b.openScope()) {
                while (q < consts.size()) {
                    AxisRef m = consts.get(q++);
                    if (!factored(c, pair, m)) {
                        accumulate(c, pair.targetTensor(m.param(), b), pair.sourceTensor(m.param(), b), m.axis(),
                                scale.get(m.param()));
                        continue;
                    }
                    // the direct members that follow ride on the factored product's last GEMM (same order,
                    // same bits; on the CPU one pass over the n×n sum instead of one per member)
                    List<MatchCostTerm> after = new ArrayList<>();
                    while (q < consts.size() && !factored(c, pair, consts.get(q))) {
                        AxisRef d = consts.get(q++);
                        after.add(new MatchCostTerm(pair.targetTensor(d.param(), b), pair.sourceTensor(d.param(), b),
                                d.axis(), scale.get(d.param())));
                    }
                    accumulateFactored(c, pair.targetFactors().get(m.param()), pair.sourceFactors().get(m.param()),
                            m.axis(), scale.get(m.param()), after);
                }
            }
        }
        return c;
    }

    /**
     * Whether member {@code member}'s {@code acc += scale · T(axis) · S(axis)ᵀ} of {@code pair} goes through the factors {@code T = Lₜᵀ Rₜ},
     * {@code S = Lₛᵀ Rₛ}: both exist, the axis is 0 or 1, and it takes fewer multiply-adds than the
     * direct product.
     */
    private static boolean factored(Tensor acc, StatePair pair, AxisRef member) {
        RankFactors ft = pair.targetFactors().get(member.param());
        RankFactors fs = pair.sourceFactors().get(member.param());
        int axis = member.axis();
        if (ft == null || fs == null || axis > 1) {
            return false;
        }
        Tensor outerT = axis == 0 ? ft.left() : ft.right();   // (r, n)
        Tensor innerT = axis == 0 ? ft.right() : ft.left(); // (r, rest)
        return cheaperFactored(outerT.dim(1), innerT.dim(1), ft.rank(), fs.rank())
                && outerT.dtype() == acc.dtype() && innerT.dtype() == acc.dtype();
    }

    /**
     * Whether a member's product for a group of size {@code n} over {@code rest} other entries takes
     * fewer multiply-adds through factors of ranks {@code rt} and {@code rs} than directly.
     */
    static boolean cheaperFactored(long n, long rest, long rt, long rs) {
        return rt * rs * rest + rt * rs * n + n * n * rt < n * n * rest;
    }

    /**
     * {@code acc += scale · T(axis) · S(axis)ᵀ} through the factors ({@link #factored} must hold): axis 0
     * is {@code Lₜᵀ (Rₜ Rₛᵀ) Lₛ}, axis 1 is {@code Rₜᵀ (Lₜ Lₛᵀ) Rₛ}; then the direct terms {@code after}, in
     * order, as {@link #accumulate} would add them.
     */
    private void accumulateFactored(Tensor acc, RankFactors ft, RankFactors fs, int axis, double scale,
                                    List<MatchCostTerm> after) {
        Tensor outerT = axis == 0 ? ft.left() : ft.right();   // (r, n)
        Tensor innerT = axis == 0 ? ft.right() : ft.left(); // (r, rest)
        Tensor outerS = axis == 0 ? fs.left() : fs.right();
        Tensor innerS = axis == 0 ? fs.right() : fs.left();
        long n = outerT.dim(1);
        try (Backend.Scope ignored = b.openScope()) {
            Tensor m = b.zeros(Shape.of((int) ft.rank(), (int) fs.rank()), acc.dtype());
            b.gemm(m, innerT, innerS, false, true, 1.0, 0.0);
            Tensor k = b.zeros(Shape.of((int) ft.rank(), (int) n), acc.dtype());
            b.gemm(k, m, outerS, false, false, 1.0, 0.0);
            b.gemmThenMatchCosts(acc, outerT, k, true, false, scale, 1.0, after);
        }
    }

    /** Checks every pair holds every spec parameter with the spec's shape, all in one floating dtype. */
    private static DType checkPairs(PermutationSpec spec, List<StatePair> pairs) {
        DType dtype = null;
        for (int p = 0; p < pairs.size(); p++) {
            StatePair pair = pairs.get(p);
            pair.requireState(spec, "pair " + p);
            for (String w : spec.parameters()) {
                for (DType d : List.of(pair.targetDtype(w), pair.sourceDtype(w))) {
                    if (dtype == null) {
                        dtype = d;
                        if (!dtype.isFloating()) {
                            throw new IllegalArgumentException("weight matching needs floating tensors, got " + dtype
                                    + " for " + w);
                        }
                    } else if (d != dtype) {
                        throw new IllegalArgumentException("pair " + p + " parameter " + w + " is " + d
                                + " but the problem's tensors are " + dtype);
                    }
                }
            }
        }
        return dtype;
    }

    private static double normalizer(StatePair pair, String w, Backend b) {
        double prod = Math.sqrt(sumSquares(pair.target().get(w), pair.targetFactors().get(w), b))
                * Math.sqrt(sumSquares(pair.source().get(w), pair.sourceFactors().get(w), b));
        return prod > 1e-12 ? 1.0 / prod : 1.0;
    }

    /**
     * Σ t² (summed by the tensor's backend; only the scalar is read back from a device), through the
     * factors for a parameter held only as factors.
     */
    private static double sumSquares(Tensor t, RankFactors f, Backend b) {
        return t != null ? t.backend().dot(t, t) : f.sumSquares(b);
    }

    /** Scale of parameter {@code w} in pair {@code p}. */
    double scale(int p, String w) {
        return scales.get(p).get(w);
    }

    List<StatePair> pairs() {
        return pairs;
    }

    /** A_p for the current permutations, row-major n×n (callers must not modify it). */
    GroupCost cost(String group, Permutations current) {
        Set<String> deps = dependsOn.get(group);
        int[][] snapshot = new int[deps.size()][];
        int k = 0;
        for (String d : deps) {
            snapshot[k++] = current.perm(d);
        }
        GroupCost last = lastCost.get(group);
        if (last != null && Arrays.deepEquals(snapshot, lastDeps.get(group))) {
            return last;
        }
        return build(group, current, snapshot);
    }

    /** A_p for the current permutations, always built afresh (a new array). */
    GroupCost rebuild(String group, Permutations current) {
        return build(group, current, null);
    }

    /**
     * Builds A_p inside its own memory scope (its temporaries are released as soon as the n×n
     * matrix, the only download, has been read back).
     */
    private GroupCost build(String group, Permutations current, int[][] snapshot) {
        int n = spec.group(group).size();
        Tensor c = constant.get(group);
        if (c != null && variable.get(group).isEmpty()) { // the cached sum itself
            // read in place where the backend allows (c is neither changed nor released during this call),
            // else into the cache's array
            float[] buffer = cache == null || b.hostFloatView(c) != null ? null : cache.readBuffer(group, n * n);
            return remember(group, GroupCost.viewOf(c, group, buffer), snapshot);
        }
        try (Backend.Scope ignored = b.openScope()) {
            Tensor a = c == null ? b.zeros(Shape.of(n, n), dtype) : b.copy(c);
            for (Member m : variable.get(group)) {
                List<PermutationGroup> axes = spec.axes(m.param());
                for (int p = 0; p < pairs.size(); p++) {
                    StatePair pair = pairs.get(p);
                    Tensor sTilde = PermutationApplier.permute(pair.sourceTensor(m.param(), b), axes, current, m.axis(), b);
                    accumulate(a, pair.targetTensor(m.param(), b), sTilde, m.axis(), scales.get(p).get(m.param()));
                }
            }
            return remember(group, GroupCost.of(a, group), snapshot);
        }
    }

    private GroupCost remember(String group, GroupCost flat, int[][] snapshot) {
        if (snapshot != null) {
            lastCost.put(group, flat);
            lastDeps.put(group, snapshot);
        }
        return flat;
    }

    /** {@code acc += scale · T(axis) · S(axis)ᵀ}: one {@link Backend#addMatchCost} (one GEMM on the CPU, one launch on a GPU). */
    private void accumulate(Tensor acc, Tensor t, Tensor s, int axis, double scale) {
        b.addMatchCost(acc, t, s, axis, scale);
    }
}
