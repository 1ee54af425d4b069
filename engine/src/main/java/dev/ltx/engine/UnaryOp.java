package dev.ltx.engine;

/** Elementwise unary operations of the {@link Backend} op set. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, RELU,
    /** 1 where x &gt; 0, else 0: the derivative of ReLU. */
    RELU_MASK,
    ABS, SQUARE,
    /** 1 / x. */
    RECIPROCAL;

    /** The scalar definition: the reference every backend must agree with. */
    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RELU -> x > 0 ? x : 0.0;
            case RELU_MASK -> x > 0 ? 1.0 : 0.0;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1.0 / x;
        };
    }
}
