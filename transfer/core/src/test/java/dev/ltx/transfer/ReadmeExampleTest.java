package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.Trainer;
import dev.ltx.transfer.trajectory.ParameterMaps;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's usage example, verbatim between the markers, on the synthetic dataset. */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void readmeExampleRuns() throws IOException {
        PrintStream log = new PrintStream(OutputStream.nullOutputStream());
        // --- README example start
        Backend backend = CpuBackend.create();
        for (long seed : new long[] {101, 102}) {           // a source and a target run (epochs -1..1 saved)
            TrainConfig c = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                    .model(ModelConfig.defaults(ModelKind.MLP).withMlp(32, Activation.RELU, false))
                    .epochs(2).batchSize(32).seed(seed).build();
            new Trainer(c, backend, log).run(dir.resolve("run-" + seed));
        }
        LearningTransfer lt = LearningTransfer.fromRuns(dir.resolve("run-101"), dir.resolve("run-102"), backend);
        TransferConfig config = TransferConfig.defaults(Method.FGMT, 7).withSplits(5);   // T = 5, cosine α
        TransferResult r = lt.transfer(config);
        FineTuneResult ft = lt.fineTune(r, FineTuneConfig.mnist(7).withEpochs(1));      // from the best step
        FineTuneResult baseline = lt.standardTraining(FineTuneConfig.mnist(7).withEpochs(1));
        TransferResults.write(dir.resolve("fgmt"), r, backend);
        TransferResults.write(dir.resolve("fgmt"), "finetune", ft);
        System.out.printf("best step %d: %.1f%%, fine-tuned test %.1f%%, baseline test %.1f%%%n",
                r.bestStep(), r.bestAccuracy(), ft.testAccuracy(), baseline.testAccuracy());
        // --- README example end
        assertEquals(5, r.steps().size());
        assertEquals(5, r.gradientPairs());
        assertEquals(1, ft.epochs().size());
        assertEquals(1, baseline.epochs().size());
        assertTrue(Files.isRegularFile(dir.resolve("fgmt/transfer.json")));
        assertTrue(Files.isRegularFile(dir.resolve("fgmt/finetune.csv")));

        // a target given as a checkpoint file is the same init as the run folder's epoch -1
        Path initFile = dir.resolve("run-102/checkpoints/epoch_-1.safetensors");
        TransferConfig naive = config.withMethod(Method.NAIVE);
        TransferResult fromFile = LearningTransfer.fromRuns(dir.resolve("run-101"), initFile, backend).transfer(naive);
        TransferResult fromRun = lt.transfer(naive);
        assertEquals(0.0, ParameterMaps.maxAbsDifference(fromRun.finalParameters(), fromFile.finalParameters()), 0.0);
        // the Oracle reads the target run's final checkpoint; without the run it is refused
        assertEquals(1, lt.transfer(config.withMethod(Method.ORACLE)).matchings());
        LearningTransfer initOnly = LearningTransfer.fromRuns(dir.resolve("run-101"), initFile, backend);
        assertThrows(IllegalArgumentException.class, () -> initOnly.transfer(config.withMethod(Method.ORACLE)));
    }
}
