package dev.ltx.transfer.match;

import dev.ltx.engine.Tensor;
import dev.ltx.transfer.perm.PermutationSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * State that {@link WeightMatching#match(PermutationSpec, List, MatchOptions, dev.ltx.engine.Backend, MatchCache)}
 * keeps between calls on a growing list of pairs, as FGMT's cached gradient pairs are
 * (reference §3.3: at step t the problem holds the t − 1 pairs of the previous step plus one).
 *
 * <p>It holds, per group, the running sum of the contributions that do not depend on any other
 * group's permutation (every contribution of a single-group model such as the MNIST 2-MLP), so a
 * call adds only the new pairs' products ({@code A_t = A_{t−1} + contribution(pair t−1)}) instead
 * of rebuilding the sum from all t pairs; and the identity objective of every absorbed pair. The
 * sums are accumulated pair by pair in list order, the same order the uncached construction uses,
 * so the cost matrices are bit-for-bit those of an uncached call.
 *
 * <p>With {@link MatchOptions#warmStart()} it also carries each group's last column duals, from
 * which the next call's first solve of that group starts (FGMT: A_t is A_{t−1} plus one pair's
 * products, so its duals are close). That keeps every solve exact, but where A_t has several
 * optimal assignments the one picked may differ from an uncached call's; with warm starts off the
 * results are those of an uncached call bit for bit.
 *
 * <p>The cache is keyed by the identity of the pair objects: a call whose pair list does not start
 * with the pairs already absorbed (same objects, same order), or with another spec, option set
 * ({@code normalized}), discards the sums and starts over, so a cache can never make a
 * result wrong, only faster. GMT, which recomputes every pair each step, gains nothing from one.
 * Not thread-safe; one cache per transfer.
 */
public final class MatchCache {
    private PermutationSpec spec;
    private boolean normalized;
    private final List<StatePair> absorbed = new ArrayList<>();
    private final Map<String, Tensor> constantSums = new HashMap<>();
    private final List<Double> identityObjectives = new ArrayList<>();
    /** Column duals of each group's last solve (only a warm-start hint: they survive {@link #clear}). */
    private final Map<String, double[]> duals = new HashMap<>();
    /** Each group's host array for reading its cost matrix back (reused by every call; never copied). */
    private final Map<String, float[]> readBuffers = new HashMap<>();

    /** An empty cache. */
    public MatchCache() {
    }

    /**
     * An independent copy (the sums copied, the absorbed pairs and duals shared read-only), e.g. to
     * branch or to replay one step repeatedly in a benchmark.
     */
    public MatchCache copy() {
        MatchCache c = new MatchCache();
        c.spec = spec;
        c.normalized = normalized;
        c.absorbed.addAll(absorbed);
        c.identityObjectives.addAll(identityObjectives);
        constantSums.forEach((g, t) -> c.constantSums.put(g, t.backend().copy(t)));
        duals.forEach((g, v) -> c.duals.put(g, v.clone()));
        return c;
    }

    /** Pairs whose contributions the sums hold. */
    public int absorbedPairs() {
        return absorbed.size();
    }

    /**
     * How many leading pairs of {@code pairs} are already absorbed for this spec and setting; when
     * the cache does not match (another spec or setting, or the list does not extend the absorbed
     * pairs) it is cleared first and 0 is returned.
     */
    int prepare(PermutationSpec s, boolean norm, List<StatePair> pairs) {
        boolean prefix = s == spec && norm == normalized && pairs.size() >= absorbed.size();
        for (int p = 0; prefix && p < absorbed.size(); p++) {
            prefix = pairs.get(p) == absorbed.get(p);
        }
        if (!prefix) {
            clear();
            spec = s;
            normalized = norm;
        }
        return absorbed.size();
    }

    /**
     * The tensors the cache holds across calls (its running sums): a caller running each call in a
     * {@linkplain dev.ltx.engine.Backend#openScope() memory scope} keeps these.
     */
    public List<Tensor> tensors() {
        return List.copyOf(constantSums.values());
    }

    /** The running constant sum of {@code group}, or null. */
    Tensor constantSum(String group) {
        return constantSums.get(group);
    }

    void putConstantSum(String group, Tensor sum) {
        constantSums.put(group, sum);
    }

    /** Identity objective of absorbed pair {@code p}. */
    double identityObjective(int p) {
        return identityObjectives.get(p);
    }

    /** Records that {@code pair} is now included in every sum, with its identity objective. */
    void absorb(StatePair pair, double identityObjective) {
        absorbed.add(pair);
        identityObjectives.add(identityObjective);
    }

    /**
     * A host array of {@code length} floats for reading group {@code group}'s cost matrix back, the same
     * array at every call (FGMT reads a 64 MB matrix per step at n = 4096: one array instead of one per
     * step for the collector to reclaim). Its contents belong to the call that last filled it: a call's
     * {@link GroupCost}s never outlive it.
     */
    float[] readBuffer(String group, int length) {
        float[] b = readBuffers.get(group);
        if (b == null || b.length != length) {
            b = new float[length];
            readBuffers.put(group, b);
        }
        return b;
    }

    /** The last call's column duals per group (warm starts; never affect correctness). */
    Map<String, double[]> duals() {
        return duals;
    }

    void keepDuals(Map<String, double[]> last) {
        duals.putAll(last);
    }

    /** Forgets the sums and absorbed pairs (the warm-start duals are kept as hints). */
    public void clear() {
        for (Tensor t : constantSums.values()) {
            t.close();
        }
        constantSums.clear();
        absorbed.clear();
        identityObjectives.clear();
        spec = null;
    }
}
