package dev.ltx.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainConfigJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run folder's config.json read back through {@code ltx train --config}. */
class RunConfigOptionsTest {
    @TempDir
    Path tmp;

    private Path write(TrainConfig c) throws IOException {
        Path file = tmp.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, TrainConfigJson.toJson(c).toPrettyString());
        return file;
    }

    /** The run config as JSON, without the model input fields that the dataset decides at training time. */
    private static ObjectNode comparable(TrainConfig c) {
        ObjectNode o = TrainConfigJson.toJson(c);
        ObjectNode model = (ObjectNode) o.get("model");
        model.remove(List.of("inChannels", "imageSize", "numClasses"));
        return o;
    }

    private static void assertRoundTrip(TrainConfig c, Path file) {
        TrainConfig back = TrainCommandTest.parse("train", "--config", file.toString(), "--out", "x");
        assertEquals(comparable(c), comparable(back));
    }

    @Test
    void everySettingOfARunConfigComesBack() throws IOException {
        TrainConfig conv8 = TrainConfig.builder(ModelKind.CONV8, DatasetKind.FASHION_MNIST)
                .model(ModelConfig.defaults(ModelKind.CONV8).withWidthFactor(0.5))
                .epochs(3).batchSize(32).evalBatchSize(256).splitSeed(9).seed(12)
                .optimizer(new OptimizerSettings(dev.ltx.nn.train.OptimizerKind.SGD, 0.8, 1e-4, true, 0.9, 0.999, 1e-8))
                .schedule(new LrSchedule.WarmupCosine(0.05, 1, 3))
                .checkpointEpochs(List.of(-1, 0, 2)).threads(1).logEvery(7).maxTrainExamples(27_000).maxEvalExamples(2_000)
                .dataDir(tmp).augmentation(AugmentationPipeline.CIFAR_CROP_FLIP)
                .build();
        assertRoundTrip(conv8, write(conv8));

        TrainConfig mlp = TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST)
                .model(ModelConfig.defaults(ModelKind.MLP).withMlp(64, Activation.NONE, true))
                .optimizer(OptimizerSettings.adamw(0.01)).schedule(new LrSchedule.Constant(3e-4))
                .checkpointEpochs(List.of()).build();
        assertRoundTrip(mlp, write(mlp));

        Path checkpoint = Files.writeString(tmp.resolve("pre.safetensors"), "x");
        TrainConfig pre = mlp.toBuilder().seed(777)
                .pretrained(new dev.ltx.nn.train.PretrainedStart(checkpoint, 5)).build();
        assertRoundTrip(pre, write(pre));
    }

    @Test
    void theCommandLineStillWins() throws IOException {
        TrainConfig c = TrainConfig.builder(ModelKind.CONV8, DatasetKind.FASHION_MNIST).epochs(3).seed(1).build();
        Path file = write(c);
        TrainConfig changed = TrainCommandTest.parse("train", "--config", file.toString(), "--seed", "2",
                "--batch-size", "16", "--out", "x");
        assertEquals(2, changed.seed());
        assertEquals(16, changed.batchSize());
        assertEquals(c.epochs(), changed.epochs());
    }

    @Test
    void aBrokenRunConfigNamesTheFileAndField() throws IOException {
        TrainConfig c = TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST).build();
        ObjectNode o = TrainConfigJson.toJson(c);
        o.remove("batchSize");
        Path file = tmp.resolve("broken-run.json");
        Files.writeString(file, o.toPrettyString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainCommandTest.parse("train", "--config", file.toString(), "--out", "x"));
        assertTrue(e.getMessage().contains("broken-run.json") && e.getMessage().contains("batchSize"), e.getMessage());
        TrainCommandTest.Outcome cli = TrainCommandTest.ltx("train", "--config", file.toString(), "--out", "x");
        assertEquals(Main.EXIT_USAGE, cli.code(), cli.toString());
        assertTrue(cli.err().contains("batchSize"), cli.err());
    }
}
