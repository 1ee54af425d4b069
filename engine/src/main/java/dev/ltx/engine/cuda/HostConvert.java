package dev.ltx.engine.cuda;

/** Converts a downloaded host array of any tensor dtype with Java's conversion rules (floats truncate toward zero). */
final class HostConvert {
    private HostConvert() {
    }

    static float[] toFloats(Object a) {
        if (a instanceof float[] f) return f;
        double[] d = toDoubles(a);
        float[] r = new float[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (float) d[i];
        return r;
    }

    static double[] toDoubles(Object a) {
        if (a instanceof double[] d) return d;
        if (a instanceof float[] f) {
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) r[i] = f[i];
            return r;
        }
        if (a instanceof int[] v) {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) r[i] = v[i];
            return r;
        }
        long[] v = (long[]) a;
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    static int[] toInts(Object a) {
        if (a instanceof int[] v) return v;
        long[] l = toLongs(a);
        int[] r = new int[l.length];
        for (int i = 0; i < l.length; i++) r[i] = (int) l[i];
        return r;
    }

    static long[] toLongs(Object a) {
        if (a instanceof long[] v) return v;
        if (a instanceof int[] v) {
            long[] r = new long[v.length];
            for (int i = 0; i < v.length; i++) r[i] = v[i];
            return r;
        }
        if (a instanceof float[] f) {
            long[] r = new long[f.length];
            for (int i = 0; i < f.length; i++) r[i] = (long) f[i];
            return r;
        }
        double[] d = (double[]) a;
        long[] r = new long[d.length];
        for (int i = 0; i < d.length; i++) r[i] = (long) d[i];
        return r;
    }
}
