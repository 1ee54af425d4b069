package dev.ltx.transfer.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.Mlp;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.StepRecord;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.perm.TestModels;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * FGMT with the matching cache kept across steps reproduces the uncached FGMT trajectory: the same
 * permutation at every step (same objective, sweeps, transferred parameters hence validation loss
 * and accuracy, bit for bit), on a single-group 2-MLP and on an MLP with two hidden groups, with
 * warm starts off. With the default warm starts a run is deterministic and its first matching
 * reaches the cold objective.
 */
class FgmtMatchCacheTest {
    private final Backend b = new CpuBackend(CpuBackend.Mode.FAST, 1);

    private static TransferData data() {
        Dataset train = SyntheticDataset.generate("tiny", 400, 4, 1, 8, 8, 11);
        Dataset val = SyntheticDataset.generate("tiny-val", 120, 4, 1, 8, 8, 12);
        return new TransferData(train, val, val, Normalization.MNIST, Augmentation.identity(), 32, 256);
    }

    /** θ¹: the factory's init (seed 1) moved by a random displacement; θ²_0: seed 2. */
    private void assertCachedEqualsUncached(Supplier<Module> factory1, Supplier<Module> factory2, long seed) {
        Map<String, Tensor> init = ModelState.parameters(factory1.get());
        Rng rng = new Rng(seed);
        Map<String, Tensor> step = new LinkedHashMap<>();
        init.forEach((n, t) -> step.put(n, b.scale(TestModels.randomLike(t, rng), 0.5)));
        Map<String, Tensor> end = ParameterMaps.add(init, step);
        SortedMap<Integer, Map<String, Tensor>> checkpoints = new TreeMap<>(Map.of(-1, init, 0, end));
        List<String> names = List.copyOf(init.keySet());
        Trajectory source = Trajectory.linear(checkpoints, names, 5, AlphaSchedule.COSINE);
        Map<String, Tensor> targetInit = ModelState.parameters(factory2.get());
        TransferConfig config = TransferConfig.defaults(Method.FGMT, seed).withSplits(5);
        TransferResult plain = new TransferRunner(factory1, source, targetInit, null, data(), b, null)
                .cacheMatching(false).warmStart(false).run(config);
        TransferResult cached = new TransferRunner(factory1, source, targetInit, null, data(), b, null)
                .warmStart(false).run(config);
        assertSameTrajectory(plain, cached, names, "seed " + seed);
        // the default, warm starts carried across steps: exact and deterministic, but on tied optima
        // (dead units) it may pick other optimal permutations, so only step 1 (no duals yet) and
        // the matching objective of a single-group step 1 are comparable
        TransferResult warm = new TransferRunner(factory1, source, targetInit, null, data(), b, null).run(config);
        TransferResult again = new TransferRunner(factory1, source, targetInit, null, data(), b, null).run(config);
        assertSameTrajectory(warm, again, names, "warm twice, seed " + seed);
        assertEquals(plain.steps().get(0).objective(), warm.steps().get(0).objective(), 1e-5
                * Math.abs(plain.steps().get(0).objective()), "warm step 1 objective (tracked with a cache)");
    }

    private static void assertSameTrajectory(TransferResult plain, TransferResult cached, List<String> names,
                                             String label) {
        assertEquals(plain.steps().size(), cached.steps().size());
        for (int t = 0; t < plain.steps().size(); t++) {
            StepRecord p = plain.steps().get(t);
            StepRecord c = cached.steps().get(t);
            String what = label + " step " + p.step();
            // cached matching reports the tracked objective (float cost-matrix rounding)
            assertEquals(p.objective(), c.objective(), 1e-5 * Math.abs(p.objective()), what + ": matching objective");
            assertEquals(p.sweeps(), c.sweeps(), what + ": sweeps");
            assertEquals(p.validationLoss(), c.validationLoss(), 0.0, what + ": loss at the transferred point");
            assertEquals(p.validationAccuracy(), c.validationAccuracy(), 0.0, what + ": accuracy");
        }
        assertEquals(plain.finalPermutations(), cached.finalPermutations());
        assertEquals(plain.bestPermutations(), cached.bestPermutations());
        for (String n : names) {
            assertArrayEquals(plain.finalParameters().get(n).toFloats(), cached.finalParameters().get(n).toFloats(), n);
        }
    }

    @Test
    void singleGroupMlp() {
        for (long seed = 1; seed <= 3; seed++) {
            assertCachedEqualsUncached(
                    () -> new Mlp(LayerInit.seeded(b, DType.F32, 1), 64, 24, 4, Activation.RELU, false),
                    () -> new Mlp(LayerInit.seeded(b, DType.F32, 2), 64, 24, 4, Activation.RELU, false), seed);
        }
    }

    @Test
    void mlpWithTwoHiddenGroups() {
        for (long seed = 1; seed <= 2; seed++) {
            assertCachedEqualsUncached(() -> TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 1), 64, 20, 12, 4),
                    () -> TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 2), 64, 20, 12, 4), seed);
        }
    }
}
