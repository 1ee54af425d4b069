package dev.ltx.engine;

import java.util.Arrays;
import java.util.List;

/**
 * The fused ops of optimizers and learning transfer ({@link Backend#sgdStep}, {@link Backend#adamwStep},
 * {@link Backend#applyPermutations}, {@link Backend#addMatchCost}) composed from the basic op set:
 * the defaults of {@link Backend}, used by the CPU backends (whose axpby, gather and GEMM kernels
 * are the fast paths) and by any backend without dedicated kernels. The arithmetic and its order
 * are exactly those the optimizers and the transfer code used before these ops existed, so CPU
 * results are unchanged to the last bit; a device backend replaces them with one launch each.
 */
public final class GenericFusedOps {
    private GenericFusedOps() {
    }

    /**
     * SGD, tensor by tensor, as in-place {@link Backend#axpby} ops that never modify the gradient
     * and need no scratch tensor: the momentum buffer is {@code g} then {@code += wd·p} on the first
     * step, {@code momentum·buf + (1−dampening)·g} then {@code += (1−dampening)·wd·p} afterwards;
     * the parameter takes {@code −lr·buf} (or, for Nesterov, {@code −lr·wd·p}, {@code −lr·g} and
     * {@code −lr·momentum·buf}, the weight-decay terms always using the parameter before the step).
     */
    static void sgd(Backend b, SgdUpdate u, List<Tensor> params, List<Tensor> grads, List<Tensor> buffers,
                    boolean firstStep) {
        checkSgd(u, params, grads, buffers);
        double lr = u.lr();
        double wd = u.weightDecay();
        double momentum = u.momentum();
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            Tensor g = grads.get(k);
            if (momentum == 0.0) {
                decay(b, p, lr, wd);
                b.axpby(-lr, g, 1.0, p);
                continue;
            }
            Tensor buf = buffers.get(k);
            if (firstStep) {
                b.copyInto(buf, g);
                if (wd != 0.0) {
                    b.axpby(wd, p, 1.0, buf);
                }
            } else {
                double keep = 1.0 - u.dampening();
                b.axpby(keep, g, momentum, buf);
                if (wd != 0.0 && keep != 0.0) {
                    b.axpby(keep * wd, p, 1.0, buf);
                }
            }
            if (u.nesterov()) {
                decay(b, p, lr, wd);
                b.axpby(-lr, g, 1.0, p);
                b.axpby(-lr * momentum, buf, 1.0, p);
            } else {
                b.axpby(-lr, buf, 1.0, p);
            }
        }
    }

    /** Checks the lists of an SGD group step (buffers are needed only with momentum). */
    public static void checkSgd(SgdUpdate u, List<Tensor> params, List<Tensor> grads, List<Tensor> buffers) {
        Checks.group("sgdStep", params, grads, "grads");
        if (u.momentum() != 0.0) {
            Checks.group("sgdStep", params, buffers, "momentum buffers");
        }
    }

    /** {@code p −= lr·wd·p} in place (x and y of axpby alias elementwise, which every backend allows). */
    private static void decay(Backend b, Tensor p, double lr, double wd) {
        if (wd != 0.0) {
            b.axpby(-lr * wd, p, 1.0, p);
        }
    }

    /**
     * AdamW, tensor by tensor: the moments are updated in place with {@link Backend#axpby}, then
     * {@code p = (1 − lr·wd)·p − (lr·c / (1 − β1^t)) · m / (sqrt(v) + eps·c)} with
     * {@code c = sqrt(1 − β2^t)} as one in-place axpby (PyTorch's {@code m / (sqrt(v)/c + eps)}
     * rearranged to save a temporary; equal up to rounding). The four temporaries ({@code g²},
     * {@code sqrt(v)}, the denominator, {@code m / denom}) are closed as soon as they are used.
     */
    static void adamw(Backend b, AdamWUpdate u, long step, List<Tensor> params, List<Tensor> grads,
                      List<Tensor> expAvg, List<Tensor> expAvgSq) {
        checkAdamW(step, params, grads, expAvg, expAvgSq);
        double beta1 = u.beta1();
        double beta2 = u.beta2();
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2Sqrt = Math.sqrt(1.0 - Math.pow(beta2, step));
        double stepSize = u.lr() * biasCorrection2Sqrt / biasCorrection1;
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            Tensor g = grads.get(k);
            Tensor m = expAvg.get(k);
            Tensor v = expAvgSq.get(k);
            b.axpby(1.0 - beta1, g, beta1, m);
            try (Tensor g2 = b.unary(UnaryOp.SQUARE, g)) {
                b.axpby(1.0 - beta2, g2, beta2, v);
            }
            try (Tensor root = b.unary(UnaryOp.SQRT, v);
                 Tensor denom = b.addScalar(root, u.eps() * biasCorrection2Sqrt);
                 Tensor ratio = b.binary(BinaryOp.DIV, m, denom)) {
                b.axpby(-stepSize, ratio, 1.0 - u.lr() * u.weightDecay(), p);
            }
        }
    }

    /** Checks the lists and the step number (from 1) of an AdamW group step. */
    public static void checkAdamW(long step, List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg,
                                  List<Tensor> expAvgSq) {
        if (step < 1) {
            throw new IllegalArgumentException("adamwStep: step must be >= 1, got " + step);
        }
        Checks.group("adamwStep", params, grads, "grads");
        Checks.group("adamwStep", params, expAvg, "exp_avg");
        Checks.group("adamwStep", params, expAvgSq, "exp_avg_sq");
    }

    /**
     * The permuted copy in ONE gather: with L the last permuted axis, {@code x} is viewed (no copy)
     * as {@code (d0·…·dL, rest)} and one {@link Backend#indexSelect} along axis 0 takes the
     * {@link #compositeIndex} (as long as the leading block, never per element).
     */
    static Tensor applyPermutations(Backend b, Tensor x, int[][] perms) {
        int last = checkPermutations(x.shape(), perms);
        if (last < 0) {
            return b.copy(x);
        }
        Shape s = x.shape();
        int lead = s.product(0, last + 1);
        int rest = s.product(last + 1, s.rank());
        int[] index = compositeIndex(s, perms, last);
        Tensor flat = b.reshape(x, Shape.of(lead, rest));
        Tensor gathered = b.indexSelect(flat, 0, b.fromInts(index, Shape.of(lead)));
        return b.reshape(gathered, s);
    }

    /**
     * Checks that {@code perms} has one entry per axis of {@code shape}, each null or a permutation
     * of that axis's positions; returns the last permuted axis (-1 when none).
     */
    public static int checkPermutations(Shape shape, int[][] perms) {
        if (perms == null || perms.length != shape.rank()) {
            throw new IllegalArgumentException("applyPermutations: need one entry (or null) per axis of " + shape
                    + ", got " + (perms == null ? "null" : perms.length));
        }
        int last = -1;
        for (int a = 0; a < perms.length; a++) {
            if (perms[a] == null) {
                continue;
            }
            int n = shape.dim(a);
            int[] p = perms[a];
            boolean ok = p.length == n;
            boolean[] seen = new boolean[n];
            for (int i = 0; ok && i < n; i++) {
                ok = p[i] >= 0 && p[i] < n && !seen[p[i]];
                if (ok) {
                    seen[p[i]] = true;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException("applyPermutations: " + Arrays.toString(p)
                        + " is not a permutation of the " + n + " positions of axis " + a + " of " + shape);
            }
            last = a;
        }
        return last;
    }

    /**
     * The flat source row of each row of the {@code (d0·…·dLast, rest)} view of a tensor of shape
     * {@code s}: for coordinates (c0, …, cLast) it is {@code Σ_a src_a·stride_a} with
     * {@code src_a = perms[a][c_a]} on permuted axes and {@code c_a} elsewhere.
     */
    public static int[] compositeIndex(Shape s, int[][] perms, int last) {
        int[] index = {0};
        for (int a = 0; a <= last; a++) {
            int d = s.dim(a);
            int[] p = perms[a];
            int[] next = new int[index.length * d];
            int k = 0;
            for (int base : index) {
                int scaled = base * d;
                for (int c = 0; c < d; c++) {
                    next[k++] = scaled + (p == null ? c : p[c]);
                }
            }
            index = next;
        }
        return index;
    }

    /**
     * {@code cost += scale · T(axis) · S(axis)ᵀ} with one GEMM ({@code beta = 1}): axis 0 is a free
     * view, axis 1 of a 2-D tensor uses the transpose flag ({@code Tᵀ·S}), other axes are moved
     * first with {@link Backend#permute}.
     */
    static void addMatchCost(Backend b, Tensor cost, Tensor t, Tensor s, int axis, double scale) {
        int a = checkMatchCost(cost, t, s, axis);
        int n = t.dim(a);
        int rest = n == 0 ? 0 : t.numel() / n;
        if (a == 0) {
            b.gemm(cost, b.reshape(t, Shape.of(n, rest)), b.reshape(s, Shape.of(n, rest)), false, true, scale, 1.0);
        } else if (a == 1 && t.rank() == 2) {
            b.gemm(cost, t, s, true, false, scale, 1.0);
        } else {
            int[] order = new int[t.rank()];
            order[0] = a;
            for (int i = 0, k = 1; i < order.length; i++) {
                if (i != a) {
                    order[k++] = i;
                }
            }
            Tensor tm = b.reshape(b.permute(t, order), Shape.of(n, rest));
            Tensor sm = b.reshape(b.permute(s, order), Shape.of(n, rest));
            b.gemm(cost, tm, sm, false, true, scale, 1.0);
        }
    }

    /** Checks the operands of {@link Backend#addMatchCost}; returns the (non-negative) axis. */
    public static int checkMatchCost(Tensor cost, Tensor t, Tensor s, int axis) {
        String op = "addMatchCost";
        Checks.sameFloating(cost, t, op);
        Checks.sameFloating(cost, s, op);
        Checks.sameShape(t, s, op);
        int a = t.shape().axis(axis);
        int n = t.dim(a);
        Checks.rank(cost, 2, op, "cost");
        if (cost.dim(0) != n || cost.dim(1) != n) {
            throw new IllegalArgumentException(op + ": cost has shape " + cost.shape() + " but axis " + a + " of "
                    + t.shape() + " has size " + n);
        }
        return a;
    }
}
