package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * Every {@link UnaryOp}: forward {@code y = op(x)} and its derivative, computed from x or y with
 * Backend ops. Non-differentiable points take the subgradient 0 (ReLU and |x| at 0); RELU_MASK is
 * piecewise constant, so its gradient is zero.
 */
final class UnaryRule {
    private UnaryRule() {
    }

    static Var apply(UnaryOp op, Var x) {
        Backend b = x.backend();
        Tensor y = b.unary(op, x.value());
        return Var.fromOp(op.name().toLowerCase(java.util.Locale.ROOT), y,
                g -> x.accumulateOwned(derivative(op, b, g, x.value(), y)), x);
    }

    /** {@code g · op'(x)}, where {@code y = op(x)}. */
    static Tensor derivative(UnaryOp op, Backend b, Tensor g, Tensor x, Tensor y) {
        return switch (op) {
            case NEG -> b.scale(g, -1.0);
            case EXP -> b.binary(BinaryOp.MUL, g, y);
            case LOG -> b.binary(BinaryOp.DIV, g, x);
            // d sqrt(x) = 1 / (2 sqrt(x))
            case SQRT -> b.scale(b.binary(BinaryOp.DIV, g, y), 0.5);
            case RELU -> b.reluBackward(g, x);
            case RELU_MASK -> b.zeros(x.shape(), x.dtype());
            // sign(x) = [x > 0] - [-x > 0], which is 0 at 0
            case ABS -> b.binary(BinaryOp.MUL, g, b.binary(BinaryOp.SUB,
                    b.unary(UnaryOp.RELU_MASK, x), b.unary(UnaryOp.RELU_MASK, b.scale(x, -1.0))));
            case SQUARE -> b.binary(BinaryOp.MUL, g, b.scale(x, 2.0));
            // d (1/x) = -1/x^2 = -y^2
            case RECIPROCAL -> b.binary(BinaryOp.MUL, g, b.scale(b.unary(UnaryOp.SQUARE, y), -1.0));
        };
    }
}
