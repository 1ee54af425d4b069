package dev.ltx.nn.io;

import java.nio.file.Path;

/**
 * A checkpoint file whose tensors do not fit the model it is meant for: a parameter is missing,
 * a tensor is not one of the model's, or a tensor has the wrong shape or a non-floating dtype.
 * The message is one line naming the file and the first such tensor, e.g.
 * {@code init.safetensors: tensor 'linear1.weight' has shape (8, 64) but the model expects (16, 64)}.
 */
public final class CheckpointMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String tensor;

    /** A mismatch of {@code tensor} in {@code file}; {@code problem} completes the sentence. */
    public CheckpointMismatchException(Path file, String tensor, String problem) {
        super(file + ": tensor " + SafetensorsException.quote(tensor) + " " + problem);
        this.file = file;
        this.tensor = tensor;
    }

    /** The checkpoint file. */
    public Path file() {
        return file;
    }

    /** The first tensor name at fault. */
    public String tensor() {
        return tensor;
    }
}
