package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;

/** Shape plumbing for gradients of broadcasting ops, expressed with Backend ops only. */
final class Broadcast {
    private Broadcast() {
    }

    /**
     * Sums {@code g} (the gradient of a broadcast result) back to an operand's {@code target}
     * shape: leading axes the operand lacks are summed away, axes where it has size 1 are summed
     * with the size kept. Returns {@code g} itself when the shapes already agree.
     */
    static Tensor sumTo(Tensor g, Shape target) {
        Shape from = g.shape();
        if (from.equals(target)) {
            return g;
        }
        int lead = from.rank() - target.rank();
        if (lead < 0) {
            throw new IllegalArgumentException("cannot sum gradient " + from + " to larger shape " + target);
        }
        int[] axes = new int[from.rank()];
        int n = 0;
        for (int i = 0; i < from.rank(); i++) {
            if (i < lead) {
                axes[n++] = i;
            } else {
                int t = target.dim(i - lead);
                if (t == 1 && from.dim(i) != 1) {
                    axes[n++] = i;
                } else if (t != from.dim(i)) {
                    throw new IllegalArgumentException("cannot sum gradient " + from + " to shape " + target);
                }
            }
        }
        Backend b = g.backend();
        if (n == 0) {
            return b.reshape(g, target);
        }
        int[] reduced = java.util.Arrays.copyOf(axes, n);
        return b.reshape(b.reduce(ReduceOp.SUM, g, reduced, true), target);
    }

    /** Broadcasts {@code g} up to {@code target} (numpy rules), as a new tensor. */
    static Tensor expand(Tensor g, Shape target) {
        Backend b = g.backend();
        return b.binary(dev.ltx.engine.BinaryOp.ADD, b.zeros(target, g.dtype()), g);
    }

    /**
     * The shape {@code x} has after reducing {@code axes} with the size kept (all axes when
     * {@code axes} is empty).
     */
    static Shape keptShape(Shape x, int[] axes) {
        int[] dims = x.dims();
        if (axes.length == 0) {
            java.util.Arrays.fill(dims, 1);
        } else {
            for (int a : axes) {
                dims[x.axis(a)] = 1;
            }
        }
        return Shape.of(dims);
    }
}
