package dev.ltx.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 binary loops of {@link CpuElementwiseFast}, one small method per operation and operand
 * form, each over {@code [0, bound)} with {@code bound} a whole number of vectors (the caller does
 * the tail): {@code vv} reads both operands as vectors, {@code vs} takes a scalar second operand and
 * {@code sv} a scalar first one. Results are stored at {@code r[ro + i]}.
 *
 * <p>One method per loop for the reason given in {@link CpuUnaryKernels}: behind one switch, JDK 17's
 * C2 left the operations its profile had not yet seen to the Vector API's scalar fallback (a 128×4096
 * DIV or MAX took 1.1 ms instead of 0.08 ms after ADD, SUB and MUL had been profiled).
 */
final class CpuBinaryKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CpuBinaryKernels() {
    }

    static void vvAdd(float[] x, int xo, float[] y, int yo, float[] r, int ro, int bound) {
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).add(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void vvSub(float[] x, int xo, float[] y, int yo, float[] r, int ro, int bound) {
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).sub(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void vvMul(float[] x, int xo, float[] y, int yo, float[] r, int ro, int bound) {
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).mul(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void vvDiv(float[] x, int xo, float[] y, int yo, float[] r, int ro, int bound) {
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).div(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void vvMax(float[] x, int xo, float[] y, int yo, float[] r, int ro, int bound) {
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).max(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void vvMin(float[] x, int xo, float[] y, int yo, float[] r, int ro, int bound) {
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).min(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void vsAdd(float[] x, int xo, float s, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).add(v).intoArray(r, ro + i);
        }
    }

    static void vsSub(float[] x, int xo, float s, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).sub(v).intoArray(r, ro + i);
        }
    }

    static void vsMul(float[] x, int xo, float s, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).mul(v).intoArray(r, ro + i);
        }
    }

    static void vsDiv(float[] x, int xo, float s, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).div(v).intoArray(r, ro + i);
        }
    }

    static void vsMax(float[] x, int xo, float s, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).max(v).intoArray(r, ro + i);
        }
    }

    static void vsMin(float[] x, int xo, float s, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            load(x, xo + i).min(v).intoArray(r, ro + i);
        }
    }

    static void svAdd(float s, float[] y, int yo, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            v.add(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void svSub(float s, float[] y, int yo, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            v.sub(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void svMul(float s, float[] y, int yo, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            v.mul(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void svDiv(float s, float[] y, int yo, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            v.div(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void svMax(float s, float[] y, int yo, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            v.max(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    static void svMin(float s, float[] y, int yo, float[] r, int ro, int bound) {
        FloatVector v = FloatVector.broadcast(S, s);
        for (int i = 0; i < bound; i += S.length()) {
            v.min(load(y, yo + i)).intoArray(r, ro + i);
        }
    }

    /**
     * ReLU's gradient {@code r[i] = g[i] · (x[i] > 0 ? 1 : 0)} over [from, bound) (this one loop indexes
     * from {@code from}): the mask's product bit for bit.
     */
    static void reluGrad(float[] g, float[] x, float[] r, int from, int bound) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < bound; i += S.length()) {
            load(g, i).mul(zero.blend(one, load(x, i).compare(VectorOperators.GT, 0f))).intoArray(r, i);
        }
    }

    private static FloatVector load(float[] x, int i) {
        return FloatVector.fromArray(S, x, i);
    }
}
