package dev.ltx.engine;

/** Elementwise binary operations of the {@link Backend} op set (numpy broadcasting). */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** max(a, b). */
    MAX,
    /** min(a, b). */
    MIN;

    /** The scalar definition: the reference every backend must agree with. */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}
