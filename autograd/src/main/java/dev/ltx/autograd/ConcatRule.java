package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Concatenates along an axis; backward slices the gradient back into each part. */
final class ConcatRule {
    private ConcatRule() {
    }

    static Var apply(List<Var> xs, int axis) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat needs at least one input");
        }
        Var[] parts = xs.toArray(new Var[0]);
        Backend b = parts[0].backend();
        List<Tensor> values = new ArrayList<>(parts.length);
        for (Var v : parts) {
            values.add(v.value());
        }
        Tensor y = b.concat(values, axis);
        int ax = y.shape().axis(axis);
        return Var.fromOp("concat", y, g -> {
            int offset = 0;
            for (Var v : parts) {
                int size = v.shape().dim(ax);
                if (v.requiresGrad()) {
                    v.accumulateOwned(b.slice(g, ax, offset, offset + size));
                }
                offset += size;
            }
        }, parts);
    }
}
