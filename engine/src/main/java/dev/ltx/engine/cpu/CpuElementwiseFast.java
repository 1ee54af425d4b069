package dev.ltx.engine.cpu;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.Broadcast;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 fast paths of the elementwise ops: Vector API loops over flat ranges, split into chunks of
 * {@link #GRAIN} elements on the shared pool (the split depends only on the size, so results do
 * not depend on the thread count; every element is computed independently anyway).
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
        float[] out = b.floats(n);
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
        int i = from;
        int bound = from + S.loopBound(to - from);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, in, i);
            FloatVector r = switch (op) {
                case NEG -> v.neg();
                case EXP, LOG -> throw new AssertionError(op);
                case SQRT -> v.sqrt();
                case RELU -> zero.blend(v, v.compare(VectorOperators.GT, 0f));
                case RELU_MASK -> zero.blend(one, v.compare(VectorOperators.GT, 0f));
                case ABS -> v.abs();
                case SQUARE -> v.mul(v);
                case RECIPROCAL -> one.div(v);
            };
            r.intoArray(out, i);
        }
        for (; i < to; i++) out[i] = (float) op.apply(in[i]);
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
        float[] r = b.floats(n);
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

    private static void vectorVector(BinaryOp op, float[] a, int ao, float[] c, int co, float[] r, int len,
                                     boolean swapped) {
        int i = 0;
        int bound = S.loopBound(len);
        for (; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, ao + i);
            FloatVector vc = FloatVector.fromArray(S, c, co + i);
            (swapped ? apply(op, vc, va) : apply(op, va, vc)).intoArray(r, ao + i);
        }
        for (; i < len; i++) {
            r[ao + i] = swapped ? (float) op.apply(c[co + i], a[ao + i]) : (float) op.apply(a[ao + i], c[co + i]);
        }
    }

    private static void vectorScalar(BinaryOp op, float[] a, int ao, float s, float[] r, int len, boolean swapped) {
        int i = 0;
        int bound = S.loopBound(len);
        FloatVector vs = FloatVector.broadcast(S, s);
        for (; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, ao + i);
            (swapped ? apply(op, vs, va) : apply(op, va, vs)).intoArray(r, ao + i);
        }
        for (; i < len; i++) {
            r[ao + i] = swapped ? (float) op.apply(s, a[ao + i]) : (float) op.apply(a[ao + i], s);
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
        };
    }

    /** {@code s · x} (when {@code t == 0}) or {@code x + t} (when {@code s == 1}), elementwise. */
    static Tensor affine(CpuBackend b, Tensor x, double s, double t) {
        float[] in = CpuStorage.f32(x);
        int n = x.numel();
        float[] out = b.floats(n);
        float sf = (float) s;
        float tf = (float) t;
        boolean add = t != 0.0;
        b.pool().forRange(n, GRAIN, (from, to) -> {
            int i = from;
            int bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, in, i);
                (add ? v.add(tf) : v.mul(sf)).intoArray(out, i);
            }
            for (; i < to; i++) out[i] = add ? in[i] + tf : in[i] * sf;
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
            int i = from;
            int bound = from + S.loopBound(to - from);
            for (; i < bound; i += S.length()) {
                FloatVector vx = FloatVector.fromArray(S, xa, i);
                FloatVector vy = FloatVector.fromArray(S, ya, i);
                vx.mul(af).add(vy.mul(bf)).intoArray(ya, i);
            }
            for (; i < to; i++) ya[i] = af * xa[i] + bf * ya[i];
        });
    }
}
