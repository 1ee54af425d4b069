package dev.ltx.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset file that is malformed or inconsistent; the message is one line naming the file. */
public final class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An error about {@code file}. */
    public DatasetFormatException(Path file, String message) {
        super(file + ": " + message);
    }
}
