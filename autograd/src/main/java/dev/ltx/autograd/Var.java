package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A differentiable value: a {@link Tensor} plus what reverse-mode differentiation needs.
 *
 * <p>Leaf vars are made by the user ({@link #param}, {@link #constant}); interior vars are made by
 * the rules behind {@link F} and remember their parents and a backward closure. {@link #backward()}
 * sorts the graph topologically (iteratively, so deep networks cannot overflow the stack), sweeps
 * it in reverse calling each closure, and accumulates gradients into every var that requires
 * them. Afterwards the graph is freed: interior vars drop their closures, parent links and
 * gradients, so the memory of the forward pass can be reclaimed; only leaf gradients remain. A
 * second backward through a freed graph throws {@link IllegalStateException}.
 *
 * <p>Gradients accumulate across backward calls until {@link #zeroGrad()} or {@link #clearGrad()}.
 * Not thread-safe: one graph belongs to one thread.
 */
public final class Var {
    /** A rule's backward step: receives the gradient of this var's value and feeds its parents. */
    @FunctionalInterface
    interface Backward {
        void apply(Tensor gradOut);
    }

    private Tensor value;
    private final boolean requiresGrad;
    private final String op;
    private Var[] parents;
    private Backward backward;
    private boolean freed;
    private Tensor grad;

    private Var(Tensor value, boolean requiresGrad, String op, Var[] parents, Backward backward) {
        if (value == null) {
            throw new IllegalArgumentException("a Var needs a value");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.op = op;
        this.parents = parents;
        this.backward = backward;
    }

    /** A leaf that requires a gradient (a trainable parameter or an input being differentiated). */
    public static Var param(Tensor value) {
        return new Var(value, true, "leaf", null, null);
    }

    /** A leaf that never receives a gradient (data, labels, frozen values). */
    public static Var constant(Tensor value) {
        return new Var(value, false, "constant", null, null);
    }

    /** A leaf that requires a gradient or not. */
    public static Var leaf(Tensor value, boolean requiresGrad) {
        return requiresGrad ? param(value) : constant(value);
    }

    /**
     * The result of an op. It records {@code backward} and its parents only when some parent
     * requires a gradient and no {@link NoGrad} scope is active; otherwise it is a constant.
     */
    static Var fromOp(String op, Tensor value, Backward backward, Var... parents) {
        if (!recording(parents)) {
            return new Var(value, false, op, null, null);
        }
        return new Var(value, true, op, parents.clone(), backward);
    }

    /** Whether an op over {@code inputs} would record a graph node. */
    static boolean recording(Var... inputs) {
        if (NoGrad.active()) {
            return false;
        }
        for (Var v : inputs) {
            if (v != null && v.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public DType dtype() {
        return value.dtype();
    }

    public Backend backend() {
        return value.backend();
    }

    /** The single value of a one-element var. */
    public double item() {
        return value.item();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Whether this var was made by the user rather than by an op. */
    public boolean isLeaf() {
        return parents == null && !freed;
    }

    /** The op that produced this var ({@code leaf} or {@code constant} for leaves). */
    public String op() {
        return op;
    }

    /** The accumulated gradient, or null when none has arrived (or it was cleared). */
    public Tensor grad() {
        return grad;
    }

    /** A constant holding the same value, cut off from the graph. */
    public Var detach() {
        return constant(value);
    }

    /**
     * Replaces a leaf's value (e.g. when loading weights); same shape and dtype. Interior values
     * are fixed by their op and cannot be replaced.
     */
    public void setValue(Tensor newValue) {
        if (parents != null || freed) {
            throw new IllegalStateException("only a leaf's value can be replaced, this var comes from " + op);
        }
        if (!newValue.shape().equals(value.shape()) || newValue.dtype() != value.dtype()) {
            throw new IllegalArgumentException("setValue: expected " + value.dtype().shortName() + " " + value.shape()
                    + ", got " + newValue.dtype().shortName() + " " + newValue.shape());
        }
        value = newValue;
    }

    /** Sets the accumulated gradient to zeros, keeping its storage (no-op when there is none). */
    public void zeroGrad() {
        if (grad != null) {
            grad.backend().fill(grad, 0.0);
        }
    }

    /** Drops the accumulated gradient. */
    public void clearGrad() {
        grad = null;
    }

    /** Back-propagates from this one-element var with seed 1. */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalArgumentException("backward() without a seed needs a one-element var, shape is "
                    + value.shape() + "; pass a seed gradient of that shape instead");
        }
        propagate(value.backend().full(value.shape(), value.dtype(), 1.0), true);
    }

    /** Back-propagates the upstream gradient {@code seed} (same shape and dtype as the value). */
    public void backward(Tensor seed) {
        propagate(seed, false);
    }

    private void propagate(Tensor seed, boolean ownedSeed) {
        if (freed) {
            throw new IllegalStateException("backward through a graph already freed by a previous backward() (at "
                    + op + "); run the forward pass again");
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward() on a var that does not require a gradient (from " + op
                    + "): no input requires a gradient, or it was computed inside a NoGrad scope");
        }
        if (!seed.shape().equals(value.shape()) || seed.dtype() != value.dtype()) {
            throw new IllegalArgumentException("backward: seed " + seed.dtype().shortName() + " " + seed.shape()
                    + " does not match value " + value.dtype().shortName() + " " + value.shape());
        }
        List<Var> order = topologicalOrder();
        if (ownedSeed) {
            accumulateOwned(seed);
        } else {
            accumulate(seed);
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Var v = order.get(i);
            if (v.backward != null && v.grad != null) {
                v.backward.apply(v.grad);
            }
            if (v.backward != null) {
                v.free();
            }
        }
    }

    /** Post-order over the vars that require a gradient, with the root last; iterative DFS. */
    private List<Var> topologicalOrder() {
        List<Var> order = new ArrayList<>();
        Set<Var> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Var> stack = new ArrayDeque<>();
        Deque<int[]> cursor = new ArrayDeque<>();
        seen.add(this);
        stack.push(this);
        cursor.push(new int[1]);
        while (!stack.isEmpty()) {
            Var v = stack.peek();
            int[] next = cursor.peek();
            if (v.parents != null && next[0] < v.parents.length) {
                Var p = v.parents[next[0]++];
                if (p != null && p.requiresGrad && seen.add(p)) {
                    if (p.freed) {
                        throw new IllegalStateException("backward through a graph already freed by a previous backward() (at "
                                + p.op + "); run the forward pass again");
                    }
                    stack.push(p);
                    cursor.push(new int[1]);
                }
            } else {
                stack.pop();
                cursor.pop();
                order.add(v);
            }
        }
        return order;
    }

    private void free() {
        parents = null;
        backward = null;
        grad = null;
        freed = true;
    }

    /** Whether a backward pass has released this interior var's closure and parent links. */
    boolean isFreed() {
        return freed;
    }

    /** The number of recorded parents (0 for leaves, constants and freed vars). */
    int parentCount() {
        return parents == null ? 0 : parents.length;
    }

    /**
     * Adds {@code g} to the gradient. The first contribution is copied, so {@code g} may be shared
     * with other vars or be a view of someone else's tensor.
     */
    void accumulate(Tensor g) {
        checkGrad(g);
        if (grad == null) {
            grad = g.backend().copy(g);
        } else {
            grad.backend().axpy(1.0, g, grad);
        }
    }

    /**
     * Adds {@code g}, which the caller has just allocated and hands over: the first contribution
     * becomes the gradient without a copy. Never pass a tensor also given to another var.
     */
    void accumulateOwned(Tensor g) {
        checkGrad(g);
        if (grad == null) {
            grad = g;
        } else {
            grad.backend().axpy(1.0, g, grad);
        }
    }

    private void checkGrad(Tensor g) {
        if (!g.shape().equals(value.shape()) || g.dtype() != value.dtype()) {
            throw new IllegalStateException("gradient " + g.dtype().shortName() + " " + g.shape() + " does not match "
                    + op + " value " + value.dtype().shortName() + " " + value.shape());
        }
    }

    @Override
    public String toString() {
        return "Var[" + op + ", " + value.dtype().shortName() + " " + value.shape()
                + (requiresGrad ? ", requires grad" : "") + "]";
    }
}
