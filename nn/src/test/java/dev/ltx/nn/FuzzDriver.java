package dev.ltx.nn;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Entry point for Jazzer's standalone driver ({@code .ci/fuzz}), which fuzzes one
 * {@code fuzzerTestOneInput} per JVM much faster to start than a Maven run per target: it calls the
 * {@code @FuzzTest} method named by {@code -Dltx.fuzz.target=pkg.Class#method} (a {@code byte[]}
 * method of a test class with a no-argument constructor) on every input.
 */
public final class FuzzDriver {
    private static final Object TEST;
    private static final Method METHOD;

    static {
        String target = System.getProperty("ltx.fuzz.target", "");
        int hash = target.indexOf('#');
        if (hash < 0) {
            throw new IllegalStateException("set -Dltx.fuzz.target=pkg.Class#method, got '" + target + "'");
        }
        try {
            Class<?> c = Class.forName(target.substring(0, hash));
            var ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            TEST = ctor.newInstance();
            METHOD = c.getDeclaredMethod(target.substring(hash + 1), byte[].class);
            METHOD.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load fuzz target " + target, e);
        }
    }

    private FuzzDriver() {
    }

    /** Loads (and lets Jazzer instrument) what the target uses before the per-input timeout applies. */
    public static void fuzzerInitialize() {
        warmUp(FuzzDriver::fuzzerTestOneInput);
    }

    /** Runs {@code target} on a few trivial inputs, ignoring what they throw. */
    public static void warmUp(Target target) {
        for (byte[] b : new byte[][] {{}, {'{', '}'}, {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'}}) {
            try {
                target.run(b);
            } catch (Throwable ignored) {
                // only loading classes here
            }
        }
    }

    /** A fuzz target. */
    public interface Target {
        /** Runs on one input. */
        void run(byte[] data) throws Throwable;
    }

    /** Runs the target on {@code data}; what it throws is a finding. */
    public static void fuzzerTestOneInput(byte[] data) throws Throwable {
        try {
            METHOD.invoke(TEST, (Object) data);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
