package dev.ltx.transfer.cli;

import static dev.ltx.transfer.cli.CliHarness.assertUsage;
import static dev.ltx.transfer.cli.CliHarness.ltx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.io.SafetensorsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line messages for corrupt and poisoned inputs, busy folders and divergence. */
class FailureTest {
    @TempDir
    static Path tmp;
    static Path source;
    static Path target;

    @BeforeAll
    static void runs() throws IOException {
        source = CliHarness.syntheticRun(tmp.resolve("run-101"), 101);
        target = CliHarness.syntheticRun(tmp.resolve("run-102"), 102);
    }

    private static Path copyRun(String name) throws IOException {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("checkpoints"));
        try (var s = Files.walk(source)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, dir.resolve(source.relativize(p)));
                }
            }
        }
        return dir;
    }

    private static CliHarness.Result transfer(Path src, String out) {
        return ltx("transfer", "--source", src.toString(), "--target-init", target.toString(), "--method", "fgmt",
                "--steps", "2", "--out", tmp.resolve(out).toString());
    }

    private static void assertNoJavaNames(CliHarness.Result r) {
        assertFalse(r.err().contains("dev.ltx") || r.err().contains("java."), r.err());
        assertFalse(r.err().strip().contains("\n"), r.err());
    }

    @Test
    void wrappedExceptionsLoseTheirClassNames() {
        Failure f = Failure.of(new UncheckedIOException(new SafetensorsException(Path.of("m.safetensors"), "header",
                "bad")));
        assertEquals(new Failure(Main.EXIT_USAGE, "m.safetensors: header: bad"), f);
        Failure g = Failure.of(new RuntimeException(new IOException("disk full")));
        assertEquals(new Failure(Main.EXIT_FAILURE, "disk full"), g);
        Failure d = Failure.of(new DivergenceException(DivergenceException.Where.GRADIENT, "g"));
        assertEquals(Main.EXIT_DIVERGED, d.exitCode());
        assertEquals(Main.EXIT_USAGE, Failure.of(new DivergenceException(DivergenceException.Where.INPUT, "i")).exitCode());
        assertEquals("internal error (NullPointerException); rerun with -Dltx.stacktrace=true for details",
                Failure.of(new NullPointerException()).message());
        assertEquals("x: y", Failure.of(new IllegalStateException("java.lang.IllegalArgumentException: x: y")).message());
    }

    @Test
    void aTruncatedCheckpointExitsTwoInOneLine() throws IOException {
        Path run = copyRun("truncated");
        Path ckpt = run.resolve("checkpoints/epoch_1.safetensors");
        byte[] b = Files.readAllBytes(ckpt);
        Files.write(ckpt, java.util.Arrays.copyOf(b, b.length / 2));
        CliHarness.Result r = transfer(run, "t1");
        assertUsage(r, "epoch_1.safetensors", "out of range");
        assertNoJavaNames(r);
        assertFalse(Files.exists(tmp.resolve("t1")), "no output folder left behind");
    }

    @Test
    void aSourceCheckpointHoldingNaNIsRefused() throws IOException {
        Path run = copyRun("nan");
        Path ckpt = run.resolve("checkpoints/epoch_1.safetensors");
        byte[] b = Files.readAllBytes(ckpt);
        long header = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ByteBuffer data = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 100; i++) {
            data.putFloat((int) (8 + header) + 4 * i, Float.NaN);
        }
        Files.write(ckpt, b);
        CliHarness.Result r = transfer(run, "t2");
        assertUsage(r, "epoch_1.safetensors", "tensor 'linear1.weight' has 100 NaN");
        assertNoJavaNames(r);
    }

    @Test
    void aFolderInUseIsRefusedByEveryWriter() throws IOException {
        Path busy = tmp.resolve("busy");
        try (FolderLock held = FolderLock.acquire(busy)) {
            assertUsage(ltx("train", "--model", "mlp", "--width", "16", "--dataset", "synthetic", "--epochs", "1",
                    "--out", busy.toString()), "in use by this process");
            assertUsage(transfer(source, "busy"), "in use by this process");
            assertUsage(ltx("match", source.toString(), target.toString(), "--out", busy.toString()), "in use");
            assertUsage(ltx("reproduce", "mnist-mlp", "--synthetic", "--out", busy.toString()), "in use");
            try (var s = Files.list(busy)) {
                assertEquals(1, s.count(), "nothing written beside the lock");
            }
        }
    }

    @Test
    void divergingTrainingExitsThreeNamingTheEpoch() {
        Path out = tmp.resolve("diverged");
        CliHarness.Result r = ltx("train", "--model", "mlp", "--width", "16", "--dataset", "synthetic", "--epochs", "2",
                "--lr", "1e30", "--out", out.toString(), "--log-every", "0");
        assertEquals(Main.EXIT_DIVERGED, r.code(), r.toString());
        assertTrue(r.err().contains("epoch 0"), r.err());
        assertTrue(r.err().contains("keeps its checkpoints up to epoch -1"), r.err());
        assertNoJavaNames(r);
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch_-1.safetensors")));
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "synthetic", "--on-divergence", "ignore", "--out",
                out.toString()), "--on-divergence", "ignore");
    }

    @Test
    void aWriteProtectedOutputFailsBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x", StandardOpenOption.CREATE);
        assertUsage(ltx("train", "--model", "mlp", "--dataset", "synthetic", "--out", file.resolve("run").toString()),
                "--out", "not a folder");
    }
}
