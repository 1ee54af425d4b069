package dev.ltx.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that cannot be read or written: malformed, truncated, inconsistent or
 * holding an unsupported dtype. The message is one line naming the file and the field or tensor
 * at fault, e.g. {@code model.safetensors: tensor 'fc.weight': data_offsets [0, 12] span 12
 * bytes but F32 shape (2, 2) needs 16}.
 */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An error about {@code where} (a field or tensor description) in {@code file}. */
    public SafetensorsException(Path file, String where, String message) {
        super(file + ": " + where + ": " + message);
        this.file = file;
    }

    /** Same, keeping the underlying cause. */
    public SafetensorsException(Path file, String where, String message, Throwable cause) {
        super(file + ": " + where + ": " + message, cause);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** {@code 'name'} with control characters escaped and long names shortened, for messages. */
    static String quote(String name) {
        StringBuilder b = new StringBuilder("'");
        int limit = Math.min(name.length(), 120);
        for (int i = 0; i < limit; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (name.length() > limit) b.append("...");
        return b.append('\'').toString();
    }
}
