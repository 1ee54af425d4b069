package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.ltx.nn.data.TrainValSplit;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.Mlp;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RebasinInterpolationTest {
    @Test
    void aPlantedPermutationIsUndoneSoTheMatchedPathIsFlat() {
        try (Backend b = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            Supplier<Module> factory = () -> new Mlp(LayerInit.seeded(b, DType.F32, 5), 64, 24, 4, Activation.RELU, false);
            Module model = factory.get();
            Map<String, Tensor> a = model.stateDictCopy();
            PermutationSpec spec = PermutationSpec.of(model);
            int[] sigma = new int[24];
            for (int i = 0; i < sigma.length; i++) sigma[i] = i;
            new Rng(3).shuffle(sigma);
            Map<String, int[]> perms = new LinkedHashMap<>();
            perms.put(spec.groups().get(0).name(), sigma);
            Map<String, Tensor> bState = PermutationApplier.apply(spec, Permutations.of(spec, perms), a, b);
            Dataset full = SyntheticDataset.generate("tiny", 300, 4, 1, 8, 8, 11);
            TrainValSplit split = TrainValSplit.of(full, 0.3, 1);
            TransferData data = new TransferData(split.train(), split.validation(), null, Normalization.MNIST,
                    Augmentation.identity(), 32, 128);
            RebasinInterpolation.Result r = RebasinInterpolation.run(a, bState, factory, data,
                    new double[] {0, 0.5, 1}, 0, 0, b);
            assertEquals(1, spec.groups().size());
            int[] found = r.match().permutations().perm(spec.groups().get(0).name());
            int[] inverse = new int[24];
            for (int i = 0; i < 24; i++) inverse[sigma[i]] = i;
            assertTrue(java.util.Arrays.equals(found, inverse) || java.util.Arrays.equals(found, sigma),
                    java.util.Arrays.toString(found));
            List<RebasinInterpolation.Point> p = r.points();
            for (RebasinInterpolation.Point x : p) {
                assertEquals(p.get(0).naiveAccuracy(), x.matchedAccuracy(), 1e-9, x.toString());
                assertEquals(p.get(0).naiveLoss(), x.matchedLoss(), 1e-5, x.toString());
            }
            // λ = 1 is B on the naive path, a permuted copy of A: the same function.
            assertEquals(p.get(0).naiveAccuracy(), p.get(2).naiveAccuracy(), 1e-9);
            assertArrayEquals(new double[] {0, 0.5, 1}, p.stream().mapToDouble(RebasinInterpolation.Point::lambda).toArray());
        }
    }
}
