package dev.ltx.engine.cpu;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Broadcast;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 fast paths of the elementwise ops: Vector API loops over flat ranges, split into chunks of
 * {@link #GRAIN} elements on the shared pool (the split depends only on the size, so results do
 * not depend on the thread count; every element is computed independently anyway). The loops live
 * in {@link CpuUnaryKernels} and {@link CpuBinaryKernels}, one small method each (why: there).
 *
 * <p>{@link #axpby} is a plain Java loop instead: one index into every array and no branch, so C2
 * vectorizes it by itself as fast as the Vector API loop did (0.050 against 0.057 ms for 128×4096 at
 * 1 thread), and its first call in a fresh JVM takes 30 ms instead of 183 (the Vector API's
 * interpreted fallback). The other loops read their operands at different offsets, which C2 leaves
 * scalar (a plain 128×4096 multiply took 0.17–0.26 ms against 0.07).
 *
 * <p>Only lane-exact vector operations are used (add, mul, div, sqrt, max, compare/blend...), whose
 * results are the same whether the code runs interpreted or compiled; EXP and LOG stay scalar.
 *
 * <p>Broadcasting takes a vector path when one operand has the result's shape and the other is a
 * block pattern ({@link Broadcast#block}): element {@code j} reads {@code (j / inner) % mid}. With
 * {@code inner == 1} (same shape, or a row such as a bias over the last axis) both operands are
 * read as vectors; otherwise (per-channel, per-row, scalar) the small operand is constant over
 * each contiguous run of {@code inner} elements and is broadcast into a vector. Any other pattern
 * takes a scalar loop over precomputed source indices.
 */
final class CpuElementwiseFast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Elements per parallel task. */
    static final int GRAIN = 1 << 15;

    private CpuElementwiseFast() {
    }

    static Tensor unary(CpuBackend b, UnaryOp op, Tensor x) {
        float[] in = CpuStorage.f32(x);
        int n = x.numel();
        float[] out = b.floatsForOverwrite(n); // every element written below
        b.pool().forRange(n, GRAIN, (from, to) -> unaryRange(op, in, out, from, to));
        return b.wrap(out, x.shape(), DType.F32);
    }

    private static void unaryRange(UnaryOp op, float[] in, float[] out, int from, int to) {
        if (op == UnaryOp.EXP || op == UnaryOp.LOG) {
            // Scalar on purpose: the Vector API's EXP/LOG give different roundings in interpreted
            // and C2-compiled code, which would make results depend on JIT timing. Math.exp/log
            // use one implementation in every tier, and match the reference exactly.
            if (op == UnaryOp.EXP) {
                exp(in, out, from, to);
            } else {
                log(in, out, from, to);
            }
            return;
        }
        int bound = from + S.loopBound(to - from);
        // One small method per operation (see CpuUnaryKernels); the tail is scalar.
        switch (op) {
            case NEG -> CpuUnaryKernels.neg(in, out, from, bound);
            case SQRT -> CpuUnaryKernels.sqrt(in, out, from, bound);
            case RELU -> CpuUnaryKernels.relu(in, out, from, bound);
            case RELU_MASK -> CpuUnaryKernels.reluMask(in, out, from, bound);
            case ABS -> CpuUnaryKernels.abs(in, out, from, bound);
            case SQUARE -> CpuUnaryKernels.square(in, out, from, bound);
            case RECIPROCAL -> CpuUnaryKernels.reciprocal(in, out, from, bound);
            case EXP, LOG -> throw new AssertionError(op);
        }
        for (int i = bound; i < to; i++) out[i] = (float) op.apply(in[i]);
    }

    private static void exp(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.exp(in[i]);
    }

    private static void log(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) out[i] = (float) Math.log(in[i]);
    }

    static Tensor binary(CpuBackend b, BinaryOp op, Tensor x, Tensor y) {
        Shape out = CpuElementwiseOps.checkBinary(op, x, y);
        int n = out.numel();
        float[] xa = CpuStorage.f32(x);
        float[] ya = CpuStorage.f32(y);
        float[] r = b.floatsForOverwrite(n); // every path writes each element
        int[] yBlock = x.shape().equals(out) ? Broadcast.block(y.shape(), out) : null;
        int[] xBlock = yBlock == null && y.shape().equals(out) ? Broadcast.block(x.shape(), out) : null;
        if (yBlock != null) {
            b.pool().forRange(n, GRAIN, (from, to) -> blockRange(op, xa, ya, yBlock[0], yBlock[1], r, from, to, false));
        } else if (xBlock != null) {
            b.pool().forRange(n, GRAIN, (from, to) -> blockRange(op, ya, xa, xBlock[0], xBlock[1], r, from, to, true));
        } else {
            int[] xi = Broadcast.sourceIndices(x.shape(), out);
            int[] yi = Broadcast.sourceIndices(y.shape(), out);
            b.pool().forRange(n, GRAIN, (from, to) -> {
                for (int j = from; j < to; j++) r[j] = (float) op.apply(xa[xi[j]], ya[yi[j]]);
            });
        }
        return b.wrap(r, out, DType.F32);
    }

    /**
     * {@code r[j] = op(full[j], part[(j / inner) % mid])} for j in [from, to), operands swapped
     * when {@code swapped}. Walks the range in runs along which the part is contiguous or constant.
     */
    private static void blockRange(BinaryOp op, float[] full, float[] part, int mid, int inner, float[] r,
                                   int from, int to, boolean swapped) {
        int j = from;
        while (j < to) {
            if (inner == 1) {
                int k = j % mid;
                int len = Math.min(to - j, mid - k);
                vectorVector(op, full, j, part, k, r, len, swapped);
                j += len;
            } else {
                int q = j / inner;
                int len = Math.min(to - j, inner - (j - q * inner));
                vectorScalar(op, full, j, part[q % mid], r, len, swapped);
                j += len;
            }
        }
    }

    /** {@code r[ao+i] = op(a[ao+i], c[co+i])} for i in [0, len), operands swapped when {@code swapped}. */
    private static void vectorVector(BinaryOp op, float[] a, int ao, float[] c, int co, float[] r, int len,
                                     boolean swapped) {
        float[] x = swapped ? c : a;
        int xo = swapped ? co : ao;
        float[] y = swapped ? a : c;
        int yo = swapped ? ao : co;
        int bound = S.loopBound(len);
        switch (op) { // one small method per loop (see CpuBinaryKernels)
            case ADD -> CpuBinaryKernels.vvAdd(x, xo, y, yo, r, ao, bound);
            case SUB -> CpuBinaryKernels.vvSub(x, xo, y, yo, r, ao, bound);
            case MUL -> CpuBinaryKernels.vvMul(x, xo, y, yo, r, ao, bound);
            case DIV -> CpuBinaryKernels.vvDiv(x, xo, y, yo, r, ao, bound);
            case MAX -> CpuBinaryKernels.vvMax(x, xo, y, yo, r, ao, bound);
            case MIN -> CpuBinaryKernels.vvMin(x, xo, y, yo, r, ao, bound);
        }
        for (int i = bound; i < len; i++) {
            r[ao + i] = (float) op.apply(x[xo + i], y[yo + i]);
        }
    }

    /** {@code r[ao+i] = op(a[ao+i], s)} for i in [0, len), or {@code op(s, a[ao+i])} when {@code swapped}. */
    private static void vectorScalar(BinaryOp op, float[] a, int ao, float s, float[] r, int len, boolean swapped) {
        int bound = S.loopBound(len);
        if (swapped) {
            scalarFirst(op, s, a, ao, r, bound);
        } else {
            scalarSecond(op, a, ao, s, r, bound);
        }
        for (int i = bound; i < len; i++) {
            r[ao + i] = swapped ? (float) op.apply(s, a[ao + i]) : (float) op.apply(a[ao + i], s);
        }
    }

    /** {@code r[ao+i] = op(a[ao+i], s)} for i in [0, bound), bound a whole number of vectors. */
    private static void scalarSecond(BinaryOp op, float[] a, int ao, float s, float[] r, int bound) {
        switch (op) {
            case ADD -> CpuBinaryKernels.vsAdd(a, ao, s, r, ao, bound);
            case SUB -> CpuBinaryKernels.vsSub(a, ao, s, r, ao, bound);
            case MUL -> CpuBinaryKernels.vsMul(a, ao, s, r, ao, bound);
            case DIV -> CpuBinaryKernels.vsDiv(a, ao, s, r, ao, bound);
            case MAX -> CpuBinaryKernels.vsMax(a, ao, s, r, ao, bound);
            case MIN -> CpuBinaryKernels.vsMin(a, ao, s, r, ao, bound);
        }
    }

    /** {@code r[ao+i] = op(s, a[ao+i])} for i in [0, bound), bound a whole number of vectors. */
    private static void scalarFirst(BinaryOp op, float s, float[] a, int ao, float[] r, int bound) {
        switch (op) {
            case ADD -> CpuBinaryKernels.svAdd(s, a, ao, r, ao, bound);
            case SUB -> CpuBinaryKernels.svSub(s, a, ao, r, ao, bound);
            case MUL -> CpuBinaryKernels.svMul(s, a, ao, r, ao, bound);
            case DIV -> CpuBinaryKernels.svDiv(s, a, ao, r, ao, bound);
            case MAX -> CpuBinaryKernels.svMax(s, a, ao, r, ao, bound);
            case MIN -> CpuBinaryKernels.svMin(s, a, ao, r, ao, bound);
        }
    }

    /** {@code g · [x > 0]}, g and x F32 of one shape: the mask and the product in one pass. */
    static Tensor reluBackward(CpuBackend b, Tensor g, Tensor x) {
        float[] ga = CpuStorage.f32(g);
        float[] xa = CpuStorage.f32(x);
        int n = x.numel();
        float[] out = b.floatsForOverwrite(n); // every element written below
        b.pool().forRange(n, GRAIN, (from, to) -> {
            int bound = from + S.loopBound(to - from);
            CpuBinaryKernels.reluGrad(ga, xa, out, from, bound);
            for (int i = bound; i < to; i++) out[i] = ga[i] * (xa[i] > 0f ? 1f : 0f);
        });
        return b.wrap(out, x.shape(), DType.F32);
    }

    /** {@code s · x} (when {@code t == 0}) or {@code x + t} (when {@code s == 1}), elementwise. */
    static Tensor affine(CpuBackend b, Tensor x, double s, double t) {
        float[] in = CpuStorage.f32(x);
        int n = x.numel();
        float[] out = b.floatsForOverwrite(n); // every element written below
        float sf = (float) s;
        float tf = (float) t;
        boolean add = t != 0.0;
        b.pool().forRange(n, GRAIN, (from, to) -> {
            int bound = from + S.loopBound(to - from);
            if (add) { // one small method per loop (see CpuUnaryKernels)
                CpuUnaryKernels.addScalar(in, tf, out, from, bound);
            } else {
                CpuUnaryKernels.scale(in, sf, out, from, bound);
            }
            for (int i = bound; i < to; i++) out[i] = add ? in[i] + tf : in[i] * sf;
        });
        return b.wrap(out, x.shape(), DType.F32);
    }

    /** In place {@code y <- alpha · x + beta · y}. */
    static void axpby(CpuBackend b, double alpha, Tensor x, double beta, Tensor y) {
        CpuElementwiseOps.checkAxpby(x, y);
        float[] xa = CpuStorage.f32(x);
        float[] ya = CpuStorage.f32(y);
        float af = (float) alpha;
        float bf = (float) beta;
        b.pool().forRange(y.numel(), GRAIN, (from, to) -> {
            // Plain Java, which C2 vectorizes by itself (see CpuOptimFast): no cold Vector API loop.
            for (int i = from; i < to; i++) ya[i] = af * xa[i] + bf * ya[i];
        });
    }
}
