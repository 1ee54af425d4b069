package dev.ltx.engine.cuda;

import dev.ltx.engine.AdamWUpdate;
import dev.ltx.engine.Backend;
import dev.ltx.engine.BatchNormGrads;
import dev.ltx.engine.BatchNormResult;
import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Checks;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.MaxPoolResult;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import dev.ltx.kernels.Kernel;
import java.util.List;
import java.util.Locale;

/**
 * The CUDA backend: tensors live in device memory and every F32 op launches an ltx kernel
 * (module {@code native-kernels}); integer tensors are supported for creation, transfer, casts,
 * fills, layout ops and as indices/labels. F64 tensors can be created, copied, re-laid-out and
 * read back, but F64 math throws {@link UnsupportedOperationException} naming the op: there is no
 * silent host fallback inside a step. Create it with {@link #create()} only after
 * {@link CudaProbe#available()} (otherwise creation fails with the probe's reason).
 *
 * <p>Memory: a tensor's device buffer is released by {@link Tensor#close()} or by the innermost
 * {@link DeviceScope} open when it was created ({@link #openScope()}); never by the garbage
 * collector. Each op family lives in its own {@code Cuda*Ops} class; this class owns creation and
 * transfer, scopes and dispatch.
 */
public final class CudaBackend implements Backend {
    /** The GEMM kernel the backend launches. */
    public enum GemmPath {
        /** Shared-memory tiled fp32 ({@code sgemm_tiled_f32}): exact fp32 products. */
        TILED,
        /** Tensor cores with TF32 inputs and fp32 accumulation ({@code sgemm_tf32_f32}), sm_80+. */
        TF32
    }

    private final CudaRuntime rt;
    private final Device device;
    private volatile GemmPath gemmPath;
    private DeviceScope scope;

    private CudaBackend(CudaRuntime rt, GemmPath gemmPath) {
        this.rt = rt;
        this.device = Device.cuda(rt.ordinal());
        this.gemmPath = gemmPath;
    }

