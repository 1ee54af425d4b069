package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.models.ResNet18;
import dev.ltx.nn.models.ResNetStem;
import dev.ltx.transfer.method.ModelState;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The batch-norm path (BN warm-up inside gradient pairs, re-estimation before evaluation) on a narrow ResNet-18. */
class BatchNormTransferTest {
    private static final Backend B = Fixtures.backend();

    @Test
    void gmtOnResNetWithEqualInitsReproducesTheSourceAndReestimatesStatistics() {
        Dataset train = SyntheticDataset.cifarLike(64, 1);
        Dataset val = SyntheticDataset.cifarLike(32, 2);
        TransferData data = new TransferData(train, val, null, Normalization.IMAGENET, Augmentation.identity(), 16, 32);
        Supplier<Module> model = () -> new ResNet18(LayerInit.seeded(B, DType.F32, 5), ResNetStem.CIFAR_32, 3, 32,
                0.125, 10);
        SortedMap<Integer, Map<String, Tensor>> source = Fixtures.train(model.get(), data, B, 1, 3);
        LearningTransfer lt = LearningTransfer.builder(B).model(model).source(CheckpointStore.of(source))
                .target(CheckpointStore.of(source)).data(data).build();
        TransferConfig c = TransferConfig.defaults(Method.GMT, 1).withSplits(2).withBatchNormBatches(2, 16);
        TransferResult r = lt.transfer(c);
        assertEquals(3, r.gradientPairs());
        assertTrue(r.finalPermutations().isIdentity(), r.finalPermutations().toString());
        Map<String, Tensor> sourceFinal = ParameterMaps.select(source.get(0), ModelState.parameterNames(model.get()));
        assertEquals(0.0, ParameterMaps.maxAbsDifference(sourceFinal, r.finalParameters()), 1e-6);
        // no buffer is ever part of the transferred parameters
        assertTrue(r.finalParameters().keySet().stream().noneMatch(n -> n.contains("running")));
        for (StepRecord s : r.steps()) {
            assertTrue(Double.isFinite(s.validationLoss()), s.toString());
        }
    }
}
