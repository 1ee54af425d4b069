package dev.ltx.nn.data;

import java.nio.file.NoSuchFileException;

/**
 * A dataset's files are not where ltx looks for them (and cannot be fetched there); the message is
 * one line naming the missing file and how to get the dataset. The command line treats it as bad
 * input (exit status 2), like a missing checkpoint.
 */
public final class DatasetMissingException extends NoSuchFileException {
    private static final long serialVersionUID = 1L;

    /** A missing dataset, {@code message} naming the file and the fix. */
    public DatasetMissingException(String message) {
        super(message);
    }
}
