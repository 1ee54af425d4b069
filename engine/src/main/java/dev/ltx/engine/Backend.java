package dev.ltx.engine;

import java.util.List;

/**
 * The op set: everything autograd, layers and learning transfer may ask of a device.
 *
 * <p>Every tensor is dense, contiguous and row-major. Unless stated otherwise an op allocates and
 * returns a new tensor; ops whose name ends in {@code Into} or that are documented as in-place
 * write into a tensor the caller owns. Floating ops accept {@link DType#F32} and {@link DType#F64}
 * operands of one dtype; mixing dtypes or shapes that do not fit throws
 * {@link IllegalArgumentException} naming both shapes. Indices and labels are {@link DType#I32} or
 * {@link DType#I64}. Axes may be negative (counted from the end).
 *
 * <p>Results must not depend on thread scheduling: the same inputs give bit-identical outputs.
 */
public interface Backend extends AutoCloseable {

    /** The device this backend's tensors live on. */
    Device device();

    /** A short human-readable name, e.g. {@code cpu-fast(2 threads)}. */
    String name();

    // ---------------------------------------------------------------- creation and transfer

    /** An uninitialized tensor (contents unspecified). */
    Tensor empty(Shape shape, DType dtype);

    /** A tensor of zeros. */
    default Tensor zeros(Shape shape, DType dtype) {
        return full(shape, dtype, 0.0);
    }

    /** A tensor filled with {@code value}. */
    default Tensor full(Shape shape, DType dtype, double value) {
        Tensor t = empty(shape, dtype);
        fill(t, value);
        return t;
    }

    /** A F32 tensor holding a copy of {@code data}, whose length must equal the shape's size. */
    Tensor fromFloats(float[] data, Shape shape);

    /** A F64 tensor holding a copy of {@code data}. */
    Tensor fromDoubles(double[] data, Shape shape);

    /** An I32 tensor holding a copy of {@code data}. */
    Tensor fromInts(int[] data, Shape shape);

    /** An I64 tensor holding a copy of {@code data}. */
    Tensor fromLongs(long[] data, Shape shape);

    /** Host copy of a tensor's contents, converted to float. */
    float[] toFloats(Tensor t);

    /**
     * Copies a tensor's contents, converted to float, into the caller's {@code dst} (its first
     * {@code numel} entries), so that a caller reading same-sized tensors repeatedly reuses one host
     * array instead of allocating one per read. The default goes through {@link #toFloats(Tensor)}.
     *
     * @throws IllegalArgumentException when {@code dst} is shorter than the tensor
     */
    default void toFloats(Tensor t, float[] dst) {
        requireRoom(t, dst.length);
        System.arraycopy(toFloats(t), 0, dst, 0, t.numel());
    }

    /**
     * The contents of a F32 tensor as the host array that holds them, without a copy, where this
     * backend keeps tensors in host arrays of exactly their size (the CPU backend); null otherwise,
     * and for other dtypes. The array is the tensor's storage: valid only while the tensor is open
     * and unchanged (its memory scope may recycle it), and read only. For large read-backs that a
     * copy would double, such as the matching's n×n cost matrices.
     */
    default float[] hostFloatView(Tensor t) {
        return null;
    }

    /** Throws when a host array of {@code length} cannot hold {@code t}'s contents. */
    static void requireRoom(Tensor t, int length) {
        if (length < t.numel()) {
            throw new IllegalArgumentException("host array of length " + length + " cannot hold a tensor of shape "
                    + t.shape() + " (" + t.numel() + " elements)");
        }
    }

    /** Host copy of a tensor's contents, converted to double. */
    double[] toDoubles(Tensor t);

    /** Host copy of a tensor's contents, converted to int (floats are truncated toward zero). */
    int[] toInts(Tensor t);

    /** Host copy of a tensor's contents, converted to long (floats are truncated toward zero). */
    long[] toLongs(Tensor t);

    /** A copy converted to {@code dtype} (a plain copy when the dtype already matches). */
    Tensor cast(Tensor t, DType dtype);

    /** A copy with its own storage. */
    default Tensor copy(Tensor t) {
        Tensor out = empty(t.shape(), t.dtype());
        copyInto(out, t);
        return out;
    }

    /** In place: {@code dst <- src}; same shape and dtype. */
    void copyInto(Tensor dst, Tensor src);

    /** In place: every element of {@code t} becomes {@code value}. */
    void fill(Tensor t, double value);

    // ---------------------------------------------------------------- matrix multiply

