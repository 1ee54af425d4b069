package dev.ltx.autograd;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import java.util.List;

/**
 * The differentiable op set, as static functions over {@link Var}s (the facade layers and users
 * call). Each function runs its op's forward on the operands' backend and, when a graph is being
 * recorded, attaches the op's backward rule.
 */
public final class F {
    private F() {
    }

    // ---------------------------------------------------------------- elementwise

    /** {@code op(x)} elementwise. */
    public static Var unary(UnaryOp op, Var x) {
        return UnaryRule.apply(op, x);
    }

    public static Var neg(Var x) {
        return unary(UnaryOp.NEG, x);
    }

    public static Var exp(Var x) {
        return unary(UnaryOp.EXP, x);
    }

    public static Var log(Var x) {
        return unary(UnaryOp.LOG, x);
    }

    public static Var sqrt(Var x) {
        return unary(UnaryOp.SQRT, x);
    }

    public static Var relu(Var x) {
        return unary(UnaryOp.RELU, x);
    }

    public static Var abs(Var x) {
        return unary(UnaryOp.ABS, x);
    }

    public static Var square(Var x) {
        return unary(UnaryOp.SQUARE, x);
    }

    public static Var reciprocal(Var x) {
        return unary(UnaryOp.RECIPROCAL, x);
    }

    /** {@code op(a, b)} elementwise with numpy broadcasting. */
    public static Var binary(BinaryOp op, Var a, Var b) {
        return BinaryRule.apply(op, a, b);
    }

    public static Var add(Var a, Var b) {
        return binary(BinaryOp.ADD, a, b);
    }

    public static Var sub(Var a, Var b) {
        return binary(BinaryOp.SUB, a, b);
    }

    public static Var mul(Var a, Var b) {
        return binary(BinaryOp.MUL, a, b);
    }

    public static Var div(Var a, Var b) {
        return binary(BinaryOp.DIV, a, b);
    }

    public static Var maximum(Var a, Var b) {
        return binary(BinaryOp.MAX, a, b);
    }

    public static Var minimum(Var a, Var b) {
        return binary(BinaryOp.MIN, a, b);
    }

    /** {@code s · x}. */
    public static Var scale(Var x, double s) {
        return ScaleRule.apply(x, s);
    }

    /** {@code x + s}. */
    public static Var addScalar(Var x, double s) {
        return AddScalarRule.apply(x, s);
    }

    // ---------------------------------------------------------------- reductions

    /** Reduces over {@code axes} (empty: all axes), keeping them with size 1 when asked. */
    public static Var reduce(ReduceOp op, Var x, int[] axes, boolean keepDims) {
        return ReduceRule.apply(op, x, axes, keepDims);
    }

    /** Sum of all elements (a rank-0 var). */
    public static Var sum(Var x) {
        return reduce(ReduceOp.SUM, x, new int[0], false);
    }

    /** Sum over {@code axes}, which are removed. */
    public static Var sum(Var x, int... axes) {
        return reduce(ReduceOp.SUM, x, axes, false);
    }

    /** Mean of all elements (a rank-0 var). */
    public static Var mean(Var x) {
        return reduce(ReduceOp.MEAN, x, new int[0], false);
    }

    /** Mean over {@code axes}, which are removed. */
    public static Var mean(Var x, int... axes) {
        return reduce(ReduceOp.MEAN, x, axes, false);
    }

    /** Maximum over {@code axes}, which are removed. */
    public static Var max(Var x, int... axes) {
        return reduce(ReduceOp.MAX, x, axes, false);
    }

    // ---------------------------------------------------------------- softmax and loss

    public static Var softmax(Var x, int axis) {
        return SoftmaxRule.apply(x, axis);
    }

    public static Var logSoftmax(Var x, int axis) {
        return LogSoftmaxRule.apply(x, axis);
    }

    /** Mean cross-entropy of logits (N, C) against integer labels (N). */
    public static Var crossEntropy(Var logits, Tensor labels) {
        return crossEntropy(logits, labels, Reduction.MEAN);
    }

    /** Cross-entropy of logits (N, C) against integer labels (N) with the given reduction. */
    public static Var crossEntropy(Var logits, Tensor labels, Reduction reduction) {
        return CrossEntropyRule.apply(logits, labels, reduction);
    }

