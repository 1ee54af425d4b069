package dev.ltx.transfer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The check every output-folder option gets before any work starts: the folder, if it exists, is
 * a writable folder; otherwise its nearest existing ancestor is a writable folder (so it can be
 * created). A violation is a {@link ParameterException} naming the option, the path and why (exit
 * 2). A disk that fills up later still fails the write, with the file named, and never leaves a
 * partial file in place of a finished one (all writes are atomic).
 */
final class OutputOption {
    private OutputOption() {
    }

    /** Throws unless {@code dir} (the value of {@code option}) can be used as an output folder. */
    static void check(CommandSpec spec, String option, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (!Files.exists(p)) {
                continue;
            }
            String why = !Files.isDirectory(p) ? (p.equals(abs) ? "exists and is not a folder" : p + " is not a folder")
                    : !Files.isWritable(p) ? (p.equals(abs) ? "folder is not writable" : p + " is not writable")
                    : null;
            if (why != null) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + dir
                        + " (" + why + ")");
            }
            return;
        }
    }
}
