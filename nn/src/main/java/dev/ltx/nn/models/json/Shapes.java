package dev.ltx.nn.models.json;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Per-sample shape rules shared by the {@link LayerSpec}s (no batch axis). */
final class Shapes {
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;

    private Shapes() {
    }

    /** The product of {@code factors}, or {@link Long#MAX_VALUE} when it overflows (sizes are untrusted). */
    static long saturatingProduct(long... factors) {
        long p = 1;
        for (long f : factors) {
            try {
                p = Math.multiplyExact(p, f);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return p;
    }

    /** Requires a name and positive settings (padding is passed as padding + 1). */
    static void positive(String name, int... values) {
        if (name == null) {
            throw new IllegalArgumentException("a layer needs a name");
        }
        for (int v : values) {
            if (v < 1) {
                throw new IllegalArgumentException("layer '" + name + "' needs positive sizes, kernel and stride and a"
                        + " non-negative padding");
            }
        }
    }

    /** Requires an image shape {@code [C, H, W]}. */
    static void image(int[] s) {
        if (s.length != 3) {
            throw new IllegalArgumentException("expects image (channels, height, width) input but gets " + show(s));
        }
    }

    static void expect(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException("expects " + expected + " " + what + " but gets " + actual);
        }
    }

    /** Output length of a window sliding over {@code size} (PyTorch's floor rule); at least 1. */
    static int window(int size, int kernel, int stride, int padding) {
        long span = (long) size + 2L * padding - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("kernel " + kernel + " is larger than the padded input " + size
                    + (padding > 0 ? " + 2*" + padding : ""));
        }
        return (int) (span / stride + 1);
    }

    /** {@code (a, b, c)}. */
    static String show(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
