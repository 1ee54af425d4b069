package dev.ltx.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's public API is documented: every public type declared in the library modules' main sources
 * (native-kernels, engine, autograd, nn, transfer/core) carries a Javadoc comment, and every package has a
 * {@code package-info.java}. ({@code mvn javadoc:javadoc} checks the comments' syntax; this checks presence.)
 */
class LibraryJavadocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();  // transfer/core -> repo
    private static final List<String> LIBRARY = List.of("native-kernels", "engine", "autograd", "nn", "transfer/core");
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "\\s*public\\s+((final|abstract|sealed|non-sealed|static)\\s+)*(class|interface|record|enum|@interface)\\s.*");

    @Test
    void everyPublicTypeAndPackageIsDocumented() throws IOException {
        List<String> undocumented = new ArrayList<>();
        int types = 0;
        for (String module : LIBRARY) {
            Path src = ROOT.resolve(module).resolve("src/main/java");
            assertTrue(Files.isDirectory(src), src + " exists");
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    types += undocumentedTypes(f, undocumented);
                    Path info = f.resolveSibling("package-info.java");
                    if (!Files.exists(info) && !undocumented.contains(info.toString())) {
                        undocumented.add(info.toString());
                    }
                }
            }
        }
        assertTrue(types > 100, "found the library's public types (" + types + ")");
        assertEquals(List.of(), undocumented, "public types or packages without Javadoc");
    }

    /** Adds "file:line" for each public type of {@code file} not preceded by a comment; returns the type count. */
    private static int undocumentedTypes(Path file, List<String> out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (!PUBLIC_TYPE.matcher(lines.get(i)).matches()) {
                continue;
            }
            count++;
            int j = i - 1;
            while (j >= 0 && lines.get(j).strip().startsWith("@")) {
                j--;   // annotations between the comment and the declaration
            }
            if (j < 0 || !lines.get(j).strip().endsWith("*/")) {
                out.add(file + ":" + (i + 1));
            }
        }
        return count;
    }
}