    /**
     * The backend of device 0 with the GEMM path from {@code -Dltx.cuda.gemm=tiled|tf32} (default tiled).
     *
     * @throws IllegalStateException with the probe's reason when CUDA is unavailable
     */
    public static CudaBackend create() {
        String path = System.getProperty("ltx.cuda.gemm", "tiled").toUpperCase(Locale.ROOT);
        GemmPath p;
        try {
            p = GemmPath.valueOf(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-Dltx.cuda.gemm must be tiled or tf32, got " + path.toLowerCase(Locale.ROOT), e);
        }
        return create(0, p);
    }

    /** The backend of device {@code ordinal} with the given GEMM path. */
    public static CudaBackend create(int ordinal, GemmPath gemmPath) {
        return new CudaBackend(CudaRuntime.forDevice(ordinal), gemmPath);
    }

    /** A backend over an already opened runtime (tests use one with a fake driver). */
    static CudaBackend on(CudaRuntime rt, GemmPath gemmPath) {
        return new CudaBackend(rt, gemmPath);
    }

    /** The GEMM kernel in use. */
    public GemmPath gemmPath() {
        return gemmPath;
    }

    /** Switches the GEMM kernel (TF32 needs compute capability 8.0 or newer). */
    public void setGemmPath(GemmPath path) {
        if (path == GemmPath.TF32 && rt.computeCapability()[0] < 8) {
            throw new IllegalStateException("TF32 tensor cores need compute capability 8.0+, device has "
                    + rt.computeCapability()[0] + "." + rt.computeCapability()[1]);
        }
        this.gemmPath = path;
    }

    @Override
    public Device device() {
        return device;
    }

    @Override
    public String name() {
        return "cuda:" + rt.ordinal() + "(" + gemmPath.name().toLowerCase(Locale.ROOT) + " gemm)";
    }

    CudaRuntime runtime() {
        return rt;
    }

    // ---------------------------------------------------------------- scopes and allocation

    /** Opens a scope that will own the tensors created until it (or an inner one) is closed. */
    @Override
    public synchronized DeviceScope openScope() {
        scope = new DeviceScope(this, scope);
        return scope;
    }

    synchronized void popScope(DeviceScope s) {
        if (scope != s) {
            throw new IllegalStateException("device scopes must be closed innermost first");
        }
        scope = s.parent();
    }

    /** Bytes of device memory held by open tensors and temporaries. */
    public long liveBytes() {
        return rt.allocator().liveBytes();
    }

    /** A new tensor owning a fresh buffer (CUDA thread only). */
    Tensor allocate(Shape shape, DType dtype) {
        DeviceBuffer buf = rt.alloc((long) shape.numel() * dtype.bytes());
        CudaStorage storage = new CudaStorage(device, buf);
        Tensor t = new Tensor(shape, dtype, this, storage);
        synchronized (this) {
            if (scope != null) scope.register(t, storage);
        }
        return t;
    }

    /** The device address of a tensor of this backend's device; names the tensor when it is elsewhere or closed. */
    long address(Tensor t) {
        if (!(t.storage() instanceof CudaStorage)) {
            throw new IllegalArgumentException("expected a CUDA tensor on " + device + ", got " + t);
        }
        if (!t.device().equals(device)) {
            throw new IllegalArgumentException("tensor " + t + " is on " + t.device() + ", this backend is on " + device);
        }
        return CudaStorage.address(t);
    }

    /** Throws unless {@code t} is F32: F64 math has no kernels, integer tensors are not floating. */
    static void requireF32(Tensor t, String op) {
        if (t.dtype() == DType.F64) {
            throw new UnsupportedOperationException("cuda backend: op " + op + " has no kernel for F64 tensors ("
                    + t + "); only F32 math runs on the GPU and there is no host fallback");
        }
        Checks.floating(t, op);
    }

    // ---------------------------------------------------------------- creation and transfer

    @Override
    public Tensor empty(Shape shape, DType dtype) {
        return rt.call("empty", () -> allocate(shape, dtype));
    }

    @Override
    public Tensor fromFloats(float[] data, Shape shape) {
        return CudaHostCopies.upload(this, data, data.length, shape, DType.F32, "fromFloats");
    }

    @Override
    public Tensor fromDoubles(double[] data, Shape shape) {
        return CudaHostCopies.upload(this, data, data.length, shape, DType.F64, "fromDoubles");
    }

    @Override
    public Tensor fromInts(int[] data, Shape shape) {
        return CudaHostCopies.upload(this, data, data.length, shape, DType.I32, "fromInts");
    }

    @Override
    public Tensor fromLongs(long[] data, Shape shape) {
        return CudaHostCopies.upload(this, data, data.length, shape, DType.I64, "fromLongs");
    }

    @Override
    public float[] toFloats(Tensor t) {
        return HostConvert.toFloats(CudaHostCopies.download(this, t, "toFloats"));
    }

    @Override
    public double[] toDoubles(Tensor t) {
        return HostConvert.toDoubles(CudaHostCopies.download(this, t, "toDoubles"));
    }

    @Override
    public int[] toInts(Tensor t) {
        return HostConvert.toInts(CudaHostCopies.download(this, t, "toInts"));
    }

    @Override
    public long[] toLongs(Tensor t) {
        return HostConvert.toLongs(CudaHostCopies.download(this, t, "toLongs"));
    }

    @Override
    public Tensor cast(Tensor t, DType dtype) {
        return CudaElementwiseOps.cast(this, t, dtype);
    }

    @Override
    public void copyInto(Tensor dst, Tensor src) {
        Checks.sameShape(dst, src, "copyInto");
        if (dst.dtype() != src.dtype()) {
            throw new IllegalArgumentException("copyInto: dtypes differ: " + dst + " vs " + src);
        }
        rt.run("copyInto", () -> rt.driver().copy(address(dst), address(src), (long) src.numel() * src.dtype().bytes()));
    }

    @Override
    public void fill(Tensor t, double value) {
        CudaElementwiseOps.fill(this, t, value);
    }

    // ---------------------------------------------------------------- dispatch to op families

    @Override
    public void gemm(Tensor c, Tensor a, Tensor b, boolean transA, boolean transB, double alpha, double beta) {
        CudaMatmulOps.gemm(this, c, a, b, transA, transB, alpha, beta);
    }

    @Override
    public Tensor batchedMatmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        return CudaMatmulOps.batchedMatmul(this, a, b, transA, transB);
    }

