package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void defaultsFollowThePaper() {
        TrainConfig c = TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST).build();
        assertEquals(128, c.batchSize());
        assertEquals(512, c.evalBatchSize());
        assertEquals(777, c.splitSeed());
        assertEquals(OptimizerKind.SGD, c.optimizer().kind());
        assertEquals(0.9, c.optimizer().momentum());
        assertEquals(AugmentationPipeline.NONE, c.augmentation());
        assertEquals(TrainConfig.allEpochs(10), c.checkpointEpochs());
        assertEquals(List.of(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9), c.savedEpochs());
        TrainConfig cifar = TrainConfig.builder(ModelKind.CONV8, DatasetKind.CIFAR10).build();
        assertEquals(AugmentationPipeline.CIFAR_OFFICIAL, cifar.augmentation());
    }

    @Test
    void modelIsFittedToTheDataset() {
        TrainConfig mlp = TrainConfig.builder(ModelKind.MLP, DatasetKind.FASHION_MNIST).build();
        assertEquals(28, mlp.model().imageSize(), "the MLP keeps 28x28");
        TrainConfig conv = TrainConfig.builder(ModelKind.CONV8, DatasetKind.MNIST).build();
        assertEquals(1, conv.model().inChannels());
        assertEquals(32, conv.model().imageSize(), "CNNs get MNIST padded to 32x32");
        TrainConfig split = TrainConfig.builder(ModelKind.CONV8, DatasetKind.CIFAR100).build();
        assertEquals(1, split.classSubset());
        assertEquals(10, split.model().numClasses());
        TrainConfig all = TrainConfig.builder(ModelKind.CONV8, DatasetKind.CIFAR100).classSubset(0).build();
        assertEquals(100, all.model().numClasses());
        assertEquals(3, all.model().inChannels());
    }

    @Test
    void checkpointsAreSortedDeduplicatedAndTheFinalEpochIsAlwaysSaved() {
        TrainConfig c = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC).epochs(5)
                .checkpointEpochs(List.of(3, -1, 3, 0)).build();
        assertEquals(List.of(-1, 0, 3), c.checkpointEpochs());
        assertEquals(List.of(-1, 0, 3, 4), c.savedEpochs());
    }

    @Test
    void invalidSettingsNameTheProblem() {
        TrainConfig.Builder b = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC).epochs(3);
        assertMessage("checkpoint epoch 3 is outside [-1, 2]", () -> b.checkpointEpochs(List.of(3)).build());
        assertMessage("checkpoint epoch -2", () -> b.checkpointEpochs(List.of(-2)).build());
        assertMessage("epochs must be >= 1", () -> TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                .epochs(0).checkpointEpochs(List.of()).build());
        assertMessage("past the cosine schedule", () -> TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                .epochs(5).schedule(LrSchedule.WarmupCosine.of(0.1, 3)).build());
        assertMessage("applies to cifar100 only", () -> TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST)
                .classSubset(2).build());
        assertMessage("split 1..5", () -> TrainConfig.builder(ModelKind.CONV8, DatasetKind.CIFAR100)
                .classSubset(6).build());
        assertMessage("batch sizes must be >= 1", () -> TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST)
                .batchSize(0).build());
        assertMessage("unknown dataset 'svhn'", () -> DatasetKind.parse("svhn"));
        assertMessage("unknown optimizer 'adam'", () -> OptimizerKind.parse("adam"));
        assertMessage("momentum", () -> OptimizerSettings.sgd(-0.5, 0));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void maxTrainExamplesTakesARandomSubsetOfTheTrainingSplitOnlyAndRoundTripsThroughJson() throws Exception {
        TrainConfig all = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC).build();
        TrainConfig few = all.toBuilder().maxTrainExamples(100).build();
        assertEquals(0, all.maxTrainExamples());
        TrainingData a = TrainingData.load(all);
        TrainingData f = TrainingData.load(few);
        assertEquals(100, f.train().size());
        assertEquals(a.validation().size(), f.validation().size());
        assertEquals(a.test().size(), f.test().size());
        for (int i = 0; i < 100; i++) {
            assertEquals(a.train().label(i), f.train().label(i));
            assertTrue(java.util.Arrays.equals(a.train().rawImage(i), f.train().rawImage(i)));
        }
        assertEquals(few, TrainConfigJson.fromJson(TrainConfigJson.toJson(few)));
        assertEquals(a.train().size(), TrainingData.load(all.toBuilder().maxTrainExamples(100_000).build()).train().size());
        assertThrows(IllegalArgumentException.class, () -> all.toBuilder().maxTrainExamples(-1).build());
    }

    @Test
    void maxEvalExamplesCutsValidationAndTestOnly() throws Exception {
        TrainConfig all = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC).build();
        TrainConfig few = all.toBuilder().maxEvalExamples(50).build();
        TrainingData a = TrainingData.load(all);
        TrainingData f = TrainingData.load(few);
        assertEquals(a.train().size(), f.train().size());
        assertEquals(50, f.validation().size());
        assertEquals(50, f.test().size());
        assertEquals(a.validation().label(49), f.validation().label(49));
        assertEquals(a.test().label(49), f.test().label(49));
        assertEquals(few, TrainConfigJson.fromJson(TrainConfigJson.toJson(few)));
        assertThrows(IllegalArgumentException.class, () -> all.toBuilder().maxEvalExamples(-1).build());
    }
}
