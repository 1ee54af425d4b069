package dev.ltx.engine;

import java.util.List;

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

    /**
     * Throws unless {@code others} holds, for every tensor of {@code params}, a floating tensor of
     * its shape and dtype ({@code what} names the list, e.g. "grads"); the params themselves must be
     * floating. Used by the group ops of optimizers.
     */
    public static void group(String op, List<Tensor> params, List<Tensor> others, String what) {
        if (others == null || others.size() != params.size()) {
            throw new IllegalArgumentException(op + ": " + params.size() + " parameters but "
                    + (others == null ? "no " + what : others.size() + " " + what));
        }
        for (int k = 0; k < params.size(); k++) {
            Tensor p = params.get(k);
            Tensor o = others.get(k);
            if (p == null || o == null) {
                throw new IllegalArgumentException(op + ": entry " + k + " of the parameters or of the " + what
                        + " is null");
            }
            sameFloating(p, o, op + " (" + what + " " + k + ")");
            sameShape(p, o, op + " (" + what + " " + k + ")");
        }
    }
}
