package dev.ltx.transfer.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.ltx.transfer.perm.TestModels;
import java.util.Map;
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
