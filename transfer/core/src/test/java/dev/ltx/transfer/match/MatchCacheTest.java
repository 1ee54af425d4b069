package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.TestModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A {@link MatchCache} carried across calls on a growing pair list (FGMT's use) gives exactly the
 * uncached results: the same permutations, sweeps and per-sweep objectives bit for bit (the final
 * objective is the tracked one, equal up to the cost matrices' rounding), on single-group and
 * multi-group specs (2-MLP, MLP with two hidden groups, Conv8), F32 and F64, many seeds; and it
 * starts over instead of going wrong when the list is not an extension of what it absorbed. With
 * warm starts (duals carried across calls) the optima are those of cold solves.
 */
class MatchCacheTest {
    private final Backend b = CpuBackend.create();

    private Module model(String kind, DType dtype, long seed) {
        LayerInit init = LayerInit.seeded(b, dtype, seed);
        return switch (kind) {
            case "mlp" -> Models.build(ModelConfig.defaults(ModelKind.MLP).withInput(1, 6).withNumClasses(5)
                    .withMlp(24, Activation.RELU, false), init);
            case "mlp2" -> TestModels.mlpChain(init, 36, 20, 12, 5);
            case "conv8" -> Models.build(ModelConfig.defaults(ModelKind.CONV8).withInput(3, 8).withNumClasses(4)
                    .withWidthFactor(1.0 / 8), init);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** A pair of random "gradients" shaped like {@code m}'s parameters. */
    private static StatePair randomPair(Module m, PermutationSpec spec, Rng rng) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (String w : spec.parameters()) {
            Tensor like = m.stateDict().get(w);
            t.put(w, TestModels.randomLike(like, rng));
            s.put(w, TestModels.randomLike(like, rng));
        }
        return new StatePair(t, s);
    }

    private static void assertSame(MatchResult expected, MatchResult actual, String what) {
        assertEquals(expected.permutations(), actual.permutations(), what + ": permutations");
        assertEquals(expected.sweeps(), actual.sweeps(), what + ": sweeps");
        assertEquals(expected.objectivePerSweep(), actual.objectivePerSweep(), what + ": objective per sweep");
        // with a cache the final objective is the tracked one: the recomputed value up to the rounding
        // of the (float or double) cost-matrix sums
        assertEquals(expected.objective(), actual.objective(), 1e-5 * Math.abs(expected.objective()),
                what + ": objective");
    }

    @Test
    void growingPairListsGiveTheUncachedResultsExactly() {
        for (String kind : List.of("mlp", "mlp2", "conv8")) {
            for (DType dtype : List.of(DType.F32, DType.F64)) {
                for (long seed = 0; seed < (kind.equals("conv8") ? 3 : 6); seed++) {
                    Module m = model(kind, dtype, 100 + seed);
                    PermutationSpec spec = PermutationSpec.of(m);
                    Rng rng = new Rng(seed);
                    MatchCache cache = new MatchCache();
                    List<StatePair> pairs = new ArrayList<>();
                    for (int step = 1; step <= 4; step++) {
                        pairs.add(randomPair(m, spec, rng));
                        MatchOptions o = MatchOptions.defaults(rng.nextLong()).withWarmStart(false);
                        String what = kind + " " + dtype + " seed " + seed + " step " + step;
                        MatchResult plain = WeightMatching.match(spec, pairs, o, b);
                        MatchResult cached = WeightMatching.match(spec, pairs, o, b, cache);
                        assertSame(plain, cached, what);
                        assertEquals(step, cache.absorbedPairs(), what);
                    }
                }
            }
        }
    }

    @Test
    void warmStartsCarriedByTheCacheReachTheSameOptimaOnContinuousData() {
        // random continuous costs: every LAP has a unique optimum, so warm and cold solves agree
        for (String kind : List.of("mlp", "mlp2")) {
            for (long seed = 0; seed < 4; seed++) {
                Module m = model(kind, DType.F32, 200 + seed);
                PermutationSpec spec = PermutationSpec.of(m);
                Rng rng = new Rng(seed);
                MatchCache cache = new MatchCache();
                List<StatePair> pairs = new ArrayList<>();
                for (int step = 1; step <= 4; step++) {
                    pairs.add(randomPair(m, spec, rng));
                    MatchOptions o = MatchOptions.defaults(rng.nextLong()).withWarmStart(true);
                    String what = kind + " seed " + seed + " step " + step;
                    MatchResult cold = WeightMatching.match(spec, pairs, o.withWarmStart(false), b);
                    MatchResult warm = WeightMatching.match(spec, pairs, o, b, cache);
                    assertEquals(cold.permutations(), warm.permutations(), what);
                    assertEquals(cold.sweeps(), warm.sweeps(), what);
                    assertEquals(cold.objectivePerSweep(), warm.objectivePerSweep(), what);
                    assertEquals(cold.objective(), warm.objective(), 1e-5 * Math.abs(cold.objective()), what);
                }
            }
        }
    }

    @Test
    void eachGroupKeepsOneReadBackArrayPerSize() {
        MatchCache cache = new MatchCache();
        float[] a = cache.readBuffer("fc1", 16);
        org.junit.jupiter.api.Assertions.assertSame(a, cache.readBuffer("fc1", 16), "reused across calls");
        assertNotEquals(System.identityHashCode(a), System.identityHashCode(cache.readBuffer("fc2", 16)),
                "one array per group");
        float[] bigger = cache.readBuffer("fc1", 25);
        assertEquals(25, bigger.length);
        cache.clear();
        org.junit.jupiter.api.Assertions.assertSame(bigger, cache.readBuffer("fc1", 25), "kept through clear");
        assertEquals(0, new MatchCache().absorbedPairs());
    }

    @Test
    void normalizedTermsAreCachedExactlyToo() {
        Module m = model("mlp2", DType.F64, 7);
        PermutationSpec spec = PermutationSpec.of(m);
        Rng rng = new Rng(7);
        MatchCache cache = new MatchCache();
        List<StatePair> pairs = new ArrayList<>();
        for (int step = 1; step <= 3; step++) {
            pairs.add(randomPair(m, spec, rng));
            MatchOptions o = new MatchOptions(100, 1e-7, step, true, false);
            assertSame(WeightMatching.match(spec, pairs, o, b), WeightMatching.match(spec, pairs, o, b, cache),
                    "normalized step " + step);
        }
    }

    @Test
    void aListThatDoesNotExtendTheAbsorbedPairsStartsOver() {
        Module m = model("mlp2", DType.F32, 3);
        PermutationSpec spec = PermutationSpec.of(m);
        Rng rng = new Rng(3);
        StatePair p0 = randomPair(m, spec, rng);
        StatePair p1 = randomPair(m, spec, rng);
        StatePair p2 = randomPair(m, spec, rng);
        MatchCache cache = new MatchCache();
        MatchOptions o = MatchOptions.defaults(5).withWarmStart(false);
        WeightMatching.match(spec, List.of(p0, p1), o, b, cache);
        assertEquals(2, cache.absorbedPairs());
        // GMT-like: fresh pairs each step; a stale sum would add p0 and p1 to this problem
        List<StatePair> fresh = List.of(p2, p1);
        assertSame(WeightMatching.match(spec, fresh, o, b), WeightMatching.match(spec, fresh, o, b, cache), "replaced");
        assertEquals(2, cache.absorbedPairs());
        List<StatePair> shorter = List.of(p2);
        assertSame(WeightMatching.match(spec, shorter, o, b), WeightMatching.match(spec, shorter, o, b, cache),
                "shorter");
        assertEquals(1, cache.absorbedPairs());
        // another spec (the same architecture, derived again) is another problem
        PermutationSpec again = PermutationSpec.of(m);
        assertSame(WeightMatching.match(again, List.of(p2, p0), o, b),
                WeightMatching.match(again, List.of(p2, p0), o, b, cache), "new spec");
        // the unnormalized sums are not reused for a normalized problem
        MatchOptions norm = new MatchOptions(100, 1e-7, 5, true, false);
        MatchResult n1 = WeightMatching.match(again, List.of(p2, p0), norm, b);
        MatchResult n2 = WeightMatching.match(again, List.of(p2, p0), norm, b, cache);
        assertSame(n1, n2, "normalized after unnormalized");
        assertNotEquals(n1.objective(), WeightMatching.match(again, List.of(p2, p0), o, b).objective());
    }

    @Test
    void aRejectedProblemLeavesTheCacheUsable() {
        Module m = model("mlp", DType.F32, 4);
        PermutationSpec spec = PermutationSpec.of(m);
        Rng rng = new Rng(4);
        StatePair p0 = randomPair(m, spec, rng);
        MatchCache cache = new MatchCache();
        MatchOptions o = MatchOptions.defaults(1).withWarmStart(false);
        WeightMatching.match(spec, List.of(p0), o, b, cache);
        Map<String, Tensor> wrong = new LinkedHashMap<>(p0.source());
        String name = wrong.keySet().iterator().next();
        wrong.put(name, b.cast(wrong.get(name), DType.F64));
        StatePair bad = new StatePair(p0.target(), wrong);
        assertThrows(IllegalArgumentException.class, () -> WeightMatching.match(spec, List.of(p0, bad), o, b, cache));
        StatePair p1 = randomPair(m, spec, rng);
        assertSame(WeightMatching.match(spec, List.of(p0, p1), o, b),
                WeightMatching.match(spec, List.of(p0, p1), o, b, cache), "after a rejected call");
    }
}
