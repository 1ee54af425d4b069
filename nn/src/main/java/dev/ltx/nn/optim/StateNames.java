package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Naming and validation of optimizer state entries {@code state.<index>.<buffer>}. */
final class StateNames {
    static final String PREFIX = "state.";

    private StateNames() {
    }

    /** The name of parameter {@code index}'s buffer. */
    static String key(int index, String buffer) {
        return PREFIX + index + "." + buffer;
    }

    /**
     * Splits {@code state} by parameter index, checking every name: the prefix, an index in
     * {@code [0, params.size())} and a buffer among {@code buffers}. Entries stay in index order.
     */
    static Map<Integer, Map<String, Tensor>> group(Map<String, Tensor> state, List<Var> params,
                                                   Set<String> buffers, String optimizer) {
        if (state == null) {
            throw new IllegalArgumentException(optimizer + ": state must not be null");
        }
        Map<Integer, Map<String, Tensor>> byParam = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String name = e.getKey();
            int dot = name.startsWith(PREFIX) ? name.indexOf('.', PREFIX.length()) : -1;
            int index = dot < 0 ? -1 : parseIndex(name.substring(PREFIX.length(), dot));
            String buffer = dot < 0 ? "" : name.substring(dot + 1);
            if (index < 0 || !buffers.contains(buffer)) {
                throw new IllegalArgumentException(optimizer + ": unexpected state entry '" + name
                        + "' (expected state.<index>.<one of " + buffers + ">)");
            }
            if (index >= params.size()) {
                throw new IllegalArgumentException(optimizer + ": state entry '" + name + "' names parameter "
                        + index + " but there are only " + params.size());
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException(optimizer + ": state entry '" + name + "' is null");
            }
            byParam.computeIfAbsent(index, k -> new TreeMap<>()).put(buffer, e.getValue());
        }
        return byParam;
    }

    /** Throws unless {@code t} has the shape and dtype of parameter {@code p}. */
    static void checkLike(Tensor t, Var p, String name, String optimizer) {
        if (!t.shape().equals(p.shape()) || t.dtype() != p.dtype()) {
            throw new IllegalArgumentException(optimizer + ": state entry '" + name + "' is " + t.dtype().shortName()
                    + " " + t.shape() + " but its parameter is " + p.dtype().shortName() + " " + p.shape());
        }
    }

    /** The value of a step-count entry: a one-element integer tensor holding a count of at least 1. */
    static long readStep(Tensor t, String name, String optimizer) {
        if (t.dtype().isFloating() || t.numel() != 1) {
            throw new IllegalArgumentException(optimizer + ": state entry '" + name
                    + "' must be a one-element integer tensor, got " + t);
        }
        long step = t.toLongs()[0];
        if (step < 1) {
            throw new IllegalArgumentException(optimizer + ": state entry '" + name + "' holds step " + step
                    + ", expected at least 1");
        }
        return step;
    }

    private static int parseIndex(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        if (s.length() > 1 && s.charAt(0) == '0') {
            return -1;
        }
        return Integer.parseInt(s);
    }

    /** A copy of {@code t} owned by {@code b} (the parameter's backend), through the host if {@code t} lives elsewhere. */
    static Tensor copyTo(Backend b, Tensor t) {
        if (t.backend() == b) {
            return b.copy(t);
        }
        return switch (t.dtype()) {
            case F32 -> b.fromFloats(t.toFloats(), t.shape());
            case F64 -> b.fromDoubles(t.toDoubles(), t.shape());
            default -> throw new IllegalArgumentException("not a floating buffer: " + t);
        };
    }
}
