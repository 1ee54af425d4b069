package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * Every {@link BinaryOp} with numpy broadcasting: forward {@code z = op(a, b)}; backward forms
 * each operand's partial derivative at the broadcast shape and sums it back to the operand's
 * shape. For MAX and MIN the gradient of a tie goes to {@code a}.
 */
final class BinaryRule {
    private BinaryRule() {
    }

    static Var apply(BinaryOp op, Var a, Var b) {
        Backend be = a.backend();
        Tensor av = a.value();
        Tensor bv = b.value();
        Tensor z = be.binary(op, av, bv);
        return Var.fromOp(op.name().toLowerCase(java.util.Locale.ROOT), z, g -> {
            if (a.requiresGrad()) {
                a.accumulate(Broadcast.sumTo(gradA(op, be, g, av, bv, z), av.shape()));
            }
            if (b.requiresGrad()) {
                b.accumulate(Broadcast.sumTo(gradB(op, be, g, av, bv, z), bv.shape()));
            }
        }, a, b);
    }

    /** {@code g · dz/da} at the broadcast shape. */
    private static Tensor gradA(BinaryOp op, Backend be, Tensor g, Tensor a, Tensor b, Tensor z) {
        return switch (op) {
            case ADD, SUB -> g;
            case MUL -> be.binary(BinaryOp.MUL, g, b);
            case DIV -> be.binary(BinaryOp.DIV, g, b);
            case MAX -> be.binary(BinaryOp.MUL, g, atLeast(be, a, b));
            case MIN -> be.binary(BinaryOp.MUL, g, atLeast(be, b, a));
        };
    }

    /** {@code g · dz/db} at the broadcast shape. */
    private static Tensor gradB(BinaryOp op, Backend be, Tensor g, Tensor a, Tensor b, Tensor z) {
        return switch (op) {
            case ADD -> g;
            case SUB -> be.scale(g, -1.0);
            case MUL -> be.binary(BinaryOp.MUL, g, a);
            // d(a/b)/db = -a/b^2 = -z/b
            case DIV -> be.scale(be.binary(BinaryOp.DIV, be.binary(BinaryOp.MUL, g, z), b), -1.0);
            case MAX -> be.binary(BinaryOp.MUL, g, greater(be, b, a));
            case MIN -> be.binary(BinaryOp.MUL, g, greater(be, a, b));
        };
    }

    /** 1 where {@code p >= q}, else 0 (broadcast): {@code 1 - [q - p > 0]}. */
    private static Tensor atLeast(Backend be, Tensor p, Tensor q) {
        return be.addScalar(be.scale(be.unary(UnaryOp.RELU_MASK, be.binary(BinaryOp.SUB, q, p)), -1.0), 1.0);
    }

    /** 1 where {@code p > q}, else 0 (broadcast): the complement of {@code atLeast(q, p)}. */
    private static Tensor greater(Backend be, Tensor p, Tensor q) {
        return be.unary(UnaryOp.RELU_MASK, be.binary(BinaryOp.SUB, p, q));
    }
}