    // ---------------------------------------------------------------- matrix multiply

    /** {@code a · b} for 2-D vars. */
    public static Var matmul(Var a, Var b) {
        return matmul(a, b, false, false);
    }

    /** {@code op(a) · op(b)} for 2-D vars, op being the transpose where flagged. */
    public static Var matmul(Var a, Var b, boolean transA, boolean transB) {
        return MatMulRule.matmul(a, b, transA, transB);
    }

    /** Batched {@code op(a) · op(b)} for 3-D vars. */
    public static Var batchedMatmul(Var a, Var b, boolean transA, boolean transB) {
        return MatMulRule.batched(a, b, transA, transB);
    }

    /**
     * A fully connected layer, PyTorch layout: {@code x · wᵀ + bias} with x (N, in), w (out, in)
     * and bias (out) or null.
     */
    public static Var linear(Var x, Var w, Var bias) {
        Var y = matmul(x, w, false, true);
        return bias == null ? y : add(y, bias);
    }

    /**
     * As {@link #linear}, except that {@code w} receives no gradient: the backward pass hands (a copy
     * of) the gradient {@code g} with respect to the output to {@code outputGradient}, whose product
     * {@code gᵀ · x} is the weight gradient, and computes only the gradients of {@code x} and
     * {@code bias}. For callers that keep a wide layer's weight gradient as those factors.
     */
    public static Var factoredLinear(Var x, Var w, Var bias, java.util.function.Consumer<Tensor> outputGradient) {
        Var y = FactoredLinearRule.apply(x, w, outputGradient);
        return bias == null ? y : add(y, bias);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** 2-D convolution (NCHW input, OIHW weight, optional bias (O)). */
    public static Var conv2d(Var x, Var w, Var bias, Conv2dParams p) {
        return Conv2dRule.apply(x, w, bias, p);
    }

    public static Var maxPool2d(Var x, Pool2dParams p) {
        return MaxPool2dRule.apply(x, p);
    }

    public static Var avgPool2d(Var x, Pool2dParams p) {
        return AvgPool2dRule.apply(x, p);
    }

    // ---------------------------------------------------------------- batch normalization

    /** Training-mode batch normalization (batch statistics); gamma/beta may be null. */
    public static BatchNormOutput batchNormTrain(Var x, Var gamma, Var beta, double eps) {
        return BatchNormRule.train(x, gamma, beta, eps);
    }

    /** Evaluation-mode batch normalization with running statistics as constants. */
    public static Var batchNormEval(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, double eps) {
        return BatchNormRule.eval(x, gamma, beta, runningMean, runningVar, eps);
    }

    // ---------------------------------------------------------------- indexing and layout

    /** Gathers slices along {@code axis} by integer indices (repeats allowed). */
    public static Var indexSelect(Var x, int axis, Tensor indices) {
        return IndexSelectRule.apply(x, axis, indices);
    }

    /**
     * {@code x} itself in the forward pass; in the backward pass {@code observer} receives (a copy of)
     * the gradient with respect to it, which then flows on to {@code x} unchanged.
     */
    public static Var tap(Var x, java.util.function.Consumer<Tensor> observer) {
        return TapRule.apply(x, observer);
    }

    public static Var reshape(Var x, Shape shape) {
        return ReshapeRule.apply(x, shape);
    }

    /** Keeps axis 0 and flattens the rest: (N, ...) → (N, rest). */
    public static Var flatten(Var x) {
        Shape s = x.shape();
        return reshape(x, Shape.of(s.dim(0), s.product(1, s.rank())));
    }

    /** Output axis i is input axis {@code perm[i]}. */
    public static Var permute(Var x, int... perm) {
        return PermuteRule.apply(x, perm);
    }

    /** Swaps two axes. */
    public static Var transpose(Var x, int axis0, int axis1) {
        int r = x.shape().rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) {
            perm[i] = i;
        }
        int a = x.shape().axis(axis0);
        int b = x.shape().axis(axis1);
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    public static Var concat(List<Var> xs, int axis) {
        return ConcatRule.apply(xs, axis);
    }

    /** Indices [start, end) along {@code axis}. */
    public static Var slice(Var x, int axis, int start, int end) {
        return SliceRule.apply(x, axis, start, end);
    }
}
