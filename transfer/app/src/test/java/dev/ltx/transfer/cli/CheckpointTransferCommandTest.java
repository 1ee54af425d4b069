package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.io.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ltx transfer} in checkpoint-file mode: trajectories as safetensors files, model and dataset by name. */
class CheckpointTransferCommandTest {
    @TempDir
    static Path tmp;
    static String src;
    static String tgt;
    static String tgtInit;
    static Path mlpJson;

    @BeforeAll
    static void runs() throws IOException {
        Path s = CliHarness.syntheticRun(tmp.resolve("run-1"), 1).resolve("checkpoints");
        Path t = CliHarness.syntheticRun(tmp.resolve("run-2"), 2).resolve("checkpoints");
        src = s.resolve("epoch_-1.safetensors") + "," + s.resolve("epoch_1.safetensors");
        tgt = t.resolve("epoch_-1.safetensors") + "," + t.resolve("epoch_1.safetensors");
        tgtInit = t.resolve("epoch_-1.safetensors").toString();
        mlpJson = Files.writeString(tmp.resolve("mlp.json"), """
                {"input": [1, 8, 8], "layers": [{"type": "Flatten"},
                  {"type": "Linear", "name": "linear1", "in": 64, "out": 16, "bias": false}, {"type": "ReLU"},
                  {"type": "Linear", "name": "linear2", "in": 16, "out": 4, "bias": false}]}""");
    }

    @Test
    void transfersFromFilesAndReportsTestAccuracy() throws IOException {
        Path out = tmp.resolve("fgmt");
        CliHarness.Result r = ltx("transfer", "--source-checkpoints", src, "--model", "mlp", "--width", "16",
                "--dataset", "synthetic", "--target-init", tgtInit, "--method", "fgmt", "--steps", "2", "--eval-test",
                "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("FGMT step 2/2") && r.out().contains("test acc: final"), r.out());
        JsonNode test = new ObjectMapper().readTree(out.resolve("test.json").toFile());
        assertTrue(test.path("final").path("accuracy").isNumber(), test.toString());
        try (CpuBackend b = CpuBackend.create()) {
            assertEquals(List.of("linear1.weight", "linear2.weight"),
                    List.copyOf(SafetensorsReader.read(out.resolve("final.safetensors"), b).tensors().keySet()));
            assertEquals(List.of("linear1.weight", "linear2.weight"),
                    List.copyOf(SafetensorsReader.read(out.resolve("best_state.safetensors"), b).tensors().keySet()));
        }
        // the same with the JSON description of that model gives the same transfer
        Path json = tmp.resolve("fgmt-json");
        CliHarness.Result j = ltx("transfer", "--source-checkpoints", src, "--model", mlpJson.toString(), "--dataset",
                "synthetic", "--target-init", tgtInit, "--method", "fgmt", "--steps", "2", "--eval-test", "--threads",
                "1", "--out", json.toString());
        assertEquals(0, j.code(), j.toString());
        assertEquals(Files.readString(out.resolve("test.json")), Files.readString(json.resolve("test.json")));
    }

    @Test
    void oracleFromTargetCheckpoints() throws IOException {
        Path out = tmp.resolve("oracle");
        CliHarness.Result r = ltx("transfer", "--source-checkpoints", src, "--target-checkpoints", tgt, "--model", "mlp",
                "--width", "16", "--dataset", "synthetic", "--method", "oracle", "--steps", "2", "--threads", "1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(Files.readString(out.resolve("transfer.json")).contains("\"matchings\" : 1"));
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLineBeforeAnyWork() throws IOException {
        String o = tmp.resolve("bad").toString();
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", "mlp", "--width", "8", "--dataset",
                "synthetic", "--target-init", tgtInit, "--method", "fgmt", "--out", o), "epoch_-1.safetensors",
                "'linear1.weight'", "(8, 64)");
        Path renamed = Files.writeString(tmp.resolve("renamed.json"), Files.readString(mlpJson).replace("linear1", "fc1"));
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", renamed.toString(), "--dataset", "synthetic",
                "--target-init", tgtInit, "--method", "fgmt", "--out", o), "'fc1.weight' is missing");
        Path broken = Files.writeString(tmp.resolve("broken.json"), Files.readString(mlpJson).replace("\"in\": 16", "\"in\": 15"));
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", broken.toString(), "--dataset", "synthetic",
                "--target-init", tgtInit, "--method", "fgmt", "--out", o), "broken.json", "layers[3]", "15");
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", mlpJson.toString(), "--dataset", "mnist",
                "--target-init", tgtInit, "--method", "fgmt", "--out", o), "mlp.json", "28x28");
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", "mlp", "--width", "16", "--target-init",
                tgtInit, "--method", "fgmt", "--out", o), "--dataset");
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", "mlp", "--width", "16", "--dataset",
                "synthetic", "--target-init", tgtInit, "--method", "oracle", "--out", o), "--target-checkpoints");
        assertUsage(ltx("transfer", "--source-checkpoints", src.split(",")[0], "--model", "mlp", "--dataset",
                "synthetic", "--target-init", tgtInit, "--method", "fgmt", "--out", o), "at least 2 files");
        assertUsage(ltx("transfer", "--source-checkpoints", src + "," + tmp.resolve("nope.safetensors"), "--model",
                "mlp", "--dataset", "synthetic", "--target-init", tgtInit, "--method", "fgmt", "--out", o), "nope");
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--source", tmp.resolve("run-1").toString(),
                "--target-init", tgtInit, "--method", "fgmt", "--out", o), "either --source");
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", "mlp", "--width", "16", "--dataset",
                "synthetic", "--target-init", tgtInit, "--method", "fgmt", "--checkpoint-epochs", "-1,3", "--out", o),
                "--checkpoint-epochs");
        assertUsage(ltx("transfer", "--source", tmp.resolve("run-1").toString(), "--target-init", tgtInit, "--width",
                "8", "--method", "fgmt", "--out", o), "go with --source-checkpoints");
        Path junk = Files.writeString(tmp.resolve("junk.safetensors"), "not safetensors at all");
        assertUsage(ltx("transfer", "--source-checkpoints", src, "--model", "mlp", "--width", "16", "--dataset",
                "synthetic", "--target-init", junk.toString(), "--method", "fgmt", "--out", o), "junk.safetensors");
        assertFalse(Files.exists(Path.of(o)), "nothing written on bad input");
    }
}