    @Override
    public Tensor unary(UnaryOp op, Tensor x) {
        return CudaElementwiseOps.unary(this, op, x);
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        return CudaElementwiseOps.binary(this, op, a, b);
    }

    @Override
    public Tensor scale(Tensor x, double s) {
        return CudaElementwiseOps.scalar(this, Kernel.SCALE_F32, "scale", x, s);
    }

    @Override
    public Tensor addScalar(Tensor x, double s) {
        return CudaElementwiseOps.scalar(this, Kernel.ADD_SCALAR_F32, "addScalar", x, s);
    }

    @Override
    public void axpby(double alpha, Tensor x, double beta, Tensor y) {
        CudaElementwiseOps.axpby(this, alpha, x, beta, y);
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        return CudaReduceOps.reduce(this, op, x, axes, keepDims);
    }

    @Override
    public Tensor argmax(Tensor x, int axis) {
        return CudaReduceOps.argmax(this, x, axis);
    }

    @Override
    public Tensor softmax(Tensor x, int axis) {
        return CudaSoftmaxOps.softmax(this, x, axis, false);
    }

    @Override
    public Tensor logSoftmax(Tensor x, int axis) {
        return CudaSoftmaxOps.softmax(this, x, axis, true);
    }

    @Override
    public Tensor crossEntropy(Tensor logits, Tensor labels) {
        return CudaSoftmaxOps.crossEntropy(this, logits, labels, null);
    }

    @Override
    public Tensor crossEntropyBackward(Tensor logits, Tensor labels, Tensor gradLoss) {
        return CudaSoftmaxOps.crossEntropy(this, logits, labels, gradLoss);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dParams p) {
        return CudaConvOps.conv2d(this, x, w, bias, p);
    }

