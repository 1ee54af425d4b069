package dev.ltx.transfer.trajectory;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arithmetic on named parameter maps (name → tensor), tensor by tensor through backend ops. Every
 * result is a new, unmodifiable map in the order of the first argument, holding fresh tensors; the
 * arguments are never modified. Both maps of a binary operation must have the same names and
 * shapes (checked, naming the parameter and both shapes).
 */
public final class ParameterMaps {
    private ParameterMaps() {
    }

    /** {@code a − b}. */
    public static Map<String, Tensor> subtract(Map<String, Tensor> a, Map<String, Tensor> b) {
        return binary(BinaryOp.SUB, a, b);
    }

    /** {@code a + b}. */
    public static Map<String, Tensor> add(Map<String, Tensor> a, Map<String, Tensor> b) {
        return binary(BinaryOp.ADD, a, b);
    }

    /** {@code from + alpha · (to − from)}; exactly copies of {@code from} at α = 0 and of {@code to} at α = 1. */
    public static Map<String, Tensor> interpolate(Map<String, Tensor> from, Map<String, Tensor> to, double alpha) {
        if (alpha == 0.0) return copy(from);
        if (alpha == 1.0) return copy(to);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : from.entrySet()) {
            Tensor x = e.getValue();
            Tensor y = partner(to, e.getKey(), x);
            Backend bk = x.backend();
            Tensor diff = bk.binary(BinaryOp.SUB, y, x);
            Tensor r = bk.copy(x);
            bk.axpby(alpha, diff, 1.0, r);
            diff.close();
            out.put(e.getKey(), r);
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@code s · a}. */
    public static Map<String, Tensor> scale(Map<String, Tensor> a, double s) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        a.forEach((n, t) -> out.put(n, t.backend().scale(t, s)));
        return Collections.unmodifiableMap(out);
    }

    /** A copy of every tensor. */
    public static Map<String, Tensor> copy(Map<String, Tensor> a) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        a.forEach((n, t) -> out.put(n, t.backend().copy(t)));
        return Collections.unmodifiableMap(out);
    }

    /** The entries of {@code state} named in {@code names}, in that order; a missing name throws. */
    public static Map<String, Tensor> select(Map<String, Tensor> state, List<String> names) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String n : names) {
            Tensor t = state.get(n);
            if (t == null) {
                throw new IllegalArgumentException("parameter '" + n + "' is missing; present: " + state.keySet());
            }
            out.put(n, t);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Largest |a − b| over all entries (for tests and diagnostics). */
    public static double maxAbsDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        double m = 0;
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            double[] x = e.getValue().toDoubles();
            double[] y = partner(b, e.getKey(), e.getValue()).toDoubles();
            for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }

    /** Closes every tensor of {@code a}. */
    public static void close(Map<String, Tensor> a) {
        a.values().forEach(Tensor::close);
    }

    private static Map<String, Tensor> binary(BinaryOp op, Map<String, Tensor> a, Map<String, Tensor> b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("parameter maps differ in size: " + a.keySet() + " vs " + b.keySet());
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : a.entrySet()) {
            Tensor x = e.getValue();
            out.put(e.getKey(), x.backend().binary(op, x, partner(b, e.getKey(), x)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Tensor partner(Map<String, Tensor> m, String name, Tensor like) {
        Tensor y = m.get(name);
        if (y == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is missing from the other map: " + m.keySet());
        }
        if (!y.shape().equals(like.shape())) {
            throw new IllegalArgumentException("parameter '" + name + "' has shapes " + like.shape() + " and " + y.shape());
        }
        return y;
    }
}
