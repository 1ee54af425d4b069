package dev.ltx.nn.layers;

import dev.ltx.autograd.BatchNormOutput;
import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import java.util.OptionalDouble;

/**
 * Batch normalization over the channel axis of (N, C, H, W) (or (N, C)) input, as PyTorch's
 * {@code BatchNorm2d} with {@code track_running_stats=True}.
 *
 * <p>State (PyTorch names): parameters {@code weight} (γ, ones) and {@code bias} (β, zeros) when
 * affine; buffers {@code running_mean} (zeros), {@code running_var} (ones) and
 * {@code num_batches_tracked} (I64 scalar, 0).
 *
 * <p>Training mode normalizes with the batch statistics and then, for n = N·H·W values per channel,
 * increments {@code num_batches_tracked} and updates, with factor f = momentum (default 0.1) or,
 * when the momentum is cumulative (PyTorch's {@code momentum=None}), f = 1 / num_batches_tracked:
 * {@code running_mean <- (1 - f)·running_mean + f·mean} and
 * {@code running_var <- (1 - f)·running_var + f·var·n/(n - 1)} (unbiased batch variance), each as
 * one in-place {@link Backend#axpby}. Evaluation mode normalizes with the running statistics.
 */
public final class BatchNorm2d extends Module {
    /** PyTorch's default epsilon. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default momentum. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int numFeatures;
    private final double eps;
    private Double momentum;
    private final Var weight;
    private final Var bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;
    private long batchesTracked;

    /** Affine, eps 1e-5, momentum 0.1 (PyTorch defaults). */
    public BatchNorm2d(LayerInit init, int numFeatures) {
        this(init, numFeatures, DEFAULT_EPS, DEFAULT_MOMENTUM, true);
    }

    /**
     * @param momentum running-statistics factor in (0, 1], or null for the cumulative moving average
     * @param affine   whether to learn γ and β
     */
    public BatchNorm2d(LayerInit init, int numFeatures, double eps, Double momentum, boolean affine) {
        if (numFeatures < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("BatchNorm2d needs numFeatures >= 1 and eps > 0, got " + numFeatures
                    + ", " + eps);
        }
        checkMomentum(momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        Shape c = Shape.of(numFeatures);
        this.weight = affine ? addParameter("weight", init.full(c, 1.0)) : null;
        this.bias = affine ? addParameter("bias", init.full(c, 0.0)) : null;
        this.runningMean = addBuffer("running_mean", init.full(c, 0.0));
        this.runningVar = addBuffer("running_var", init.full(c, 1.0));
        this.numBatchesTracked = addBuffer("num_batches_tracked", init.backend().zeros(Shape.scalar(), DType.I64));
    }

    private static void checkMomentum(Double m) {
        if (m != null && !(m > 0 && m <= 1)) {
            throw new IllegalArgumentException("BatchNorm momentum must be in (0, 1] or null (cumulative), got " + m);
        }
    }

    @Override
    public Var forward(Var x) {
        int rank = x.shape().rank();
        if ((rank != 4 && rank != 2) || x.shape().dim(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm2d(" + numFeatures + ") expects input (N, " + numFeatures
                    + ", H, W), got " + x.shape() + " (running_mean " + runningMean.shape() + ")");
        }
        if (!isTraining()) {
            return F.batchNormEval(x, weight, bias, runningMean, runningVar, eps);
        }
        long n = (long) x.shape().dim(0) * x.shape().product(2, rank);
        if (n < 2) {
            throw new IllegalArgumentException("BatchNorm2d in training mode needs more than one value per channel, got input "
                    + x.shape());
        }
        BatchNormOutput out = F.batchNormTrain(x, weight, bias, eps);
        updateRunningStats(out.mean(), out.var(), n);
        return out.output();
    }

    private void updateRunningStats(Tensor batchMean, Tensor batchVar, long n) {
        Backend b = runningMean.backend();
        batchesTracked++;
        b.fill(numBatchesTracked, batchesTracked);
        double f = momentum == null ? 1.0 / batchesTracked : momentum;
        b.axpby(f, batchMean, 1.0 - f, runningMean);
        b.axpby(f * n / (n - 1.0), batchVar, 1.0 - f, runningVar);
    }

    /** Running mean 0, running variance 1, batch counter 0 (PyTorch's {@code reset_running_stats}). */
    public void resetRunningStats() {
        Backend b = runningMean.backend();
        b.fill(runningMean, 0.0);
        b.fill(runningVar, 1.0);
        batchesTracked = 0;
        b.fill(numBatchesTracked, 0.0);
    }

    /** Uses the fixed factor {@code m} for running statistics. */
    public void setMomentum(double m) {
        checkMomentum(m);
        momentum = m;
    }

    /** Uses the cumulative moving average (PyTorch's {@code momentum=None}). */
    public void useCumulativeAverage() {
        momentum = null;
    }

    /** The fixed momentum, or empty when the cumulative average is used. */
    public OptionalDouble momentum() {
        return momentum == null ? OptionalDouble.empty() : OptionalDouble.of(momentum);
    }

    @Override
    protected void afterStateLoaded() {
        batchesTracked = numBatchesTracked.toLongs()[0];
    }

    public int numFeatures() {
        return numFeatures;
    }

    public double eps() {
        return eps;
    }

    public boolean isAffine() {
        return weight != null;
    }

    /** γ (C), or null when not affine. */
    public Var weight() {
        return weight;
    }

    /** β (C), or null when not affine. */
    public Var bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /** Number of training batches seen since construction or the last reset. */
    public long numBatchesTracked() {
        return batchesTracked;
    }

    @Override
    public String toString() {
        return "BatchNorm2d(" + numFeatures + ", eps=" + eps + ", momentum=" + (momentum == null ? "None" : momentum)
                + ", affine=" + isAffine() + ")";
    }
}
