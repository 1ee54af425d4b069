package dev.ltx.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs {@code ltx} in process and trains tiny synthetic runs for the transfer/match/reproduce command tests. */
final class CliHarness {
    private CliHarness() {
    }

    /** What {@code ltx args} printed and returned. */
    record Result(int code, String out, String err) {
    }

    static Result ltx(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts exit code 2 with one line on stderr naming every fragment, and no stack trace. */
    static void assertUsage(Result r, String... fragments) {
        assertEquals(Main.EXIT_USAGE, r.code(), r.toString());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + r.err());
        assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + r.err());
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
    }

    /** Trains a synthetic 64-16-4 MLP run (2 epochs, checkpoints −1 and 1) into {@code dir}. */
    static Path syntheticRun(Path dir, long seed) throws IOException {
        TrainConfig c = TrainConfig.builder(ModelKind.MLP, DatasetKind.SYNTHETIC)
                .model(ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.RELU, false))
                .epochs(2).batchSize(32).seed(seed).checkpointEpochs(List.of(-1, 1)).logEvery(0).build();
        try (Backend b = new CpuBackend(CpuBackend.Mode.FAST, 1)) {
            new Trainer(c, b, new PrintStream(OutputStream.nullOutputStream())).run(dir);
        }
        return dir;
    }
}
