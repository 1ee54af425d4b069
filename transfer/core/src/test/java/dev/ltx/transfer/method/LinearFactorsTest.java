package dev.ltx.transfer.method;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.layers.Linear;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.match.RankFactors;
import dev.ltx.transfer.match.StatePair;
import dev.ltx.transfer.match.WeightMatching;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.TestModels;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The gradient pairs' linear-layer factors reproduce the weight gradients they stand for
 * ({@code leftᵀ · right = ∇W} up to float rounding), with one and with several gradient batches, on both
 * sides, and the layers stop recording afterwards.
 */
class LinearFactorsTest {
    private final Backend b = new CpuBackend(CpuBackend.Mode.FAST, 1);

    @Test
    void factorsMultiplyBackToTheWeightGradients() {
        Dataset train = SyntheticDataset.generate("tiny", 200, 4, 1, 8, 8, 21);
        TransferData data = new TransferData(train, train, train, Normalization.MNIST, Augmentation.identity(), 16, 64);
        for (int gm : new int[] {1, 3}) {
            Module target = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 1), 64, 20, 12, 4);
            Module source = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 2), 64, 20, 12, 4);
            GradientPairs pairs = new GradientPairs(target, source, new BatchSampler(data, b), gm, 0, 128);
            StatePair pair = pairs.compute(ModelState.parameters(target), ModelState.parameters(source), new Rng(5));
            assertFactors(pair.target(), pair.targetFactors(), gm);
            assertFactors(pair.source(), pair.sourceFactors(), gm);
            for (Linear l : target.modules(Linear.class)) {
                l.recordFactors((x, g) -> {
                    throw new AssertionError("still recording");
                });
                l.recordFactors(null);
            }
        }
    }

    /**
     * Both sides of a pair see the same batches (drawn once per pair): at the same point the two
     * gradients and factors are bit for bit equal, with augmentation (random crops) and several batches.
     */
    @Test
    void bothSidesSeeTheSameBatches() {
        Dataset train = SyntheticDataset.generate("tiny", 200, 4, 1, 8, 8, 23);
        TransferData data = new TransferData(train, train, train, Normalization.MNIST, new dev.ltx.nn.data.RandomCrop(8, 2), 16, 64);
        Module target = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 7), 64, 20, 4);
        Module source = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 8), 64, 20, 4);
        Map<String, Tensor> point = ModelState.parameters(target);
        for (int gm : new int[] {1, 3}) {
            StatePair same = new GradientPairs(target, source, new BatchSampler(data, b), gm, 0, 128)
                    .compute(point, point, new Rng(9));
            same.target().forEach((w, g) -> assertArrayEquals(g.toDoubles(), same.source().get(w).toDoubles(), w));
            same.targetFactors().forEach((w, f) -> {
                assertArrayEquals(f.left().toDoubles(), same.sourceFactors().get(w).left().toDoubles(), w + " left");
                assertArrayEquals(f.right().toDoubles(), same.sourceFactors().get(w).right().toDoubles(), w + " right");
            });
        }
    }

    /**
     * Weights named factors-only get no gradient tensor (each side holds them as factors only), their
     * factors and every other gradient are bit for bit those of the plain computation; and
     * {@link WeightMatching#factorsSuffice} names exactly the wide first layer of a 2-MLP.
     */
    @Test
    void factorsOnlyWeightsSkipTheirGradientTensorAndChangeNothingElse() {
        Dataset train = SyntheticDataset.generate("tiny", 200, 4, 1, 8, 8, 22);
        TransferData data = new TransferData(train, train, train, Normalization.MNIST, Augmentation.identity(), 16, 64);
        Module target = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 3), 64, 200, 4);
        Module source = TestModels.mlpChain(LayerInit.seeded(b, DType.F32, 4), 64, 200, 4);
        Set<String> only = WeightMatching.factorsSuffice(PermutationSpec.of(target), 16);
        assertEquals(1, only.size(), "the first layer (200x64, rank 16), not the 4x200 last one: " + only);
        String first = only.iterator().next();
        for (int gm : new int[] {1, 2}) {
            StatePair plain = new GradientPairs(target, source, new BatchSampler(data, b), gm, 0, 128)
                    .compute(ModelState.parameters(target), ModelState.parameters(source), new Rng(6));
            StatePair lean = new GradientPairs(target, source, new BatchSampler(data, b), gm, 0, 128, only)
                    .compute(ModelState.parameters(target), ModelState.parameters(source), new Rng(6));
            assertFalse(lean.target().containsKey(first), "no tensor for " + first);
            assertFalse(lean.source().containsKey(first), "no tensor for " + first);
            assertEquals(plain.target().size() - 1, lean.target().size());
            lean.target().forEach((w, g) -> assertArrayEquals(plain.target().get(w).toDoubles(), g.toDoubles(), w));
            lean.source().forEach((w, g) -> assertArrayEquals(plain.source().get(w).toDoubles(), g.toDoubles(), w));
            for (String w : plain.targetFactors().keySet()) {
                assertArrayEquals(plain.targetFactors().get(w).left().toDoubles(),
                        lean.targetFactors().get(w).left().toDoubles(), w + " left, " + gm + " batches");
                assertArrayEquals(plain.sourceFactors().get(w).right().toDoubles(),
                        lean.sourceFactors().get(w).right().toDoubles(), w + " right, " + gm + " batches");
            }
            lean.requireState(PermutationSpec.of(target), "lean pair");
        }
    }

    private void assertFactors(Map<String, Tensor> grads, Map<String, RankFactors> factors, int gm) {
        assertEquals(3, factors.size(), "one factorization per linear weight: " + factors.keySet());
        factors.forEach((name, f) -> {
            Tensor g = grads.get(name);
            assertEquals(16 * gm, f.rank(), name + ": rank = batch × gradient batches");
            Tensor product = b.zeros(Shape.of(g.dim(0), g.dim(1)), DType.F32);
            b.gemm(product, f.left(), f.right(), true, false, 1.0, 0.0);
            double[] want = g.toDoubles();
            double[] got = product.toDoubles();
            double scale = 0;
            for (double w : want) {
                scale = Math.max(scale, Math.abs(w));
            }
            assertTrue(scale > 0, name + " has a gradient");
            for (int k = 0; k < want.length; k++) {
                assertEquals(want[k], got[k], 1e-5 * scale, name + " entry " + k + " with " + gm + " batches");
            }
        });
    }
}
