package dev.ltx.nn.models.json;

/**
 * A model description that cannot be used: malformed JSON, an unknown layer type or field, a
 * value out of range, a duplicate or conflicting name, or layers whose shapes do not chain. The
 * message is one line naming the source, the layer (index, type and name) or field at fault and
 * the reason, e.g. {@code cnn.json: layers[3] (Linear 'fc'): expects 128 input features but gets 512}.
 *
 * <p>This is the only exception type {@link ModelDescriptionParser} throws for bad input, whatever
 * the input.
 */
public final class ModelDescriptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error with a complete one-line message. */
    public ModelDescriptionException(String message) {
        super(message);
    }

    /** Same, keeping the underlying cause. */
    public ModelDescriptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
