package dev.ltx.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, and verification against a pinned hex digest. */
final class Sha256 {
    private Sha256() {
    }

    /** Lower-case hex SHA-256 of the file's bytes. */
    static String of(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Fails with a one-line message when the file's digest differs from {@code expected}. */
    static void verify(Path file, String expected) throws IOException {
        String actual = of(file);
        if (!actual.equals(expected)) {
            throw new DatasetFormatException(file, "sha256 " + actual + " does not match the pinned " + expected);
        }
    }
}
