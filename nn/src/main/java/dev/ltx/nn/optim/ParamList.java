package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Validation of an optimizer's parameter list. */
final class ParamList {
    private ParamList() {
    }

    /**
     * An unmodifiable copy of {@code params} after checking that it is non-empty and that every
     * entry is a distinct floating leaf that requires a gradient.
     */
    static List<Var> checked(List<Var> params, String optimizer) {
        if (params == null || params.isEmpty()) {
            throw new IllegalArgumentException(optimizer + ": the parameter list is empty");
        }
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < params.size(); i++) {
            Var p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException(optimizer + ": parameter " + i + " is null");
            }
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException(optimizer + ": parameter " + i + " (" + p
                        + ") must be a leaf that requires a gradient");
            }
            if (!p.dtype().isFloating()) {
                throw new IllegalArgumentException(optimizer + ": parameter " + i + " (" + p + ") is not floating");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(optimizer + ": parameter " + i + " (" + p + ") appears twice");
            }
        }
        return List.copyOf(params);
    }

    /** Throws unless {@code lr} is finite and non-negative. */
    static double checkLr(double lr) {
        if (!(lr >= 0.0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
        return lr;
    }
}
