package dev.ltx.engine;

/** Argument checks shared by every backend; each failure names the op and the shapes at fault. */
public final class Checks {
    private Checks() {
    }

    /** Throws unless {@code t} is F32 or F64. */
    public static void floating(Tensor t, String op) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected a floating tensor, got " + t);
        }
    }

    /** Throws unless {@code t} is I32 or I64. */
    public static void integral(Tensor t, String op) {
        if (t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": expected an integer (I32/I64) tensor, got " + t);
        }
    }

    /** Throws unless both are floating tensors of one dtype. */
    public static void sameFloating(Tensor a, Tensor b, String op) {
        floating(a, op);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.dtype() + " " + a.shape()
                    + " vs " + b.dtype() + " " + b.shape());
        }
    }

    /** Throws unless both have the same shape. */
    public static void sameShape(Tensor a, Tensor b, String op) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ: " + a.shape() + " vs " + b.shape());
        }
    }

    /** Throws unless {@code t} has rank {@code rank}. */
    public static void rank(Tensor t, int rank, String op, String what) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(op + ": " + what + " must have rank " + rank + ", got shape " + t.shape());
        }
    }

    /** Throws unless the shape's size equals the data length. */
    public static void length(int length, Shape shape, String op) {
        if (length != shape.numel()) {
            throw new IllegalArgumentException(op + ": data of length " + length + " does not fit shape " + shape
                    + " (" + shape.numel() + " elements)");
        }
    }
}
