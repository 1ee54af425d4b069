package dev.ltx.engine.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 unary loops of {@link CpuElementwiseFast}, one small method per operation, each over
 * {@code [from, bound)} with {@code bound - from} a whole number of vectors (the caller does the tail).
 *
 * <p>One method per operation on purpose. With every loop in one method behind a switch, JDK 17's C2
 * compiled the method for the operations its profile had seen when it compiled it; the others, met
 * later (ReLU's forward and its derivative mask in a 2-MLP's first steps), ran through the Vector API's
 * scalar fallback, about 50 times slower, for the rest of the run: 3.0 ms instead of 0.05 ms for a
 * 128×4096 ReLU (in one profiled {@code ltx train} JVM, ReLU and its mask took a quarter of the epoch).
 * A small method per loop is compiled (or inlined) on its own profile.
 */
final class CpuUnaryKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private CpuUnaryKernels() {
    }

    static void neg(float[] in, float[] out, int from, int bound) {
        for (int i = from; i < bound; i += S.length()) {
            load(in, i).neg().intoArray(out, i);
        }
    }

    static void sqrt(float[] in, float[] out, int from, int bound) {
        for (int i = from; i < bound; i += S.length()) {
            load(in, i).sqrt().intoArray(out, i);
        }
    }

    /** {@code x > 0 ? x : 0} (NaN gives 0, as the reference). */
    static void relu(float[] in, float[] out, int from, int bound) {
        FloatVector zero = FloatVector.zero(S);
        for (int i = from; i < bound; i += S.length()) {
            FloatVector v = load(in, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
    }

    /** {@code x > 0 ? 1 : 0}. */
    static void reluMask(float[] in, float[] out, int from, int bound) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < bound; i += S.length()) {
            zero.blend(one, load(in, i).compare(VectorOperators.GT, 0f)).intoArray(out, i);
        }
    }

    static void abs(float[] in, float[] out, int from, int bound) {
        for (int i = from; i < bound; i += S.length()) {
            load(in, i).abs().intoArray(out, i);
        }
    }

    static void square(float[] in, float[] out, int from, int bound) {
        for (int i = from; i < bound; i += S.length()) {
            FloatVector v = load(in, i);
            v.mul(v).intoArray(out, i);
        }
    }

    static void reciprocal(float[] in, float[] out, int from, int bound) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int i = from; i < bound; i += S.length()) {
            one.div(load(in, i)).intoArray(out, i);
        }
    }

    /** {@code x + t}. */
    static void addScalar(float[] in, float t, float[] out, int from, int bound) {
        for (int i = from; i < bound; i += S.length()) {
            load(in, i).add(t).intoArray(out, i);
        }
    }

    /** {@code s · x}. */
    static void scale(float[] in, float s, float[] out, int from, int bound) {
        for (int i = from; i < bound; i += S.length()) {
            load(in, i).mul(s).intoArray(out, i);
        }
    }

    private static FloatVector load(float[] x, int i) {
        return FloatVector.fromArray(S, x, i);
    }
}
