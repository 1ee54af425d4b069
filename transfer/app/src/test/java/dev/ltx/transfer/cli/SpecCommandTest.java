package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCommandTest {
    @Test
    void printsBothViewsOfABuiltInModel() {
        CliHarness.Result r = ltx("spec", "mlp", "--width", "32");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("1 permutation groups"), r.out());
        assertTrue(r.out().contains("  c1 (32): linear1.weight[0], linear2.weight[1]"), r.out());
        assertTrue(r.out().contains("  linear1.weight (32, 784): (c1, None)"), r.out());
        assertTrue(r.out().contains("  linear2.weight (10, 32): (None, c1)"), r.out());
        CliHarness.Result c = ltx("spec", "conv8", "--width-factor", "0.25", "--dataset", "mnist");
        assertEquals(0, c.code(), c.toString());
        assertTrue(c.out().contains("10 permutation groups"), c.out());
        assertTrue(c.out().contains("  linear.4.weight (10, 64, 1, 1): (None, c64-4, None, None)"), c.out());
    }

    @Test
    void printsADescribedModelAndRejectsABadOne(@TempDir Path dir) throws IOException {
        Path json = Files.writeString(dir.resolve("cnn.json"), """
                {"input": [3, 8, 8], "layers": [
                  {"type": "Conv2d", "name": "body.conv", "in": 3, "out": 4, "kernel": 3, "padding": 1},
                  {"type": "ReLU"}, {"type": "MaxPool2d", "kernel": 8}, {"type": "Flatten"},
                  {"type": "Linear", "name": "head", "in": 4, "out": 2}]}""");
        CliHarness.Result r = ltx("spec", json.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("  c4-1 (4): body.conv.weight[0], body.conv.bias[0], head.weight[1]"), r.out());
        assertTrue(r.out().contains("  head.bias (2,): (None)"), r.out());
        Path bad = Files.writeString(dir.resolve("bad.json"), Files.readString(json).replace("\"in\": 4", "\"in\": 5"));
        assertUsage(ltx("spec", bad.toString()), "bad.json", "layers[4] (Linear 'head')", "expects 5");
        assertUsage(ltx("spec", "vgg16"), "vgg16");
    }
}
