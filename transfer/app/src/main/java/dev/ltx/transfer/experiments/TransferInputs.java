package dev.ltx.transfer.experiments;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.train.RunFolder;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.transfer.CheckpointStore;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.TransferData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a {@link LearningTransfer} from files, as {@link LearningTransfer#fromRuns} does, with a
 * progress stream and an optional separate target run for the Oracle: the model, datasets,
 * normalization and augmentation come from the source run's config.
 */
public final class TransferInputs {
    private TransferInputs() {
    }

    /**
     * @param sourceRun  the source run folder (needs checkpoint −1 and the trajectory's epochs)
     * @param targetInit a run folder (its epoch −1 is θ²_0) or a safetensors checkpoint of θ²_0
     * @param targetRun  the trained target run for the Oracle, or null (then a run folder given as
     *                   {@code targetInit} serves)
     * @param log        per-step progress lines, or null
     */
    public static LearningTransfer open(Path sourceRun, Path targetInit, Path targetRun, Backend backend, PrintStream log)
            throws IOException {
        RunFolder run = RunFolder.open(sourceRun);
        TrainConfig c = run.config();
        TrainingData d = TrainingData.load(c);
        return open(run, d, targetInit, targetRun, backend, log);
    }

    /** As {@link #open(Path, Path, Path, Backend, PrintStream)} with the source run's data already loaded. */
    public static LearningTransfer open(RunFolder source, TrainingData d, Path targetInit, Path targetRun,
                                        Backend backend, PrintStream log) throws IOException {
        TrainConfig c = source.config();
        LearningTransfer.Builder b = LearningTransfer.builder(backend)
                .model(() -> Models.build(c.model(), LayerInit.seeded(backend, DType.F32, c.seed())))
                .source(CheckpointStore.of(source, backend))
                .data(new TransferData(d.train(), d.validation(), d.test(), d.normalization(), d.augmentation(),
                        c.batchSize(), c.evalBatchSize()))
                .log(log);
        if (Files.isDirectory(targetInit)) {
            b.target(CheckpointStore.of(RunFolder.open(targetInit), backend));
        } else {
            b.targetInit(SafetensorsReader.readFinite(targetInit, backend));
        }
        if (targetRun != null) {
            b.target(CheckpointStore.of(RunFolder.open(targetRun), backend));
            if (Files.isDirectory(targetInit)) {
                b.targetInit(RunFolder.open(targetInit).loadCheckpoint(-1, backend));
            }
        }
        return b.build();
    }
}
