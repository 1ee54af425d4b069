package dev.ltx.engine.cpu;

import dev.ltx.engine.Backend;
import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Checks;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.MatchCostTerm;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import dev.ltx.engine.cpu.gemm.SgemmEpilogue;
import java.util.List;

/**
 * The CPU backend: the reference and the default device.
 *
 * <p>In {@link Mode#REFERENCE} every op runs its plain scalar implementation (computing in double);
 * that is the oracle the other paths are tested against. In {@link Mode#FAST}, F32 ops take
 * Vector API, cache-blocked and multi-threaded paths; F64 and integer work still takes the
 * reference path. Each op family lives in its own class ({@code Cpu*Ops}); this class only owns
 * creation, transfer and the shared thread pool, and dispatches.
 */
public final class CpuBackend implements Backend {
    /** Which implementation the ops take. */
    public enum Mode { REFERENCE, FAST }

    private final Mode mode;
    private final Parallel pool;
    private final CpuArrayPool arrays = new CpuArrayPool(CpuArrayPool.DEFAULT_CAPACITY);
    private CpuScope scope;

    /** A CPU backend with the given mode and number of threads. */
    public CpuBackend(Mode mode, int threads) {
        this.mode = mode;
        this.pool = new Parallel(threads);
    }

    /**
     * The default CPU backend: fast mode on {@code -Dltx.threads} threads (default: every
     * available processor).
     */
    public static CpuBackend create() {
        int threads = Integer.getInteger("ltx.threads", Runtime.getRuntime().availableProcessors());
        return new CpuBackend(Mode.FAST, Math.max(1, threads));
    }

    /** The scalar reference backend (single thread). */
    public static CpuBackend reference() {
        return new CpuBackend(Mode.REFERENCE, 1);
    }

    public Mode mode() {
        return mode;
    }

    /** Whether F32 tensor {@code t} should take the fast path. */
    boolean fast(Tensor t) {
        return mode == Mode.FAST && t.dtype() == DType.F32;
    }

