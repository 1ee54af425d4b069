package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatchCommandTest {
    @TempDir
    static Path tmp;
    static Path a;
    static Path b;

    @BeforeAll
    static void runs() throws IOException {
        a = CliHarness.syntheticRun(tmp.resolve("run-101"), 101);
        b = CliHarness.syntheticRun(tmp.resolve("run-102"), 102);
    }

    @Test
    void matchesAndEvaluatesThePathBeforeAndAfter() throws IOException {
        Path out = tmp.resolve("match");
        CliHarness.Result r = ltx("match", a.toString(), b.resolve("checkpoints/epoch_1.safetensors").toString(),
                "--lambdas", "0,0.5,1", "--threads", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("weight matching:"), r.out());
        List<String> csv = Files.readAllLines(out.resolve("match.csv"));
        assertEquals(4, csv.size(), csv.toString());
        // λ = 0 is A on both paths; λ = 1 is B and π(B), the same function: equal metrics.
        String[] at0 = csv.get(1).split(",");
        String[] at1 = csv.get(3).split(",");
        assertEquals(Double.parseDouble(at0[2]), Double.parseDouble(at0[4]), 1e-9, csv.get(1));
        assertEquals(Double.parseDouble(at1[2]), Double.parseDouble(at1[4]), 1e-9, csv.get(3));
        assertEquals(Double.parseDouble(at1[1]), Double.parseDouble(at1[3]), 1e-4, csv.get(3));
        assertTrue(Files.size(out.resolve("permutation.safetensors")) > 0);
    }

    @Test
    void badInputExitsWithCodeTwoAndOneLine() throws IOException {
        Path ca = a.resolve("checkpoints/epoch_1.safetensors");
        Path cb = b.resolve("checkpoints/epoch_1.safetensors");
        assertUsage(ltx("match", ca.toString(), cb.toString()), "--run");
        assertUsage(ltx("match", a.toString(), tmp.resolve("nope").toString()), "nope");
        assertUsage(ltx("match", a.toString(), b.toString(), "--lambdas", "0,1.5"), "--lambdas", "1.5");
        assertUsage(ltx("match", a.toString(), b.toString(), "--run", tmp.toString()), "--run");
        assertUsage(ltx("match", a.toString()), "B");
    }

    @Test
    void helpExitsZero() {
        CliHarness.Result r = ltx("match", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("--lambdas"), r.out());
    }
}
