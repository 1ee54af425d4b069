package dev.ltx.transfer.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Fuzzes {@code ltx train --config FILE}: every file either expands into options that picocli
 * then parses and binds into a validated config, or fails with {@link IllegalArgumentException}
 * (unreadable file, malformed JSON, unknown key: {@link ConfigFile#expand}) or a
 * {@link CommandLine.ParameterException} (a value out of range) — the two errors the command line
 * turns into one line and exit code 2. Seeds:
 * {@code src/test/resources/dev/ltx/transfer/cli/ConfigFileFuzzTestInputs}.
 */
class ConfigFileFuzzTest {
    private static final Path FILE = file();

    private static Path file() {
        try {
            Path f = Files.createTempFile("ltx-fuzz-config", ".json");
            f.toFile().deleteOnExit();
            return f;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void trainConfig(byte[] data) throws IOException {
        Files.write(FILE, data);
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CommandLine cli = Main.commandLine(sink, sink);
        String[] args;
        try {
            args = ConfigFile.expand(new String[] {"train", "--config", FILE.toString(), "--out", "/tmp/ltx-fuzz-out"},
                    Map.of("train", cli.getSubcommands().get("train").getCommandSpec()));
        } catch (IllegalArgumentException expected) {
            return;
        }
        try {
            CommandLine.ParseResult r = cli.parseArgs(args);
            if (r.subcommand() != null && !r.subcommand().isUsageHelpRequested()
                    && !r.subcommand().isVersionHelpRequested()) {
                ((TrainCommand) r.subcommand().commandSpec().userObject()).toConfig();
            }
        } catch (CommandLine.ParameterException expected) {
            // documented: one line, exit 2
        }
    }

    /** Entry point for Jazzer's standalone driver ({@code .ci/fuzz}). */
    public static final class Driver {
        private static final ConfigFileFuzzTest TEST = new ConfigFileFuzzTest();

        private Driver() {
        }

        /** Loads (and lets Jazzer instrument) picocli and Jackson before the per-input timeout applies. */
        public static void fuzzerInitialize() throws IOException {
            for (String s : new String[] {"", "{}", "{\"epochs\": 0}", "{\"model\": \"mlp\"}"}) {
                TEST.trainConfig(s.getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Runs {@link #trainConfig} on {@code data}. */
        public static void fuzzerTestOneInput(byte[] data) throws IOException {
            TEST.trainConfig(data);
        }
    }
}
