package dev.ltx.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The compiled kernel image: the fatbin (sm_90 SASS plus compute_75 PTX) that nvcc writes into
 * this module's jar at build time. Absent when the build machine had no nvcc.
 */
public final class KernelImage {
    /** Class-path location of the fatbin. */
    public static final String RESOURCE = "/dev/ltx/kernels/ltx_kernels.fatbin";

    private KernelImage() {
    }

    /** The fatbin's bytes, or empty when it was not built. */
    public static Optional<byte[]> load() {
        try (InputStream in = KernelImage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel image " + RESOURCE, e);
        }
    }
}
