package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * One source to several targets in one pass ({@link LearningTransfer#transferAll}) gives every
 * target exactly what its own transfer gives: the same permutation, accuracy and loss at every
 * step and the same parameters, bit for bit, for every method, on an MLP and on a ResNet with
 * batch norm (whose BN warm-up batches are shared too).
 */
class OneToManyTransferTest {
    private static final Backend B = Fixtures.backend();
    private static final TransferData DATA = Fixtures.data();
    private static final Supplier<Module> MODEL = Fixtures.mlp(B, 101);
    private static final SortedMap<Integer, Map<String, Tensor>> SOURCE = Fixtures.train(MODEL.get(), DATA, B, 3, 5);

    /** Target k: a run trained from the init of seed 200 + k (the Oracle needs the trained run). */
    private static List<LearningTransfer> targets(int k) {
        LearningTransfer first = null;
        List<LearningTransfer> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            SortedMap<Integer, Map<String, Tensor>> run = Fixtures.train(Fixtures.mlp(B, 200 + i).get(), DATA, B, 3,
                    7 + i);
            LearningTransfer lt = first == null
                    ? LearningTransfer.builder(B).model(MODEL).source(CheckpointStore.of(SOURCE))
                            .target(CheckpointStore.of(run)).data(DATA).build()
                    : first.withTargetInit(run.get(-1));
            if (first == null) first = lt;
            out.add(lt);
        }
        return out;
    }

    @Test
    void everyTargetGetsItsOwnTransferBitForBit() {
        List<LearningTransfer> targets = targets(3);
        for (Method m : List.of(Method.NAIVE, Method.GMT, Method.FGMT)) {
            TransferConfig c = TransferConfig.defaults(m, 4).withSplits(4);
            List<TransferResult> together = LearningTransfer.transferAll(targets, c);
            assertEquals(3, together.size());
            for (int k = 0; k < 3; k++) {
                assertSame(targets.get(k).transfer(c), together.get(k), m + " target " + k);
            }
            if (m != Method.NAIVE) {
                assertFalse(together.get(0).finalPermutations().equals(together.get(1).finalPermutations()),
                        m + ": different targets, different permutations");
            }
        }
    }

    @Test
    void theOracleUsesEachTargetsOwnRun() {
        List<LearningTransfer> one = targets(1);
        TransferConfig c = TransferConfig.defaults(Method.ORACLE, 2).withSplits(3);
        assertSame(one.get(0).transfer(c), LearningTransfer.transferAll(List.of(one.get(0), one.get(0)), c).get(1),
                "oracle");
        // a target known only by its init has no run to take the Oracle's displacement from
        List<LearningTransfer> two = targets(2);
        assertThrows(IllegalArgumentException.class, () -> LearningTransfer.transferAll(two, c));
    }

    @Test
    void batchNormModelsShareTheSourceSideToo() {
        Dataset train = SyntheticDataset.cifarLike(64, 1);
        Dataset val = SyntheticDataset.cifarLike(32, 2);
        TransferData data = new TransferData(train, val, null, Normalization.IMAGENET, Augmentation.identity(), 16, 32);
        Supplier<Module> model = () -> new ResNet18(LayerInit.seeded(B, DType.F32, 5), ResNetStem.CIFAR_32, 3, 32,
                0.125, 10);
        SortedMap<Integer, Map<String, Tensor>> source = Fixtures.train(model.get(), data, B, 1, 3);
        LearningTransfer a = LearningTransfer.builder(B).model(model).source(CheckpointStore.of(source))
                .targetInit(new ResNet18(LayerInit.seeded(B, DType.F32, 6), ResNetStem.CIFAR_32, 3, 32, 0.125, 10)
                        .stateDictCopy()).data(data).build();
        LearningTransfer b = a.withTargetInit(new ResNet18(LayerInit.seeded(B, DType.F32, 7), ResNetStem.CIFAR_32, 3,
                32, 0.125, 10).stateDictCopy());
        TransferConfig c = TransferConfig.defaults(Method.FGMT, 1).withSplits(2).withBatchNormBatches(2, 16);
        List<TransferResult> together = LearningTransfer.transferAll(List.of(a, b), c);
        assertSame(a.transfer(c), together.get(0), "resnet target 0");
        assertSame(b.transfer(c), together.get(1), "resnet target 1");
    }

    @Test
    void transfersOfDifferentSourcesCannotShareAPass() {
        LearningTransfer a = targets(1).get(0);
        LearningTransfer other = LearningTransfer.builder(B).model(MODEL).source(CheckpointStore.of(SOURCE))
                .targetInit(SOURCE.get(-1)).data(DATA).build();
        assertThrows(IllegalArgumentException.class, () -> LearningTransfer.transferAll(List.of(a, other),
                TransferConfig.defaults(Method.NAIVE, 1)));
    }

    private static void assertSame(TransferResult alone, TransferResult shared, String what) {
        assertEquals(alone.steps().size(), shared.steps().size(), what);
        for (int t = 0; t < alone.steps().size(); t++) {
            StepRecord x = alone.steps().get(t);
            StepRecord y = shared.steps().get(t);
            assertEquals(x.validationAccuracy(), y.validationAccuracy(), 0.0, what + " step " + x.step());
            assertEquals(x.validationLoss(), y.validationLoss(), 0.0, what + " step " + x.step());
            assertEquals(x.objective(), y.objective(), 0.0, what + " step " + x.step());
            assertEquals(x.sweeps(), y.sweeps(), what + " step " + x.step());
        }
        assertEquals(alone.bestStep(), shared.bestStep(), what);
        assertEquals(alone.finalPermutations(), shared.finalPermutations(), what);
        assertEquals(alone.bestPermutations(), shared.bestPermutations(), what);
        assertEquals(alone.gradientPairs(), shared.gradientPairs(), what);
        assertEquals(alone.matchings(), shared.matchings(), what);
        for (String n : alone.finalParameters().keySet()) {
            assertArrayEquals(alone.finalParameters().get(n).toFloats(), shared.finalParameters().get(n).toFloats(),
                    what + " " + n);
            assertArrayEquals(alone.bestParameters().get(n).toFloats(), shared.bestParameters().get(n).toFloats(),
                    what + " best " + n);
        }
    }
}
