package dev.ltx.transfer.cli;

import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.data.DatasetFormatException;
import dev.ltx.nn.data.DatasetMissingException;
import dev.ltx.nn.io.FolderLock;
import dev.ltx.nn.io.SafetensorsException;
import dev.ltx.nn.io.StrictLoad;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;

/**
 * How a command that threw ends: its exit code and the one line printed for it. Corrupt or
 * mismatched input files (including checkpoints holding NaN or infinity), a run folder held by
 * another process and unusable paths are bad input ({@link Main#EXIT_USAGE}); a computation whose
 * numbers stopped being finite is {@link Main#EXIT_DIVERGED};
 * everything else is a failure while running ({@link Main#EXIT_FAILURE}). Wrappers that only carry
 * a cause ({@link UncheckedIOException}, or any exception whose message is its cause's
 * {@code toString()}) are looked through, and the message never starts with a Java class name.
 *
 * @param exitCode the process exit code
 * @param message  the one-line message (without the command prefix)
 */
record Failure(int exitCode, String message) {
    /** A leading {@code some.package.SomeException: } as {@code Throwable.toString()} writes it. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ");

    /** The failure {@code thrown} stands for. */
    static Failure of(Throwable thrown) {
        Throwable t = unwrap(thrown);
        return new Failure(exitCode(t), Main.oneLine(message(t)));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; depth < 10 && cur.getCause() != null; depth++) {
            Throwable cause = cur.getCause();
            boolean wrapperOnly = cur instanceof UncheckedIOException || cur.getMessage() == null
                    || cur.getMessage().equals(cause.toString());
            if (!wrapperOnly) {
                break;
            }
            cur = cause;
        }
        return cur;
    }

    private static int exitCode(Throwable t) {
        if (t instanceof DivergenceException d) {
            return d.where().isInput() ? Main.EXIT_USAGE : Main.EXIT_DIVERGED;
        }
        if (t instanceof SafetensorsException || t instanceof DatasetFormatException || t instanceof DatasetMissingException
                || t instanceof StrictLoad.StateDictMismatchException || t instanceof FolderLock.HeldException
                || t instanceof NotDirectoryException || t instanceof AccessDeniedException) {
            return Main.EXIT_USAGE;
        }
        return Main.EXIT_FAILURE;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return describe(t);
        }
        String stripped = CLASS_PREFIX.matcher(m.strip()).replaceFirst("");
        if (t instanceof NoSuchFileException && !stripped.contains(" ")) {
            return "no such file or folder: " + stripped;
        }
        if (t instanceof AccessDeniedException && !stripped.contains(" ")) {
            return "permission denied: " + stripped;
        }
        if (t instanceof FileSystemException fs && fs.getReason() != null && !stripped.contains(fs.getReason())) {
            return stripped + ": " + fs.getReason();
        }
        return stripped;
    }

    /** A readable name for an exception without a message, e.g. "out of memory" or "internal error (NullPointerException)". */
    private static String describe(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return "out of memory: give the JVM more heap (LTX_HEAP=16g ./ltx ...) or use a smaller model or batch";
        }
        return "internal error (" + t.getClass().getSimpleName() + "); rerun with -Dltx.stacktrace=true for details";
    }
}
