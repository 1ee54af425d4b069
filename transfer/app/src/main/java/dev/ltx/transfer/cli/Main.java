package dev.ltx.transfer.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point of the {@code ltx} command line (the main class of {@code ltx.jar}).
 *
 * <p>Exit codes: 0 success; 2 bad input (unknown option, malformed or out-of-range value,
 * unreadable config file, a corrupt or non-finite input file, an output folder that is a file, is
 * unwritable or is in use by another writer), reported in one line naming the option, file or
 * value; 3 a computation that diverged (a NaN or infinity in a loss, gradient, parameter or cost
 * matrix), naming epoch, step and tensor; 1 any other failure while running (missing dataset, I/O
 * error, out of memory), reported in one line. No stack traces and no Java class names (see
 * {@link Failure}), unless {@code -Dltx.stacktrace=true}.
 */
public final class Main {
    /** Exit code of a run that failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of bad command-line input. */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a run whose numbers stopped being finite. */
    public static final int EXIT_DIVERGED = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code ltx args}, printing results and progress to {@code out} and errors to {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(out, err);
        String[] expanded;
        try {
            expanded = ConfigFile.expand(args, java.util.Map.of("train", cli.getSubcommands().get("train").getCommandSpec()));
        } catch (IllegalArgumentException e) {
            cli.getErr().println("ltx: " + oneLine(e.getMessage()) + " (see 'ltx --help')");
            return EXIT_USAGE;
        }
        try {
            return cli.execute(expanded);
        } catch (OutOfMemoryError | StackOverflowError | NoClassDefFoundError e) {
            Failure f = Failure.of(e);
            cli.getErr().println("ltx: error: " + f.message());
            return f.exitCode();
        }
    }

    /** The configured command tree (exposed for tests that only parse). */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LtxCommand());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOverwrittenOptionsAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(prefix(e.getCommandLine()) + oneLine(e.getMessage())
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException p) {
                return commandLine.getParameterExceptionHandler().handleParseException(p, new String[0]);
            }
            if (Boolean.getBoolean("ltx.stacktrace")) {
                e.printStackTrace(commandLine.getErr());
            }
            Failure f = Failure.of(e);
            commandLine.getErr().println(prefix(commandLine) + "error: " + f.message());
            return f.exitCode();
        });
        return cli;
    }

    private static String prefix(CommandLine c) {
        return c.getCommandSpec().qualifiedName() + ": ";
    }

    /** Collapses a message to one line. */
    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
