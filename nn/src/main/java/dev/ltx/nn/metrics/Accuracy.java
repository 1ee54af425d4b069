package dev.ltx.nn.metrics;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * Top-1 classification accuracy from logits (N, C) and integer labels (N), computed with backend
 * ops ({@link Backend#argmax}, first maximum on ties) so that only the final count leaves the
 * device.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /** How many rows' arg-max equals their label. */
    public static long correct(Tensor logits, Tensor labels) {
        check(logits, labels);
        Backend b = logits.backend();
        if (logits.dim(0) == 0) {
            return 0;
        }
        // A prediction is right iff |pred − label| = 0; the difference of two integers is otherwise
        // at least 1, so 1 − |pred − label| > 0 exactly for the right ones. The arithmetic runs in the
        // logits' dtype when that is exact (F32: classes and batch rows below 2^24), so a device
        // backend without F64 math can count; the count is the same either way.
        DType math = exactInF32(logits) ? DType.F32 : DType.F64;
        try (Tensor pred = b.argmax(logits, 1);
             Tensor predF = b.cast(pred, math);
             Tensor labelF = b.cast(labels, math);
             Tensor diff = b.binary(BinaryOp.SUB, predF, labelF);
             Tensor dist = b.unary(UnaryOp.ABS, diff);
             Tensor negDist = b.scale(dist, -1.0);
             Tensor closeness = b.addScalar(negDist, 1.0);
             Tensor hit = b.unary(UnaryOp.RELU_MASK, closeness);
             Tensor count = b.reduce(ReduceOp.SUM, hit, new int[0], false)) {
            return Math.round(count.item());
        }
    }

    /** Whether labels, predictions, their differences and the count are exact F32 integers. */
    private static boolean exactInF32(Tensor logits) {
        int limit = 1 << 24;
        return logits.dtype() == DType.F32 && logits.dim(0) < limit && logits.dim(1) < limit;
    }

    /** Top-1 accuracy in percent (0 to 100); an empty batch throws. */
    public static double top1Percent(Tensor logits, Tensor labels) {
        check(logits, labels);
        int n = logits.dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("accuracy of an empty batch is undefined: logits " + logits.shape());
        }
        return 100.0 * correct(logits, labels) / n;
    }

    private static void check(Tensor logits, Tensor labels) {
        if (logits.rank() != 2 || labels.rank() != 1 || logits.dim(0) != labels.dim(0)) {
            throw new IllegalArgumentException("accuracy needs logits (N, C) and labels (N), got logits " + logits.shape()
                    + " and labels " + labels.shape());
        }
        if (!logits.dtype().isFloating() || labels.dtype().isFloating()) {
            throw new IllegalArgumentException("accuracy needs floating logits and integer labels, got "
                    + logits + " and " + labels);
        }
        if (logits.dim(1) == 0) {
            throw new IllegalArgumentException("accuracy needs at least one class, logits " + logits.shape());
        }
    }
}