    /** The shared worker pool. */
    public Parallel pool() {
        return pool;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public String name() {
        return "cpu-" + mode.name().toLowerCase(java.util.Locale.ROOT) + "(" + pool.threads() + " threads)";
    }

    // ---------------------------------------------------------------- creation and transfer

    @Override
    public Tensor empty(Shape shape, DType dtype) {
        return wrap(arrays.take(dtype, shape.numel()), shape, dtype);
    }

    /**
     * As {@link Backend#matmul}, with the product's storage taken without the pool's zero fill: the
     * gemm with beta 0 writes every element of C without reading it (NaNs included), so the bits are
     * the same. The MNIST 2-MLP's training step zero-filled about 15 MB of products per step for
     * nothing (its weight gradient alone is 4096×784).
     */
    @Override
    public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2) {
            return Backend.super.matmul(a, b, transA, transB); // which names the operand
        }
        Shape shape = Shape.of(transA ? a.dim(1) : a.dim(0), transB ? b.dim(0) : b.dim(1));
        Tensor c = wrap(arrays.takeForOverwrite(a.dtype(), shape.numel()), shape, a.dtype());
        gemm(c, a, b, transA, transB, 1.0, 0.0);
        return c;
    }

    /**
     * Wraps {@code array} (float[], double[], int[] or long[]) without copying; the caller gives it
     * up. Inside a memory scope the scope owns it and recycles it when it closes.
     */
    Tensor wrap(Object array, Shape shape, DType dtype) {
        CpuScope s = currentScope();
        if (s == null) {
            return new Tensor(shape, dtype, this, CpuStorage.wrap(array));
        }
        CpuStorage storage = CpuStorage.pooled(array, arrays);
        s.register(storage);
        return new Tensor(shape, dtype, this, storage);
    }

    /** A zero-filled float array for an op's result, recycled from closed scopes when one is free. */
    float[] floats(int n) {
        return arrays.floats(n);
    }

    /**
     * A float array for an op's result with unspecified contents (a recycled one is not zero-filled):
     * only for an output the op writes in full before anything reads it (elementwise results, the
     * convolution's output). Each such op is tested over NaN-filled recycled arrays.
     */
    float[] floatsForOverwrite(int n) {
        return (float[]) arrays.takeForOverwrite(DType.F32, n);
    }

    /** A zero-filled double array (see {@link #floats}). */
    double[] doubles(int n) {
        return arrays.doubles(n);
    }

    /** A zero-filled int array (see {@link #floats}). */
    int[] ints(int n) {
        return arrays.ints(n);
    }

    /** The arrays recycled by this backend's memory scopes. */
    CpuArrayPool arrays() {
        return arrays;
    }

    // ---------------------------------------------------------------- memory scopes

    /**
     * Opens a scope that owns the tensors created until it (or an inner one) closes; closing it
     * recycles their arrays for later tensors of the same size (see {@link CpuScope}), so a
     * training step in steady state leaves no tensor storage to the garbage collector.
     */
    @Override
    public synchronized Scope openScope() {
        scope = new CpuScope(this, scope);
        return scope;
    }

    synchronized void popScope(CpuScope s) {
        if (scope != s) {
            throw new IllegalStateException("memory scopes must be closed innermost first");
        }
        scope = s.parent();
    }

    private synchronized CpuScope currentScope() {
        return scope;
    }

    @Override
    public Tensor fromFloats(float[] data, Shape shape) {
        Checks.length(data.length, shape, "fromFloats");
        float[] a = floats(data.length);
        System.arraycopy(data, 0, a, 0, data.length);
        return wrap(a, shape, DType.F32);
    }

    @Override
    public Tensor fromDoubles(double[] data, Shape shape) {
        Checks.length(data.length, shape, "fromDoubles");
        return wrap(data.clone(), shape, DType.F64);
    }

    @Override
    public Tensor fromInts(int[] data, Shape shape) {
        Checks.length(data.length, shape, "fromInts");
        int[] a = ints(data.length);
        System.arraycopy(data, 0, a, 0, data.length);
        return wrap(a, shape, DType.I32);
    }

    @Override
    public Tensor fromLongs(long[] data, Shape shape) {
        Checks.length(data.length, shape, "fromLongs");
        return wrap(data.clone(), shape, DType.I64);
    }

    @Override
    public float[] toFloats(Tensor t) {
        return CpuConvert.toFloats(local(t));
    }

    /** The F32 tensor's backing array itself (exactly numel long); null for other dtypes. */
    @Override
    public float[] hostFloatView(Tensor t) {
        if (local(t).dtype() != DType.F32) {
            return null;
        }
        float[] a = CpuStorage.f32(t);
        return a.length == t.numel() ? a : null;
    }

    @Override
    public void toFloats(Tensor t, float[] dst) {
        Backend.requireRoom(t, dst.length);
        CpuConvert.toFloats(local(t), dst);
    }

    @Override
    public double[] toDoubles(Tensor t) {
        return CpuConvert.toDoubles(local(t));
    }

    @Override
    public int[] toInts(Tensor t) {
        return CpuConvert.toInts(local(t));
    }

    @Override
    public long[] toLongs(Tensor t) {
        return CpuConvert.toLongs(local(t));
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        return CpuConvert.cast(this, local(t), dtype);
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        Checks.sameShape(dst, src, "copyInto");
        if (dst.dtype() != src.dtype()) {
            throw new IllegalArgumentException("copyInto: dtypes differ: " + dst + " vs " + src);
        }
        CpuConvert.copy(local(src), local(dst));
    }

    @Override
    public void fill(Tensor t, double value) {
        CpuConvert.fill(local(t), value);
    }

    private Tensor local(Tensor t) {
        if (!(t.storage() instanceof CpuStorage)) {
            throw new IllegalArgumentException("tensor is not on the CPU: " + t);
        }
        return t;
    }

    // ---------------------------------------------------------------- dispatch to op families

    @Override
    public void gemm(Tensor c, Tensor a, Tensor b, boolean transA, boolean transB, double alpha, double beta) {
        CpuMatmulOps.gemm(this, c, a, b, transA, transB, alpha, beta);
    }

    /** Narrow terms added tile by tile inside the GEMM where they qualify ({@link CpuMatchCostEpilogue}). */
    @Override
    public void gemmThenMatchCosts(Tensor c, Tensor a, Tensor b, boolean transA, boolean transB, double alpha,
                                   double beta, List<MatchCostTerm> terms) {
        SgemmEpilogue epilogue = CpuMatchCostEpilogue.of(this, c, a, b, terms);
        if (epilogue == null) {
            Backend.super.gemmThenMatchCosts(c, a, b, transA, transB, alpha, beta, terms);
        } else {
            CpuMatmulOps.gemm(this, c, a, b, transA, transB, alpha, beta, epilogue);
        }
    }

    @Override
    public Tensor batchedMatmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return CpuMatmulOps.batchedMatmul(this, a, b, transA, transB);
    }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        return CpuElementwiseOps.unary(this, op, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return CpuElementwiseOps.binary(this, op, a, b);
    }

    /** One pass for F32 tensors of one shape on a FAST backend; otherwise the default composition. */
    @Override
    public Tensor reluBackward(Tensor g, Tensor x) {
        if (fast(g) && fast(x) && g.shape().equals(x.shape())) {
            return CpuElementwiseFast.reluBackward(this, g, x);
        }
        return Backend.super.reluBackward(g, x);
    }

    @Override
    public Tensor scale(Tensor x, double s) {
        return CpuElementwiseOps.scale(this, x, s);
    }

    @Override
    public Tensor addScalar(Tensor x, double s) {
        return CpuElementwiseOps.addScalar(this, x, s);
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y) {
        CpuElementwiseOps.axpby(this, alpha, x, beta, y);
    }

    /** SGD with momentum in one pass per tensor where {@link CpuOptimFast} applies; else the default composition. */
    @Override
    public void sgdStep(SgdUpdate u, List<Tensor> params, List<Tensor> grads, List<Tensor> buffers, boolean firstStep) {
        if (!CpuOptimFast.sgdMomentum(this, u, params, grads, buffers, firstStep)) {
            Backend.super.sgdStep(u, params, grads, buffers, firstStep);
        }
    }

    /**
     * Sums in double on the host in index order (no temporary tensors). Two F32 tensors are read in
     * place, each element widened to double: no double copy of either (a weight-matching objective
     * dots 12.8 MB tensors several times per FGMT step), the same sum bit for bit.
     */
    @Override
    public double dot(Tensor a, Tensor b) {
        Checks.sameShape(a, b, "dot");
        if (a.dtype() == DType.F32 && b.dtype() == DType.F32) {
            float[] x = CpuStorage.f32(a);
            float[] y = CpuStorage.f32(b);
            int n = a.numel();
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += (double) x[i] * (double) y[i];
            }
            return acc;
        }
        double[] x = a.toDoubles();
        double[] y = a == b ? x : b.toDoubles();
        double acc = 0;
        for (int i = 0; i < x.length; i++) {
            acc += x[i] * y[i];
        }
        return acc;
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return CpuReduceOps.reduce(this, op, x, axes, keepDims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis) {
        return CpuReduceOps.argmax(this, x, axis);
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        return CpuSoftmaxOps.softmax(this, x, axis);
    }

    @Override
    public Tensor logSoftmax(Tensor x, int axis) {
        return CpuSoftmaxOps.logSoftmax(this, x, axis);
    }

    @Override
    public Tensor crossEntropy(Tensor logits, Tensor labels) {
        return CpuSoftmaxOps.crossEntropy(this, logits, labels);
    }

    @Override
    public Tensor crossEntropyBackward(Tensor logits, Tensor labels, Tensor gradLoss) {
        return CpuSoftmaxOps.crossEntropyBackward(this, logits, labels, gradLoss);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        return CpuConvOps.conv2d(this, x, w, bias, p);
    }

    @Override
    public Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, Shape xShape, Conv2dParams p) {
        return CpuConvOps.backwardInput(this, gradOut, w, xShape, p);
    }

    @Override
    public Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, Shape wShape, Conv2dParams p) {
        return CpuConvOps.backwardWeight(this, gradOut, x, wShape, p);
    }

    @Override
    public Tensor conv2dBackwardBias(Tensor gradOut) {
        return CpuConvOps.backwardBias(this, gradOut);
    }

    @Override
    public MaxPoolResult maxPool2d(Tensor x, Pool2dParams p) {
        return CpuPoolOps.maxPool2d(this, x, p);
    }

    @Override
    public Tensor maxPool2dBackward(Tensor gradOut, Tensor indices, Shape xShape, Pool2dParams p) {
        return CpuPoolOps.maxPool2dBackward(this, gradOut, indices, xShape, p);
    }

    @Override
    public Tensor avgPool2d(Tensor x, Pool2dParams p) {
        return CpuPoolOps.avgPool2d(this, x, p);
    }

    @Override
    public Tensor avgPool2dBackward(Tensor gradOut, Shape xShape, Pool2dParams p) {
        return CpuPoolOps.avgPool2dBackward(this, gradOut, xShape, p);
    }

    @Override
    public BatchNormResult batchNormTrain(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return CpuBatchNormOps.train(this, x, gamma, beta, eps);
    }

    @Override
    public Tensor batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps) {
        return CpuBatchNormOps.eval(this, x, gamma, beta, runningMean, runningVar, eps);
    }

    @Override
    public BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        return CpuBatchNormOps.backward(this, gradOut, x, gamma, mean, invStd);
    }

    @Override
    public Tensor indexSelect(Tensor x, int axis, Tensor indices) {
        return CpuIndexOps.indexSelect(this, x, axis, indices);
    }

    @Override
    public Tensor indexAdd(Shape shape, int axis, Tensor indices, Tensor src) {
        return CpuIndexOps.indexAdd(this, shape, axis, indices, src);
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        if (x.numel() != shape.numel()) {
            throw new IllegalArgumentException("reshape: cannot view " + x.shape() + " as " + shape);
        }
        return new Tensor(shape, x.dtype(), this, local(x).storage());
    }

    @Override
    public Tensor permute(Tensor x, int... perm) {
        return CpuLayoutOps.permute(this, x, perm);
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return CpuLayoutOps.concat(this, xs, axis);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        return CpuLayoutOps.slice(this, x, axis, start, end);
    }

    @Override
    public Tensor sliceScatter(Shape shape, int axis, int start, Tensor src) {
        return CpuLayoutOps.sliceScatter(this, shape, axis, start, src);
    }

    @Override
    public void close() {
        pool.close();
        arrays.clear();
    }
}
