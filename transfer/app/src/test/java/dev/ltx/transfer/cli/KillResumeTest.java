package dev.ltx.transfer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.io.SafetensorsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill anywhere, lose nothing: runs {@code ltx train} and {@code ltx reproduce mnist-mlp} as child
 * JVMs, SIGKILLs them at many points (mid-epoch, right after an epoch line while metrics,
 * checkpoints and the resume point are written, during transfers, during the report), checks after
 * every kill that each file on disk is complete (every safetensors file loads, every JSON file
 * parses), re-runs the same command until it finishes, and compares the result with an
 * uninterrupted run: every checkpoint byte for byte and every reported number but timings.
 *
 * <p>Takes a few minutes, so it runs only with {@code -Dltx.killTest=true} (a step of
 * {@code .ci/run}). {@code -Dltx.killTest.reproduce=quick} kills {@code --quick} (real MNIST)
 * instead of the synthetic variant.
 */
@EnabledIfSystemProperty(named = "ltx.killTest", matches = "true")
class KillResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.FAST, 1);
    private static final long TIMEOUT_S = 600;
    private static final Pattern RESUMED = Pattern.compile("resuming after epoch");

    /** The kill plans' random seed: {@code -Dltx.killTest.seed} when given (to explore more kill points), else {@code fixed}. */
    private static long seed(long fixed) {
        return Long.getLong("ltx.killTest.seed", fixed);
    }

    /** Kept when a test fails, so the children's logs can be read (the failure message names the folder). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    /** Kill when the child has printed {@code occurrence} lines matching {@code pattern}, {@code delayMs} later. */
    record Kill(String pattern, int occurrence, int delayMs) {
    }

    /** What happened to one child: killed (and which line it had printed last), or finished with an exit code. */
    record Outcome(boolean killed, int exitCode, String lastLine) {
    }

    @Test
    void trainingKilledAnywhereResumesToTheSameBytes() throws Exception {
        int epochs = 12;
        List<String> args = List.of("train", "--model", "mlp", "--width", "256", "--dataset", "synthetic", "--epochs",
                String.valueOf(epochs), "--batch-size", "16", "--seed", "5", "--log-every", "10");
        Path ref = tmp.resolve("train-ref");
        assertEquals(0, finish(args, ref, tmp.resolve("train-ref.log")));
        Random rnd = new Random(seed(14));
        // one kill before the first epoch line, then one per epoch 1..epochs-1, placed by lines of each child's own
        // output (a re-run resumes after its last complete epoch and prints only later epochs), never by time: a warm
        // epoch takes tens of ms and writing its files a few, so delays of tens of ms let a fast machine finish the
        // run within a few children, and a slow disk lets every "a little after" kill land before the resume point
        // (a CI run saw 3 resumes). Kinds: mid the child's first epoch (at step 10, 20, 30 or 40 of 57: it gets
        // nowhere), right after its first epoch line (metrics, checkpoint and resume point being written: one epoch
        // or none), and mid its second epoch (its first epoch's resume point is written: exactly one). So the kills
        // get at most 9 of the 12 epochs done, and from the fourth child on there is a resume point to resume from.
        String step = "epoch \\d+/" + epochs + " step";
        int lines = (int) count(tmp.resolve("train-ref.log"), Pattern.compile("epoch 1/" + epochs + " step"));
        List<Kill> plan = new ArrayList<>(List.of(new Kill("training", 1, rnd.nextInt(200))));
        for (int e = 1; e < epochs; e++) {
            plan.add(switch (e % 3) {
                case 0 -> new Kill(step, 1 + rnd.nextInt(lines - 1), rnd.nextInt(5));
                case 1 -> new Kill("epoch \\d+/" + epochs + " done", 1, rnd.nextInt(8));
                default -> new Kill(step, lines + 1 + rnd.nextInt(lines - 1), rnd.nextInt(5));
            });
        }
        Path dir = tmp.resolve("train-killed");
        Summary s = killRepeatedly(args, dir, plan);
        Path finalLog = tmp.resolve("train-final.log");
        assertEquals(0, finish(args, dir, finalLog), () -> "exit code of the final re-run (logs kept in " + tmp
                + "); its log ends:\n" + tail(finalLog, 40));
        assertTrue(s.resumed() >= epochs / 2, "most re-runs resumed after a complete epoch: " + s.resumed());
        assertSameFiles(ref, dir, "checkpoints");
        assertEquals(numbers(ref.resolve("metadata.json"), "testLoss", "testAccuracy"),
                numbers(dir.resolve("metadata.json"), "testLoss", "testAccuracy"));
        assertEquals(metrics(ref), metrics(dir));
        report("train", s);
    }

    @Test
    void reproduceKilledAnywhereGivesTheSameSummary() throws Exception {
        boolean quick = "quick".equals(System.getProperty("ltx.killTest.reproduce"));
        List<String> args = List.of("reproduce", "mnist-mlp", quick ? "--quick" : "--synthetic");
        Path ref = tmp.resolve("reproduce-ref");
        int code = finish(args, ref, tmp.resolve("reproduce-ref.log"));
        Random rnd = new Random(seed(15));
        String done = "best step|reusing finished transfer";
        // the third kill lands while a training run's second epoch is being saved, after its first epoch's resume
        // point (an epoch's line is printed once the epoch has been trained), so the next child resumes that run
        // unless it finished in the watcher's few ms
        List<Kill> plan = new ArrayList<>(List.of(
                new Kill("epoch", 1, 30), new Kill("training", 2, 80), new Kill("epoch 2/\\d+ done", 1, 0)));
        for (int i = 0; i < 4; i++) {
            plan.add(new Kill(".", 1 + rnd.nextInt(12), rnd.nextInt(100)));
        }
        plan.addAll(List.of(new Kill("step 2/", 1, 0), new Kill("GMT step", 2, 20), new Kill("step 3/", 3, 50)));
        for (int i = 0; i < 3; i++) {
            plan.add(new Kill(".", 1 + rnd.nextInt(12), rnd.nextInt(100)));
        }
        for (int delay : new int[] {0, 150, 400}) {
            plan.add(new Kill(done, 8, delay)); // every transfer done: the report is being written
        }
        Path dir = tmp.resolve("reproduce-killed");
        Summary s = killRepeatedly(args, dir, plan);
        Path finalLog = tmp.resolve("reproduce-final.log");
        assertEquals(code, finish(args, dir, finalLog), () -> "exit code of the final re-run (logs kept in " + tmp + "); its log ends:\n" + tail(finalLog, 40));
        assertEquals(summary(ref), summary(dir));
        assertEquals(pairs(ref), pairs(dir));
        for (String run : List.of("seed-101", "seed-102", "seed-201", "seed-202")) {
            assertSameFiles(ref.resolve("runs").resolve(run), dir.resolve("runs").resolve(run), "checkpoints");
        }
        report("reproduce", s);
    }

    /** Counts of one kill series. */
    record Summary(int kills, int finishedBeforeKill, int leftTemporaryFiles, int resumed, int runs,
            List<String> lastLines) {
    }

    private static Summary killRepeatedly(List<String> args, Path dir, List<Kill> plan) throws Exception {
        int kills = 0;
        int finished = 0;
        int temporary = 0;
        int resumed = 0;
        List<String> last = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            Path log = tmp.resolve(dir.getFileName() + "-" + i + ".log");
            Outcome o = runAndKill(args, dir, log, plan.get(i));
            resumed += count(log, RESUMED) > 0 ? 1 : 0;
            if (o.killed()) {
                kills++;
                last.add(o.lastLine());
            } else {
                finished++;
            }
            temporary += assertEverythingOnDiskIsComplete(dir);
        }
        return new Summary(kills, finished, temporary, resumed, plan.size() + 1, last);
    }

    private static void report(String what, Summary s) {
        System.out.printf("kill test %s: %d child runs, %d SIGKILLs (%d left a temporary file: killed mid-write),"
                + " %d finished before their kill point, %d resumed a training run; last lines before the kills:%n",
                what, s.runs(), s.kills(), s.leftTemporaryFiles(), s.finishedBeforeKill(), s.resumed());
        s.lastLines().forEach(l -> System.out.println("  killed after: " + l));
    }

    private static Process start(List<String> args, Path out, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx2g", "-XX:+UseSerialGC", "-cp", classPath(),
                Main.class.getName()));
        cmd.addAll(args);
        cmd.add("--out");
        cmd.add(out.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    private static int finish(List<String> args, Path out, Path log) throws Exception {
        Process p = start(args, out, log);
        assertTrue(p.waitFor(TIMEOUT_S, TimeUnit.SECONDS), "finishes in time");
        return p.exitValue();
    }

    private static Outcome runAndKill(List<String> args, Path out, Path log, Kill kill) throws Exception {
        Process p = start(args, out, log);
        Pattern pattern = Pattern.compile(kill.pattern());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (count(log, pattern) >= kill.occurrence()) {
                Thread.sleep(kill.delayMs());
                break;
            }
            Thread.sleep(3);
        }
        if (!p.isAlive()) {
            return new Outcome(false, p.exitValue(), lastLine(log));
        }
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        return new Outcome(true, p.exitValue(), lastLine(log));
    }

    private static long count(Path log, Pattern pattern) throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> pattern.matcher(l).find()).count();
    }

    /** The last {@code n} lines of a child's log, for failure messages. */
    private static String tail(Path log, int n) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return lines.isEmpty() ? "(nothing printed)" : lines.get(lines.size() - 1);
    }

    /** Every safetensors file loads and every JSON file parses; returns the number of temporary files left. */
    private static int assertEverythingOnDiskIsComplete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        int temporary = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p)) {
                    continue;
                }
                if (name.startsWith(".") && (name.endsWith(".tmp") || name.contains(".stale"))) {
                    temporary++;
                } else if (name.endsWith(".safetensors")) {
                    SafetensorsReader.read(p, CPU).tensors().values().forEach(t -> t.close());
                } else if (name.endsWith(".json")) {
                    JSON.readTree(p.toFile());
                }
            }
        }
        return temporary;
    }

    private static void assertSameFiles(Path expected, Path actual, String sub) throws IOException {
        Map<String, byte[]> e = files(expected.resolve(sub));
        Map<String, byte[]> a = files(actual.resolve(sub));
        assertEquals(e.keySet(), a.keySet(), "files of " + actual.resolve(sub));
        for (String k : e.keySet()) {
            assertArrayEquals(e.get(k), a.get(k), k + " byte for byte");
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static List<Object> numbers(Path json, String... keys) throws IOException {
        JsonNode n = JSON.readTree(json.toFile());
        List<Object> out = new ArrayList<>();
        for (String k : keys) {
            out.add(n.get(k).asDouble());
        }
        return out;
    }

    /** The per-epoch metrics without timings. */
    private static JsonNode metrics(Path run) throws IOException {
        return withoutTimings(JSON.readTree(run.resolve("metrics.json").toFile()));
    }

    /** The experiment summary without timings and wall times. */
    private static JsonNode summary(Path dir) throws IOException {
        return withoutTimings(JSON.readTree(dir.resolve("summary.json").toFile()).get("summary"));
    }

    /** pairs.csv without its timing columns (…_s). */
    private static List<String> pairs(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("pairs.csv"), StandardCharsets.UTF_8);
        String[] header = lines.get(0).split(",");
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Math.min(header.length, cells.length); i++) {
                if (!header[i].endsWith("_s")) {
                    b.append(cells[i]).append(',');
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    private static JsonNode withoutTimings(JsonNode n) {
        JsonNode copy = n.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> drop = new ArrayList<>();
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String lower = f.toLowerCase(java.util.Locale.ROOT);
                if (lower.contains("second") || lower.endsWith("_s") || lower.equals("samplespersecond")) {
                    drop.add(f);
                }
            }
            o.remove(drop);
            o.forEach(KillResumeTest::strip);
        } else if (n instanceof ArrayNode a) {
            a.forEach(KillResumeTest::strip);
        }
    }
}
