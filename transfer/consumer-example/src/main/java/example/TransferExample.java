package example;

import dev.ltx.engine.Backend;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.Trainer;
import dev.ltx.transfer.LearningTransfer;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedder's program: trains a source and a target 2-MLP on the synthetic dataset, transfers the
 * source's trajectory onto the target's initialization with FGMT, and prints the best step's accuracy.
 */
public final class TransferExample {
    private TransferExample() {
    }

    /**
     * Runs the example in a temporary folder.
     *
     * @param args unused
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("ltx-consumer");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (Backend backend = CpuBackend.create()) {
            for (long seed : new long[] {101, 102}) {
                TrainConfig c = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                        .model(ModelConfig.defaults(ModelKind.MLP).withMlp(32, Activation.RELU, false))
                        .epochs(2).batchSize(32).seed(seed).build();
                new Trainer(c, backend, quiet).run(dir.resolve("run-" + seed));
            }
            LearningTransfer lt = LearningTransfer.fromRuns(dir.resolve("run-101"), dir.resolve("run-102"), backend);
            TransferResult r = lt.transfer(TransferConfig.defaults(Method.FGMT, 7).withSplits(5));
            System.out.printf("consumer: FGMT best step %d of %d, validation accuracy %.1f%%%n",
                    r.bestStep(), r.steps().size(), r.bestAccuracy());
        }
    }
}
