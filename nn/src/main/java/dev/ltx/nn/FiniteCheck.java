package dev.ltx.nn;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Tensor;
import java.util.Map;

/**
 * Cheap checks that tensors hold only finite numbers, for catching divergence and poisoned
 * inputs.
 *
 * <p>The fast path is one fused {@link ReduceOp#SUM} per tensor on the tensor's own backend (one
 * pass, no copy, no per-element boxing) and, for a whole map, the per-tensor sums added on the
 * device (one total per dtype) so that only one scalar per dtype is read back: a sum of finite and non-finite values is never
 * finite, so a finite total proves every element finite. Only when the total is not finite (a NaN
 * or infinity, or, rarely, finite values whose sum overflows) are the tensors scanned on the host
 * to name the first bad one and count its NaN and infinite elements; a sum that merely overflowed
 * passes. Integer tensors (e.g. {@code num_batches_tracked}) are always finite and skipped.
 */
public final class FiniteCheck {
    private FiniteCheck() {
    }

    /**
     * The first tensor of {@code tensors} (in map order) holding a NaN or infinity, described as
     * {@code tensor 'name' has 3 NaN and 1 infinite of 4096 values}, or null when all are finite.
     */
    public static String firstNonFinite(Map<String, Tensor> tensors) {
        if (allFiniteFast(tensors)) {
            return null;
        }
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String bad = describe(e.getKey(), e.getValue());
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /** Throws {@link DivergenceException} of kind {@code where} ({@code context}: the message's start) unless all are finite. */
    public static void require(Map<String, Tensor> tensors, DivergenceException.Where where, String context) {
        String bad = firstNonFinite(tensors);
        if (bad != null) {
            throw new DivergenceException(where, context + ": " + bad);
        }
    }

    private static boolean allFiniteFast(Map<String, Tensor> tensors) {
        Backend backend = null;
        for (Tensor t : tensors.values()) {
            if (checked(t)) {
                backend = t.backend();
                break;
            }
        }
        if (backend == null) {
            return true;
        }
        double hostTotal = 0;
        try (Backend.Scope scope = backend.openScope()) {
            Map<DType, Tensor> totals = new java.util.EnumMap<>(DType.class); // one per dtype: no casts needed
            for (Tensor t : tensors.values()) {
                if (!checked(t)) {
                    continue;
                }
                Tensor s = t.backend().reduce(ReduceOp.SUM, t, new int[0], false);
                if (t.backend() != backend) {
                    hostTotal += s.item();
                } else {
                    Tensor prev = totals.get(s.dtype());
                    totals.put(s.dtype(), prev == null ? s : backend.binary(BinaryOp.ADD, prev, s));
                }
            }
            for (Tensor total : totals.values()) {
                hostTotal += total.item();
            }
            return Double.isFinite(hostTotal);
        }
    }

    private static boolean checked(Tensor t) {
        return t != null && t.dtype().isFloating() && t.numel() > 0;
    }

    /** Null when {@code t} is finite, else a description naming {@code name} and the counts. */
    private static String describe(String name, Tensor t) {
        if (!checked(t)) {
            return null;
        }
        double[] v = t.toDoubles();
        long nan = 0;
        long inf = 0;
        for (double x : v) {
            if (Double.isNaN(x)) {
                nan++;
            } else if (Double.isInfinite(x)) {
                inf++;
            }
        }
        if (nan == 0 && inf == 0) {
            return null;
        }
        return "tensor '" + name + "' has " + nan + " NaN and " + inf + " infinite of " + v.length + " values";
    }
}
