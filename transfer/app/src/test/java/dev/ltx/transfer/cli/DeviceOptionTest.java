package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Device;
import dev.ltx.engine.cuda.CudaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --device} on train, transfer and reproduce: parsing, help, and CUDA where the probe says no. */
class DeviceOptionTest {
    @TempDir
    static Path tmp;
    private static Path source;
    private static Path target;

    @BeforeAll
    static void runs() throws IOException {
        source = CliHarness.syntheticRun(tmp.resolve("source"), 1);
        target = CliHarness.syntheticRun(tmp.resolve("target"), 2);
    }

    /** Valid arguments of each command, writing under {@code out}. */
    private static List<String[]> commands(Path out) {
        return List.of(
                new String[] {"train", "--model", "mlp", "--dataset", "synthetic", "--epochs", "1", "--out",
                    out.resolve("train").toString()},
                new String[] {"transfer", "--source", source.toString(), "--target-init", target.toString(), "--method",
                    "fgmt", "--steps", "2", "--out", out.resolve("transfer").toString()},
                new String[] {"reproduce", "mnist-mlp", "--synthetic", "--out", out.resolve("reproduce").toString()});
    }

    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void anUnknownDeviceIsAUsageError() {
        for (String[] args : commands(tmp.resolve("bogus"))) {
            assertUsage(ltx(with(args, "--device", "bogus")), "--device", "bogus");
        }
    }

    @Test
    void cudaWithoutAUsableGpuFailsInOneLineWithTheProbesReason() {
        CudaProbe.Status s = CudaProbe.status();
        assumeFalse(s.available(), "this machine can run CUDA");
        Path out = tmp.resolve("cuda");
        for (String[] args : commands(out)) {
            CliHarness.Result r = ltx(with(args, "--device", "cuda"));
            assertEquals(Main.EXIT_FAILURE, r.code(), r.toString());
            String line = r.err().strip();
            assertFalse(line.contains("\n"), "one line: " + r.err());
            assertFalse(line.contains("Exception") || line.contains("\tat "), "no stack trace: " + r.err());
            assertTrue(line.contains("--device cuda") && line.contains(s.reason()) && line.contains("--device cpu"),
                    line);
            assertTrue(line.startsWith("ltx " + args[0] + ": error: "), line);
        }
        assertFalse(Files.exists(out.resolve("train")), "nothing was started");
        assertFalse(Files.exists(out.resolve("transfer")));
    }

    @Test
    void threadsWithCudaIsAUsageErrorBeforeAnythingStarts() {
        Path out = tmp.resolve("cuda-threads");
        for (String[] args : commands(out)) {
            assertUsage(ltx(with(args, "--device", "cuda", "--threads", "2")), "--threads", "2", "--device cuda",
                    "--device cpu");
        }
        for (String[] args : commands(tmp.resolve("cuda-threads-0"))) {
            // 0 is the default (no thread count given): not an error of its own
            CliHarness.Result r = ltx(with(args, "--device", "cuda", "--threads", "0"));
            assertFalse(r.code() == Main.EXIT_USAGE && r.err().contains("--threads"), r.toString());
        }
        assertFalse(Files.exists(out.resolve("train")), "nothing was started");
        assertFalse(Files.exists(out.resolve("transfer")));
        assertFalse(Files.exists(out.resolve("reproduce")));
    }

    @Test
    void cpuIsTheDefaultAndCaseDoesNotMatter() {
        for (String[] args : commands(tmp.resolve("cpu"))) {
            CliHarness.Result r = ltx(with(new String[] {args[0]}, "--help"));
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("--device=cpu|cuda"), r.out());
        }
        CliHarness.Result r = ltx(with(commands(tmp.resolve("upper")).get(0), "--device", "CPU", "--threads", "1"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("on cpu-fast(1 threads)"), r.out());
    }

    @Test
    void theFactoryMakesTheCpuBackendWithTheThreadCount() {
        try (Backend b = DeviceOption.create(Device.Kind.CPU, 2)) {
            assertEquals(Device.CPU, b.device());
            assertTrue(b.name().contains("2 threads"), b.name());
        }
        assertTrue(DeviceOption.unavailable("no driver").contains("no driver; run on a machine"));
    }
}
