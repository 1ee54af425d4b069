package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The solver package must stay free of engine dependencies. */
class LapPackageTest {
    @Test
    void importsOnlyTheJdk() throws IOException {
        Path dir = Path.of("src/main/java/dev/ltx/transfer/lap");
        assertTrue(Files.isDirectory(dir), "run from the transfer module: " + dir.toAbsolutePath());
        List<String> bad;
        try (Stream<Path> files = Files.list(dir)) {
            bad = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(l -> l.startsWith("import ") && !l.startsWith("import java.")
                                    && !l.startsWith("import jdk.incubator.vector."))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toList());
        }
        assertTrue(bad.isEmpty(), "non-JDK imports: " + bad);
    }
}
