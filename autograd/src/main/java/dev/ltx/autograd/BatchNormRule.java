package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;

/**
 * Batch normalization over axis 1 of (N, C) or (N, C, H, W) input with optional affine
 * {@code gamma}/{@code beta} (C).
 *
 * <p>Training mode normalizes with batch statistics, which depend on x, so its backward is the
 * backend's full {@link Backend#batchNormBackward}. Evaluation mode uses running statistics as
 * constants: {@code y = gamma · (x - mean) · r + beta} with {@code r = 1 / sqrt(var + eps)}, so
 * {@code dx = g · gamma · r}, {@code dgamma = sum(g · (x - mean) · r)},
 * {@code dbeta = sum(g)}, summed over every axis but 1.
 */
final class BatchNormRule {
    private BatchNormRule() {
    }

    static BatchNormOutput train(Var x, Var gamma, Var beta, double eps) {
        Backend b = x.backend();
        Tensor xv = x.value();
        Tensor gv = gamma == null ? null : gamma.value();
        BatchNormResult r = b.batchNormTrain(xv, gv, beta == null ? null : beta.value(), eps);
        Var.Backward back = g -> {
            BatchNormGrads grads = b.batchNormBackward(g, xv, gv, r.mean(), r.invStd());
            if (x.requiresGrad()) {
                x.accumulateOwned(grads.input());
            }
            if (gamma != null && gamma.requiresGrad()) {
                gamma.accumulateOwned(grads.gamma());
            }
            if (beta != null && beta.requiresGrad()) {
                beta.accumulateOwned(grads.beta());
            }
        };
        Var out = Var.fromOp("batchNormTrain", r.output(), back, parents(x, gamma, beta));
        return new BatchNormOutput(out, r.mean(), r.var());
    }

    static Var eval(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, double eps) {
        Backend b = x.backend();
        Tensor xv = x.value();
        Tensor gv = gamma == null ? null : gamma.value();
        Tensor y = b.batchNormEval(xv, gv, beta == null ? null : beta.value(), runningMean, runningVar, eps);
        Shape channel = channelShape(xv.shape());
        int[] others = otherAxes(xv.shape().rank());
        Var.Backward back = g -> {
            Tensor invStd = b.reshape(b.unary(UnaryOp.RECIPROCAL,
                    b.unary(UnaryOp.SQRT, b.addScalar(runningVar, eps))), channel);
            if (x.requiresGrad()) {
                Tensor factor = gv == null ? invStd : b.binary(BinaryOp.MUL, b.reshape(gv, channel), invStd);
                x.accumulateOwned(b.binary(BinaryOp.MUL, g, factor));
            }
            if (gamma != null && gamma.requiresGrad()) {
                Tensor xhat = b.binary(BinaryOp.MUL,
                        b.binary(BinaryOp.SUB, xv, b.reshape(runningMean, channel)), invStd);
                gamma.accumulateOwned(b.reduce(ReduceOp.SUM, b.binary(BinaryOp.MUL, g, xhat), others, false));
            }
            if (beta != null && beta.requiresGrad()) {
                beta.accumulateOwned(b.reduce(ReduceOp.SUM, g, others, false));
            }
        };
        return Var.fromOp("batchNormEval", y, back, parents(x, gamma, beta));
    }

    /** (1, C) or (1, C, 1, 1): a per-channel tensor shaped to broadcast against x. */
    private static Shape channelShape(Shape x) {
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[1] = x.dim(1);
        return Shape.of(dims);
    }

    /** Every axis except the channel axis 1. */
    private static int[] otherAxes(int rank) {
        int[] axes = new int[rank - 1];
        axes[0] = 0;
        for (int i = 2; i < rank; i++) {
            axes[i - 1] = i;
        }
        return axes;
    }

    private static Var[] parents(Var x, Var gamma, Var beta) {
        return java.util.stream.Stream.of(x, gamma, beta).filter(v -> v != null).toArray(Var[]::new);
    }
}