    /**
     * {@code op(a) · op(b)} for 2-D tensors, where {@code op(x)} is {@code x} or its transpose:
     * a is (M, K) or, when {@code transA}, (K, M); b is (K, N) or, when {@code transB}, (N, K).
     */
    default Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        int m = transA ? a.dim(1) : a.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        requireRank(a, 2, "matmul a");
        requireRank(b, 2, "matmul b");
        Tensor c = empty(Shape.of(m, n), a.dtype());
        gemm(c, a, b, transA, transB, 1.0, 0.0);
        return c;
    }

    /** In place: {@code c <- alpha · op(a) · op(b) + beta · c} (2-D; beta 0 ignores c's contents). */
    void gemm(Tensor c, Tensor a, Tensor b, boolean transA, boolean transB, double alpha, double beta);

    /** Batched {@link #matmul}: a is (B, M, K) (or (B, K, M)), b is (B, K, N) (or (B, N, K)). */
    Tensor batchedMatmul(Tensor a, Tensor b, boolean transA, boolean transB);

    // ---------------------------------------------------------------- elementwise

    /** {@code op(x)} elementwise. */
    Tensor unary(UnaryOp op, Tensor x);

    /** {@code op(a, b)} elementwise with numpy broadcasting. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /**
     * ReLU's gradient {@code g · [x > 0]} for g and x of one shape and dtype: bit for bit
     * {@code binary(MUL, g, unary(RELU_MASK, x))}, which is the default; a backend may do it in one pass.
     */
    default Tensor reluBackward(Tensor g, Tensor x) {
        return binary(BinaryOp.MUL, g, unary(UnaryOp.RELU_MASK, x));
    }

    /** {@code s · x}. */
    Tensor scale(Tensor x, double s);

    /** {@code x + s}. */
    Tensor addScalar(Tensor x, double s);

    /** In place: {@code y <- alpha · x + beta · y}; same shape and dtype. {@code x} may be {@code y} itself. */
    void axpby(double alpha, Tensor x, double beta, Tensor y);

    /** In place: {@code y <- alpha · x + y}. */
    default void axpy(double alpha, Tensor x, Tensor y) {
        axpby(alpha, x, 1.0, y);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Reduces over {@code axes} (each once, any order; empty means all axes). With
     * {@code keepDims} the reduced axes stay with size 1. MAX of a group holding a NaN is NaN and
     * MAX of an empty group throws; SUM of an empty group is 0 and MEAN of it is NaN.
     */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

    /**
     * {@code Σ a·b} over all elements (same shape) as one double, for scalars such as objectives
     * and norms that are read on the host. The default sums on this backend in the tensors' dtype
     * and reads back only the scalar; the CPU backend sums in double in index order.
     */
    default double dot(Tensor a, Tensor b) {
        Checks.sameShape(a, b, "dot");
        try (Scope ignored = openScope()) {
            return reduce(ReduceOp.SUM, binary(BinaryOp.MUL, a, b), new int[0], false).item();
        }
    }

    /** I64 indices of the maxima along {@code axis} (first one on ties, the first NaN wins); the axis is removed. */
    Tensor argmax(Tensor x, int axis);

    // ---------------------------------------------------------------- softmax and loss

    /** Numerically stable softmax along {@code axis}. */
    Tensor softmax(Tensor x, int axis);

    /** Numerically stable log-softmax along {@code axis}. */
    Tensor logSoftmax(Tensor x, int axis);

    /**
     * Per-sample cross-entropy {@code logsumexp(logits[i]) - logits[i, labels[i]]} for logits (N, C)
     * and integer labels (N); returns shape (N). Labels outside [0, C) throw.
     */
    Tensor crossEntropy(Tensor logits, Tensor labels);

    /**
     * Gradient of {@link #crossEntropy} with respect to the logits, given the upstream gradient of
     * each sample's loss {@code gradLoss} (N): {@code (softmax(logits[i]) - onehot(labels[i])) · gradLoss[i]}.
     */
    Tensor crossEntropyBackward(Tensor logits, Tensor labels, Tensor gradLoss);

    // ---------------------------------------------------------------- convolution

    /** 2-D convolution: x (N, C, H, W), w (O, C, KH, KW), optional bias (O) → (N, O, OH, OW). */
    Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dParams p);

    /** Gradient of {@link #conv2d} with respect to its input, of shape {@code xShape}. */
    Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, Shape xShape, Conv2dParams p);

    /** Gradient of {@link #conv2d} with respect to its weight, of shape {@code wShape}. */
    Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, Shape wShape, Conv2dParams p);

    /** Gradient of {@link #conv2d} with respect to its bias: sums over N, OH, OW → (O). */
    Tensor conv2dBackwardBias(Tensor gradOut);

    // ---------------------------------------------------------------- pooling

    /** Max pooling over NCHW input. */
    MaxPoolResult maxPool2d(Tensor x, Pool2dParams p);

    /** Gradient of {@link #maxPool2d}: routes each output gradient to its winning input cell. */
    Tensor maxPool2dBackward(Tensor gradOut, Tensor indices, Shape xShape, Pool2dParams p);

    /** Average pooling over NCHW input (padding counts in the divisor). */
    Tensor avgPool2d(Tensor x, Pool2dParams p);

    /** Gradient of {@link #avgPool2d}. */
    Tensor avgPool2dBackward(Tensor gradOut, Shape xShape, Pool2dParams p);

    // ---------------------------------------------------------------- batch normalization

    /**
     * Training-mode batch normalization over axis 1 of (N, C) or (N, C, H, W) input, using batch
     * statistics. {@code gamma}/{@code beta} (C) are null for a non-affine layer. Running statistics
     * are not touched here (see {@link #axpby}).
     */
    BatchNormResult batchNormTrain(Tensor x, Tensor gamma, Tensor beta, double eps);

    /** Evaluation-mode batch normalization with the given running mean and variance (C). */
    Tensor batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, double eps);

    /** Gradients of {@link #batchNormTrain}, from the saved batch mean and inverse std. */
    BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd);

    // ---------------------------------------------------------------- indexing

    /**
     * Gathers whole slices along {@code axis}: {@code out[..., i, ...] = x[..., indices[i], ...]}.
     * Applying a permutation to an axis is {@code indexSelect(x, axis, perm)}.
     */
    Tensor indexSelect(Tensor x, int axis, Tensor indices);

    /**
     * The adjoint of {@link #indexSelect}: a zero tensor of {@code shape} into which each slice
     * {@code src[..., i, ...]} is added at {@code [..., indices[i], ...]} (repeats accumulate).
     */
    Tensor indexAdd(Shape shape, int axis, Tensor indices, Tensor src);

    // ---------------------------------------------------------------- layout

    /** Same data viewed with another shape of equal size (shares storage). */
    Tensor reshape(Tensor x, Shape shape);

    /** Axes reordered: output axis i is input axis {@code perm[i]} (a copy). */
    Tensor permute(Tensor x, int... perm);

    /** Swaps two axes (a copy). */
    default Tensor transpose(Tensor x, int axis0, int axis1) {
        int r = x.rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        int a = x.shape().axis(axis0);
        int b = x.shape().axis(axis1);
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    /** Concatenation along {@code axis}; all other axes must agree. */
    Tensor concat(List<Tensor> xs, int axis);

    /** The elements with index in {@code [start, end)} along {@code axis} (a copy). */
    Tensor slice(Tensor x, int axis, int start, int end);

    /** The adjoint of {@link #slice}: zeros of {@code shape} with {@code src} placed at {@code start} along {@code axis}. */
    Tensor sliceScatter(Shape shape, int axis, int start, Tensor src);

    // ---------------------------------------------------------------- fused steps (optimizers, learning transfer)

    /**
     * One SGD step ({@code torch.optim.SGD}) over a parameter group, in place: for every k,
     * {@code params[k]} is updated from {@code grads[k]} and, when {@code u.momentum() != 0}, the
     * momentum buffer {@code buffers[k]} (same shape and dtype; on the {@code firstStep} its contents
     * are ignored and it becomes {@code g + wd·p}); {@code buffers} may be null without momentum.
     * Gradients are not modified. The default composes in-place {@link #axpby} ops per tensor
     * ({@link GenericFusedOps}); a device backend updates the whole group in one launch.
     */
    default void sgdStep(SgdUpdate u, List<Tensor> params, List<Tensor> grads, List<Tensor> buffers, boolean firstStep) {
        GenericFusedOps.sgd(this, u, params, grads, buffers, firstStep);
    }

    /**
     * One AdamW step ({@code torch.optim.AdamW}) number {@code step} (from 1, the same for the whole
     * group) over a parameter group, in place: {@code params[k]}, {@code expAvg[k]} and
     * {@code expAvgSq[k]} are updated from {@code grads[k]}. The default composes ops per tensor
     * ({@link GenericFusedOps}); a device backend updates the whole group in one launch.
     */
    default void adamwStep(AdamWUpdate u, long step, List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg,
                           List<Tensor> expAvgSq) {
        GenericFusedOps.adamw(this, u, step, params, grads, expAvg, expAvgSq);
    }

    /**
     * A new tensor {@code out[i0, .., ir] = x[p0[i0], .., pr[ir]]} where {@code perms[a]} is a
     * permutation of axis a's positions or null (axis kept): the permutation apply of learning
     * transfer, all permuted axes in one pass. The default is one {@link #indexSelect} over a
     * composite index of the leading block ({@link GenericFusedOps}).
     */
    default Tensor applyPermutations(Tensor x, int[][] perms) {
        return GenericFusedOps.applyPermutations(this, x, perms);
    }

    /**
     * In place: {@code cost (n, n) += scale · T(axis) · S(axis)ᵀ} where {@code X(axis)} is X with
     * {@code axis} (of size n) moved first and viewed as (n, rest): one weight-matching cost
     * contribution. The default is one {@link #gemm} with {@code beta = 1} ({@link GenericFusedOps}).
     */
    default void addMatchCost(Tensor cost, Tensor t, Tensor s, int axis, double scale) {
        GenericFusedOps.addMatchCost(this, cost, t, s, axis, scale);
    }

    /**
     * {@link #gemm}{@code (c, a, b, transA, transB, alpha, beta)} followed by
     * {@link #addMatchCost}{@code (c, term...)} for each term in order, with the same result bit for
     * bit; for a matching cost sum whose wide products come factored ({@code c += α·op(A)·op(B)}) and
     * whose narrow ones follow. The default makes those calls; the CPU backend adds the narrow terms
     * to each tile of c while the GEMM has it in cache, instead of one more pass over c per term.
     */
    default void gemmThenMatchCosts(Tensor c, Tensor a, Tensor b, boolean transA, boolean transB, double alpha,
                                    double beta, List<MatchCostTerm> terms) {
        gemm(c, a, b, transA, transB, alpha, beta);
        for (MatchCostTerm term : terms) {
            addMatchCost(c, term.t(), term.s(), term.axis(), term.scale());
        }
    }

    /** Releases pools and device resources held by the backend. */
    @Override
    default void close() {
    }

    // ---------------------------------------------------------------- memory scopes

    /**
     * Owner of the tensors a backend creates while it is open; see {@link Backend#openScope()}.
     * Closing releases them (on a device backend) except those passed to {@link #keep}.
     */
    interface Scope extends AutoCloseable {
        /**
         * Takes {@code tensors} out of this scope so that they outlive it: they pass to the enclosing
         * scope, or to the caller when there is none. Tensors this scope does not own (created
         * before it opened, or by another backend) and null entries are ignored. A view made by
         * {@link #reshape} shares its source's memory: keeping either keeps both.
         */
        Scope keep(Tensor... tensors);

        /** Releases what the scope still owns; closing twice does nothing. */
        @Override
        void close();
    }

    /**
     * Opens a scope that owns every tensor this backend creates until it closes: the way to bound
     * device memory over a long run, one scope per training step or evaluation batch. Memory of a
     * device backend is never freed by the garbage collector, only by {@link Tensor#close()} or by
     * the innermost open scope at the time a tensor was created.
     *
     * <p>The contract, for any backend: scopes nest last in, first out (closing one while an inner
     * one is open throws {@link IllegalStateException}); after {@code close()} every tensor created
     * inside and not {@linkplain Scope#keep kept} may be released, so using it again is an error
     * on a device backend. Whatever a step creates and something still references afterwards
     * (optimizer state allocated on the first step, a result handed to the caller) must be kept;
     * tensors created before the scope opened and updated in place inside it are unaffected.
     * Numerics do not depend on scopes.
     *
     * <p>The CPU backend's scopes recycle: arrays of tensors a closed scope did not keep go back
     * to a per-backend pool and serve later tensors of the same size (zero-filled), so a training
     * step in steady state leaves no tensor storage to the garbage collector; a released tensor
     * throws when used. The default, for backends whose memory the garbage collector owns, is a
     * scope that releases nothing.
     */
    default Scope openScope() {
        return NoScope.INSTANCE;
    }

    /** The scope of backends whose memory the garbage collector owns: keeps everything. */
    enum NoScope implements Scope {
        /** The one instance. */
        INSTANCE;

        @Override
        public Scope keep(Tensor... tensors) {
            return this;
        }

        @Override
        public void close() {
        }
    }

    /** Throws unless {@code t} has rank {@code rank}. */
    static void requireRank(Tensor t, int rank, String what) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(what + " must have rank " + rank + ", got shape " + t.shape());
        }
    }
}