    @Override
    public Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, Shape xShape, Conv2dParams p) {
        return CudaConvOps.backwardInput(this, gradOut, w, xShape, p);
    }

    @Override
    public Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, Shape wShape, Conv2dParams p) {
        return CudaConvOps.backwardWeight(this, gradOut, x, wShape, p);
    }

    @Override
    public Tensor conv2dBackwardBias(Tensor gradOut) {
        return CudaConvOps.backwardBias(this, gradOut);
    }

    @Override
    public MaxPoolResult maxPool2d(Tensor x, Pool2dParams p) {
        return CudaPoolOps.maxPool2d(this, x, p);
    }

    @Override
    public Tensor maxPool2dBackward(Tensor gradOut, Tensor indices, Shape xShape, Pool2dParams p) {
        return CudaPoolOps.maxPool2dBackward(this, gradOut, indices, xShape, p);
    }

    @Override
    public Tensor avgPool2d(Tensor x, Pool2dParams p) {
        return CudaPoolOps.avgPool2d(this, x, p);
    }

    @Override
    public Tensor avgPool2dBackward(Tensor gradOut, Shape xShape, Pool2dParams p) {
        return CudaPoolOps.avgPool2dBackward(this, gradOut, xShape, p);
    }

    @Override
    public BatchNormResult batchNormTrain(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return CudaBatchNormOps.train(this, x, gamma, beta, eps);
    }

    @Override
    public Tensor batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps) {
        return CudaBatchNormOps.eval(this, x, gamma, beta, runningMean, runningVar, eps);
    }

    @Override
    public BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        return CudaBatchNormOps.backward(this, gradOut, x, gamma, mean, invStd);
    }

    @Override
    public Tensor indexSelect(Tensor x, int axis, Tensor indices) {
        return CudaIndexOps.indexSelect(this, x, axis, indices);
    }

    @Override
    public Tensor indexAdd(Shape shape, int axis, Tensor indices, Tensor src) {
        return CudaIndexOps.indexAdd(this, shape, axis, indices, src);
    }

    @Override
    public Tensor reshape(Tensor x, Shape shape) {
        if (x.numel() != shape.numel()) {
            throw new IllegalArgumentException("reshape: cannot view shape " + x.shape() + " as " + shape);
        }
        address(x);
        // a view: shares (and is not separately owned by a scope) the storage of x
        return new Tensor(shape, x.dtype(), this, x.storage());
    }

    @Override
    public Tensor permute(Tensor x, int... perm) {
        return CudaLayoutOps.permute(this, x, perm);
    }

    @Override
    public Tensor concat(List<Tensor> xs, int axis) {
        return CudaLayoutOps.concat(this, xs, axis);
    }

    @Override
    public Tensor slice(Tensor x, int axis, int start, int end) {
        return CudaLayoutOps.slice(this, x, axis, start, end);
    }

    @Override
    public Tensor sliceScatter(Shape shape, int axis, int start, Tensor src) {
        return CudaLayoutOps.sliceScatter(this, shape, axis, start, src);
    }

    // ---------------------------------------------------------------- fused steps

    /** The whole group in one {@code sgd_group_f32} launch; see {@link CudaOptimOps#sgdGroup}. */
    @Override
    public void sgdStep(SgdUpdate u, List<Tensor> params, List<Tensor> grads, List<Tensor> buffers, boolean firstStep) {
        CudaOptimOps.sgdGroup(this, u, params, grads, buffers, firstStep);
    }

    /** The whole group in one {@code adamw_group_f32} launch; see {@link CudaOptimOps#adamwGroup}. */
    @Override
    public void adamwStep(AdamWUpdate u, long step, List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg,
                          List<Tensor> expAvgSq) {
        CudaOptimOps.adamwGroup(this, u, step, params, grads, expAvg, expAvgSq);
    }

    /** One {@code permute_axes_f32} launch over every permuted axis at once. */
    @Override
    public Tensor applyPermutations(Tensor x, int[][] perms) {
        return CudaTransferOps.applyPermutations(this, x, perms);
    }

    /** One {@code match_cost_f32} launch, without moving the axis first. */
    @Override
    public void addMatchCost(Tensor cost, Tensor t, Tensor s, int axis, double scale) {
        CudaTransferOps.addMatchCost(this, cost, t, s, axis, scale);
    }

    /** Fused SGD step of one F32 tensor ({@code sgd_f32}); see {@link CudaOptimOps#sgd}. */
    public void sgdStep(Tensor param, Tensor momentumBuffer, Tensor grad, double lr, double momentum, double dampening,
                        double weightDecay, boolean nesterov, boolean firstStep) {
        CudaOptimOps.sgd(this, param, momentumBuffer, grad, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }

    /** Fused AdamW step number {@code step} (from 1) of one F32 tensor ({@code adamw_f32}); see {@link CudaOptimOps#adamw}. */
    public void adamwStep(Tensor param, Tensor expAvg, Tensor expAvgSq, Tensor grad, long step, double lr, double beta1,
                          double beta2, double eps, double weightDecay) {
        CudaOptimOps.adamw(this, param, expAvg, expAvgSq, grad, step, lr, beta1, beta2, eps, weightDecay);
    }

    /** Waits until every launched kernel has finished. */
    public void synchronize() {
        rt.run("synchronize", () -> rt.driver().synchronize());
    }

    /** Frees the allocator's cached (unused) device buffers; open tensors stay valid. */
    @Override
    public void close() {
        rt.run("close", () -> rt.allocator().trim());
    }
}
