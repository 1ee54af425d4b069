package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.perm.TestModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Coordinate-descent weight matching: planted recovery, monotone objective, convergence, determinism. */
class WeightMatchingTest {
    private final Backend b = CpuBackend.create();

    private Module mlp(DType dtype, long seed) {
        return Models.build(ModelConfig.defaults(ModelKind.MLP).withInput(1, 6).withNumClasses(5)
                .withMlp(40, Activation.RELU, true), LayerInit.seeded(b, dtype, seed));
    }

    private Module conv8(DType dtype, long seed) {
        return Models.build(ModelConfig.defaults(ModelKind.CONV8).withInput(3, 8).withNumClasses(4)
                .withWidthFactor(1.0 / 8), LayerInit.seeded(b, dtype, seed));
    }

    private Module resnet(DType dtype, long seed) {
        return Models.build(ModelConfig.defaults(ModelKind.RESNET18_32).withInput(3, 8).withNumClasses(4)
                .withWidthFactor(1.0 / 8), LayerInit.seeded(b, dtype, seed));
    }

    /** Parameters only (matching never sees buffers). */
    private static Map<String, Tensor> params(Module m, PermutationSpec spec) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        spec.parameters().forEach(n -> out.put(n, m.stateDict().get(n)));
        return out;
    }

    private static double selfInner(Map<String, Tensor> state) {
        double s = 0;
        for (Tensor t : state.values()) {
            for (double v : t.toDoubles()) {
                s += v * v;
            }
        }
        return s;
    }

    private void assertPlantedRecovery(Module m, DType dtype, long seed) {
        PermutationSpec spec = PermutationSpec.of(m);
        Map<String, Tensor> target = params(m, spec);
        Permutations planted = TestModels.randomPerms(spec, new Rng(seed));
        Map<String, Tensor> source = PermutationApplier.apply(spec, planted, target, b);
        MatchResult r = WeightMatching.match(spec, List.of(new StatePair(target, source)), MatchOptions.defaults(seed), b);
        // source = σ(target), so σ⁻¹(source) = target: the matching must return σ⁻¹
        assertEquals(planted.inverse(), r.permutations(), m + " " + dtype);
        double best = selfInner(target);
        double tol = dtype == DType.F64 ? 1e-12 : 1e-6;
        assertEquals(best, r.objective(), tol * best, m + " " + dtype + ": objective is the maximal self inner product");
        Map<String, Tensor> aligned = PermutationApplier.apply(spec, r.permutations(), source, b);
        for (String n : target.keySet()) {
            assertEquals(List.of(target.get(n).toDoubles().length), List.of(aligned.get(n).toDoubles().length));
            assertTrue(java.util.Arrays.equals(target.get(n).toDoubles(), aligned.get(n).toDoubles()), n);
        }
    }

    @Test
    void recoversAPlantedPermutationExactly() {
        assertPlantedRecovery(mlp(DType.F64, 1), DType.F64, 10);
        assertPlantedRecovery(conv8(DType.F64, 2), DType.F64, 11);
        assertPlantedRecovery(resnet(DType.F64, 3), DType.F64, 12);
        assertPlantedRecovery(mlp(DType.F32, 4), DType.F32, 13);
        assertPlantedRecovery(conv8(DType.F32, 5), DType.F32, 14);
    }

    @Test
    void normalizedTermsPeakAtOnePerParameter() {
        Module m = conv8(DType.F64, 6);
        PermutationSpec spec = PermutationSpec.of(m);
        Map<String, Tensor> target = params(m, spec);
        Permutations planted = TestModels.randomPerms(spec, new Rng(7));
        Map<String, Tensor> source = PermutationApplier.apply(spec, planted, target, b);
        MatchResult r = WeightMatching.match(spec, List.of(new StatePair(target, source)),
                new MatchOptions(100, 1e-7, 3, true), b);
        assertEquals(planted.inverse(), r.permutations());
        // each normalized term is ⟨T, T⟩ / ‖T‖² = 1
        assertEquals(spec.parameters().size(), r.objective(), 1e-9);
    }

    @Test
    void objectiveNeverDecreasesAndMatchesTheReportedPermutations() {
        for (Module[] pair : new Module[][] {{conv8(DType.F64, 20), conv8(DType.F64, 21)},
                {resnet(DType.F64, 22), resnet(DType.F64, 23)}}) {
            PermutationSpec spec = PermutationSpec.of(pair[0]);
            List<StatePair> pairs = List.of(new StatePair(params(pair[0], spec), params(pair[1], spec)),
                    new StatePair(params(pair[1], spec), params(pair[0], spec)));
            MatchResult r = WeightMatching.match(spec, pairs, MatchOptions.defaults(4), b);
            double prev = WeightMatching.objective(spec, pairs, Permutations.identity(spec), b);
            for (int k = 1; k <= r.sweeps(); k++) {
                // the same seed stopped after k sweeps replays the first k sweeps: recompute J there
                MatchResult prefix = WeightMatching.match(spec, pairs, new MatchOptions(k, 1e-7, 4, false), b);
                double v = WeightMatching.objective(spec, pairs, prefix.permutations(), b);
                assertTrue(v >= prev - 1e-12 * Math.abs(prev), "objective fell from " + prev + " to " + v
                        + " in sweep " + k);
                assertEquals(v, r.objectivePerSweep().get(k - 1), 1e-9 * Math.abs(v), "tracked objective, sweep " + k);
                prev = v;
            }
            assertEquals(r.sweeps(), r.objectivePerSweep().size());
            assertTrue(r.sweeps() >= 2 && r.sweeps() < 100, "sweeps " + r.sweeps());
            assertEquals(WeightMatching.objective(spec, pairs, r.permutations(), b), r.objective(),
                    1e-12 * Math.abs(r.objective()));
            assertTrue(r.objective() > WeightMatching.objective(spec, pairs, Permutations.identity(spec), b));
            assertTrue(r.seconds() > 0);
        }
    }

    @Test
    void singleGroupMlpConvergesInExactlyTwoSweeps() {
        for (long seed = 0; seed < 3; seed++) {
            Module x = mlp(DType.F64, 30 + seed);
            Module y = mlp(DType.F64, 40 + seed);
            PermutationSpec spec = PermutationSpec.of(x);
            assertEquals(1, spec.groups().size());
            MatchResult r = WeightMatching.match(spec, List.of(new StatePair(params(x, spec), params(y, spec))),
                    MatchOptions.defaults(seed), b);
            assertEquals(2, r.sweeps());
            assertEquals(r.objectivePerSweep().get(0), r.objectivePerSweep().get(1));
        }
    }

    @Test
    void sameSeedGivesTheSameResultAndMaxSweepsIsHonoured() {
        Module x = conv8(DType.F32, 50);
        Module y = conv8(DType.F32, 51);
        PermutationSpec spec = PermutationSpec.of(x);
        List<StatePair> pairs = List.of(new StatePair(params(x, spec), params(y, spec)));
        MatchResult r1 = WeightMatching.match(spec, pairs, MatchOptions.defaults(9), b);
        MatchResult r2 = WeightMatching.match(spec, pairs, MatchOptions.defaults(9), b);
        assertEquals(r1.permutations(), r2.permutations());
        assertEquals(r1.sweeps(), r2.sweeps());
        assertEquals(r1.objectivePerSweep(), r2.objectivePerSweep());
        MatchResult one = WeightMatching.match(spec, pairs, new MatchOptions(1, 1e-7, 9, false), b);
        assertEquals(1, one.sweeps());
        assertFalse(one.permutations().isIdentity());
    }

    @Test
    void oneAndTwoThreadsGiveBitIdenticalResults() {
        MatchResult[] r = new MatchResult[2];
        for (int threads = 1; threads <= 2; threads++) {
            try (CpuBackend cpu = new CpuBackend(CpuBackend.Mode.FAST, threads)) {
                LayerInit ix = LayerInit.seeded(cpu, DType.F32, 60);
                LayerInit iy = LayerInit.seeded(cpu, DType.F32, 61);
                ModelConfig c = ModelConfig.defaults(ModelKind.CONV8).withInput(3, 8).withNumClasses(4).withWidthFactor(0.25);
                Module x = Models.build(c, ix);
                Module y = Models.build(c, iy);
                PermutationSpec spec = PermutationSpec.of(x);
                r[threads - 1] = WeightMatching.match(spec, List.of(new StatePair(params(x, spec), params(y, spec))),
                        MatchOptions.defaults(2), cpu);
            }
        }
        assertEquals(r[0].permutations(), r[1].permutations());
        assertEquals(r[0].objectivePerSweep(), r[1].objectivePerSweep());
        assertEquals(r[0].objective(), r[1].objective());
    }

    @Test
    void reusingUnchangedCostMatricesNeverChangesTheResult() {
        // the skip rule: a group whose dependencies did not change keeps its A_p and assignment
        List<Module[]> models = List.of(new Module[] {mlp(DType.F32, 70), mlp(DType.F32, 71)},
                new Module[] {conv8(DType.F32, 72), conv8(DType.F32, 73)},
                new Module[] {TestModels.mlpChain(LayerInit.seeded(b, DType.F64, 74), 30, 16, 12, 8, 4),
                        TestModels.mlpChain(LayerInit.seeded(b, DType.F64, 75), 30, 16, 12, 8, 4)});
        for (Module[] m : models) {
            PermutationSpec spec = PermutationSpec.of(m[0]);
            List<StatePair> pairs = List.of(new StatePair(params(m[0], spec), params(m[1], spec)));
            for (long seed = 0; seed < 4; seed++) {
                MatchOptions o = MatchOptions.defaults(seed).withWarmStart(false);
                MatchResult skip = WeightMatching.match(spec, pairs, o, b, null, true);
                MatchResult full = WeightMatching.match(spec, pairs, o, b, null, false);
                assertEquals(full.permutations(), skip.permutations(), m[0] + " seed " + seed);
                assertEquals(full.sweeps(), skip.sweeps());
                assertEquals(full.objectivePerSweep(), skip.objectivePerSweep());
                assertEquals(full.objective(), skip.objective(), 0.0);
            }
        }
    }

    @Test
    void warmStartedAssignmentsGiveTheColdResultsOnContinuousData() {
        for (Module[] m : List.of(new Module[] {conv8(DType.F32, 80), conv8(DType.F32, 81)},
                new Module[] {resnet(DType.F32, 82), resnet(DType.F32, 83)},
                new Module[] {TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 84), 30, 40, 24, 4),
                        TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 85), 30, 40, 24, 4)})) {
            PermutationSpec spec = PermutationSpec.of(m[0]);
            List<StatePair> pairs = List.of(new StatePair(params(m[0], spec), params(m[1], spec)));
            for (long seed = 0; seed < 3; seed++) {
                MatchResult cold = WeightMatching.match(spec, pairs, MatchOptions.defaults(seed).withWarmStart(false), b);
                MatchResult warm = WeightMatching.match(spec, pairs, MatchOptions.defaults(seed).withWarmStart(true), b);
                assertEquals(cold.permutations(), warm.permutations(), m[0] + " seed " + seed);
                assertEquals(cold.objectivePerSweep(), warm.objectivePerSweep());
            }
        }
    }

    @Test
    void malformedProblemsAreRejected() {
        Module x = mlp(DType.F64, 1);
        PermutationSpec spec = PermutationSpec.of(x);
        Map<String, Tensor> p = params(x, spec);
        MatchOptions o = MatchOptions.defaults(0);
        assertThrows(IllegalArgumentException.class, () -> WeightMatching.match(spec, List.of(), o, b));
        Map<String, Tensor> missing = new LinkedHashMap<>(p);
        missing.remove("linear2.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightMatching.match(spec, List.of(new StatePair(p, missing)), o, b));
        assertTrue(e.getMessage().contains("linear2.bias") && e.getMessage().contains("source"), e.getMessage());
        Map<String, Tensor> f32 = new LinkedHashMap<>();
        p.forEach((k, t) -> f32.put(k, b.cast(t, DType.F32)));
        e = assertThrows(IllegalArgumentException.class, () -> WeightMatching.match(spec, List.of(new StatePair(p, f32)), o, b));
        assertTrue(e.getMessage().contains("F32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MatchOptions(0, 1e-7, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new MatchOptions(5, -1, 0, false));
    }
}
