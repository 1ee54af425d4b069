package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: its Java example is exactly the body of {@code ReadmeExampleTest}
 * (which compiles and runs it), and its two commands are the ones {@code .ci/run} runs.
 */
class ReadmeSyncTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();  // transfer/app -> repo

    @Test
    void javaExampleIsTheOneTheTestRuns() throws IOException {
        String test = Files.readString(ROOT.resolve("transfer/core/src/test/java/dev/ltx/transfer/ReadmeExampleTest.java"));
        int a = test.indexOf("// --- README example start\n");
        int b = test.indexOf("// --- README example end");
        assertTrue(a >= 0 && b > a, "markers in ReadmeExampleTest");
        String body = test.substring(a + "// --- README example start\n".length(), b).lines()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).collect(Collectors.joining("\n")).stripTrailing();
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("```java\n" + body + "\n```"), "README must hold the example verbatim:\n" + body);
        assertTrue(readme.contains("ReadmeExampleTest.java"), "README names the test that compiles the example");
    }

    @Test
    void ciRunsTheReadmeCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String ci = Files.readString(ROOT.resolve(".ci/run"));
        for (String command : new String[] {"mvn -B -ntp verify", "./ltx reproduce mnist-mlp"}) {
            assertTrue(readme.contains(command), command + " in README");
            assertTrue(ci.contains(command), command + " in .ci/run");
        }
        assertTrue(ci.contains("./ltx reproduce mnist-mlp --quick"), ".ci/run runs the quick reproduction");
    }
}
