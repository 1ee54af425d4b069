package dev.ltx.engine.cuda;

/**
 * Converts a downloaded host array of any tensor dtype to the requested element type with Java's
 * own cast of each element (so floats saturate and truncate toward zero exactly as {@code (int) f}
 * does, and longs round once to float).
 */
final class HostConvert {
    private HostConvert() {
    }

    static float[] toFloats(Object a) {
        if (a instanceof float[] f) return f;
        int n = java.lang.reflect.Array.getLength(a);
        float[] r = new float[n];
        if (a instanceof double[] d) for (int i = 0; i < n; i++) r[i] = (float) d[i];
        else if (a instanceof int[] v) for (int i = 0; i < n; i++) r[i] = v[i];
        else if (a instanceof long[] v) for (int i = 0; i < n; i++) r[i] = v[i];
        else throw unsupported(a);
        return r;
    }

    static double[] toDoubles(Object a) {
        if (a instanceof double[] d) return d;
        int n = java.lang.reflect.Array.getLength(a);
        double[] r = new double[n];
        if (a instanceof float[] f) for (int i = 0; i < n; i++) r[i] = f[i];
        else if (a instanceof int[] v) for (int i = 0; i < n; i++) r[i] = v[i];
        else if (a instanceof long[] v) for (int i = 0; i < n; i++) r[i] = v[i];
        else throw unsupported(a);
        return r;
    }

    static int[] toInts(Object a) {
        if (a instanceof int[] v) return v;
        int n = java.lang.reflect.Array.getLength(a);
        int[] r = new int[n];
        if (a instanceof float[] f) for (int i = 0; i < n; i++) r[i] = (int) f[i];
        else if (a instanceof double[] d) for (int i = 0; i < n; i++) r[i] = (int) d[i];
        else if (a instanceof long[] v) for (int i = 0; i < n; i++) r[i] = (int) v[i];
        else throw unsupported(a);
        return r;
    }

    static long[] toLongs(Object a) {
        if (a instanceof long[] v) return v;
        int n = java.lang.reflect.Array.getLength(a);
        long[] r = new long[n];
        if (a instanceof float[] f) for (int i = 0; i < n; i++) r[i] = (long) f[i];
        else if (a instanceof double[] d) for (int i = 0; i < n; i++) r[i] = (long) d[i];
        else if (a instanceof int[] v) for (int i = 0; i < n; i++) r[i] = v[i];
        else throw unsupported(a);
        return r;
    }

    private static IllegalArgumentException unsupported(Object a) {
        return new IllegalArgumentException("not a tensor host array: " + a);
    }
}
