package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight-gradient kernels of {@link StemConv}: for one or two output channels and one input
 * channel of one image, per tap t and lane l, {@code part[t][l] += Σ_q gy[q·16 + l] · xp[x_q + tap t's
 * shift + l]} over the plane's 16-cell vectors q in order, the nine (or eighteen) sums held in
 * registers through the plane. Written out tap by tap: a loop over taps carrying vector
 * accumulators is what C2 has failed to keep in registers before ({@link DirectConvKernels}).
 */
final class StemGradient {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int VL = 16;

    private StemGradient() {
    }

    /**
     * Output channels at gy[gyo..] and gy[gyo + plane..]: their partials at part[at..] and
     * part[at + stride..] (nine vectors each), the input channel's padded plane at xp[xc..].
     */
    static void pair(ConvGeometry g, float[] xp, int xc, float[] gy, int gyo, float[] part, int at, int stride) {
        int wp = g.w() + 2;
        int perRow = g.w() / VL;
        int vectors = g.h() * perRow;
        int plane = g.outPlane();
        int bt = at + stride;
        FloatVector a0 = FloatVector.fromArray(S, part, at);
        FloatVector a1 = FloatVector.fromArray(S, part, at + VL);
        FloatVector a2 = FloatVector.fromArray(S, part, at + 2 * VL);
        FloatVector a3 = FloatVector.fromArray(S, part, at + 3 * VL);
        FloatVector a4 = FloatVector.fromArray(S, part, at + 4 * VL);
        FloatVector a5 = FloatVector.fromArray(S, part, at + 5 * VL);
        FloatVector a6 = FloatVector.fromArray(S, part, at + 6 * VL);
        FloatVector a7 = FloatVector.fromArray(S, part, at + 7 * VL);
        FloatVector a8 = FloatVector.fromArray(S, part, at + 8 * VL);
        FloatVector b0 = FloatVector.fromArray(S, part, bt);
        FloatVector b1 = FloatVector.fromArray(S, part, bt + VL);
        FloatVector b2 = FloatVector.fromArray(S, part, bt + 2 * VL);
        FloatVector b3 = FloatVector.fromArray(S, part, bt + 3 * VL);
        FloatVector b4 = FloatVector.fromArray(S, part, bt + 4 * VL);
        FloatVector b5 = FloatVector.fromArray(S, part, bt + 5 * VL);
        FloatVector b6 = FloatVector.fromArray(S, part, bt + 6 * VL);
        FloatVector b7 = FloatVector.fromArray(S, part, bt + 7 * VL);
        FloatVector b8 = FloatVector.fromArray(S, part, bt + 8 * VL);
        for (int q = 0; q < vectors; q++) {
            int yq = q * VL;
            int x0 = xc + yq + 2 * (q / perRow);
            int x1 = x0 + wp;
            int x2 = x1 + wp;
            FloatVector g0 = FloatVector.fromArray(S, gy, gyo + yq);
            FloatVector g1 = FloatVector.fromArray(S, gy, gyo + plane + yq);
            FloatVector v = FloatVector.fromArray(S, xp, x0);
            a0 = g0.fma(v, a0);
            b0 = g1.fma(v, b0);
            v = FloatVector.fromArray(S, xp, x0 + 1);
            a1 = g0.fma(v, a1);
            b1 = g1.fma(v, b1);
            v = FloatVector.fromArray(S, xp, x0 + 2);
            a2 = g0.fma(v, a2);
            b2 = g1.fma(v, b2);
            v = FloatVector.fromArray(S, xp, x1);
            a3 = g0.fma(v, a3);
            b3 = g1.fma(v, b3);
            v = FloatVector.fromArray(S, xp, x1 + 1);
            a4 = g0.fma(v, a4);
            b4 = g1.fma(v, b4);
            v = FloatVector.fromArray(S, xp, x1 + 2);
            a5 = g0.fma(v, a5);
            b5 = g1.fma(v, b5);
            v = FloatVector.fromArray(S, xp, x2);
            a6 = g0.fma(v, a6);
            b6 = g1.fma(v, b6);
            v = FloatVector.fromArray(S, xp, x2 + 1);
            a7 = g0.fma(v, a7);
            b7 = g1.fma(v, b7);
            v = FloatVector.fromArray(S, xp, x2 + 2);
            a8 = g0.fma(v, a8);
            b8 = g1.fma(v, b8);
        }
        a0.intoArray(part, at);
        a1.intoArray(part, at + VL);
        a2.intoArray(part, at + 2 * VL);
        a3.intoArray(part, at + 3 * VL);
        a4.intoArray(part, at + 4 * VL);
        a5.intoArray(part, at + 5 * VL);
        a6.intoArray(part, at + 6 * VL);
        a7.intoArray(part, at + 7 * VL);
        a8.intoArray(part, at + 8 * VL);
        b0.intoArray(part, bt);
        b1.intoArray(part, bt + VL);
        b2.intoArray(part, bt + 2 * VL);
        b3.intoArray(part, bt + 3 * VL);
        b4.intoArray(part, bt + 4 * VL);
        b5.intoArray(part, bt + 5 * VL);
        b6.intoArray(part, bt + 6 * VL);
        b7.intoArray(part, bt + 7 * VL);
        b8.intoArray(part, bt + 8 * VL);
    }

    /** One output channel at gy[gyo..], its partial at part[at..]; the same sums as {@link #pair}'s first. */
    static void one(ConvGeometry g, float[] xp, int xc, float[] gy, int gyo, float[] part, int at) {
        int wp = g.w() + 2;
        int perRow = g.w() / VL;
        int vectors = g.h() * perRow;
        FloatVector a0 = FloatVector.fromArray(S, part, at);
        FloatVector a1 = FloatVector.fromArray(S, part, at + VL);
        FloatVector a2 = FloatVector.fromArray(S, part, at + 2 * VL);
        FloatVector a3 = FloatVector.fromArray(S, part, at + 3 * VL);
        FloatVector a4 = FloatVector.fromArray(S, part, at + 4 * VL);
        FloatVector a5 = FloatVector.fromArray(S, part, at + 5 * VL);
        FloatVector a6 = FloatVector.fromArray(S, part, at + 6 * VL);
        FloatVector a7 = FloatVector.fromArray(S, part, at + 7 * VL);
        FloatVector a8 = FloatVector.fromArray(S, part, at + 8 * VL);
        for (int q = 0; q < vectors; q++) {
            int yq = q * VL;
            int x0 = xc + yq + 2 * (q / perRow);
            int x1 = x0 + wp;
            int x2 = x1 + wp;
            FloatVector g0 = FloatVector.fromArray(S, gy, gyo + yq);
            a0 = g0.fma(FloatVector.fromArray(S, xp, x0), a0);
            a1 = g0.fma(FloatVector.fromArray(S, xp, x0 + 1), a1);
            a2 = g0.fma(FloatVector.fromArray(S, xp, x0 + 2), a2);
            a3 = g0.fma(FloatVector.fromArray(S, xp, x1), a3);
            a4 = g0.fma(FloatVector.fromArray(S, xp, x1 + 1), a4);
            a5 = g0.fma(FloatVector.fromArray(S, xp, x1 + 2), a5);
            a6 = g0.fma(FloatVector.fromArray(S, xp, x2), a6);
            a7 = g0.fma(FloatVector.fromArray(S, xp, x2 + 1), a7);
            a8 = g0.fma(FloatVector.fromArray(S, xp, x2 + 2), a8);
        }
        a0.intoArray(part, at);
        a1.intoArray(part, at + VL);
        a2.intoArray(part, at + 2 * VL);
        a3.intoArray(part, at + 3 * VL);
        a4.intoArray(part, at + 4 * VL);
        a5.intoArray(part, at + 5 * VL);
        a6.intoArray(part, at + 6 * VL);
        a7.intoArray(part, at + 7 * VL);
        a8.intoArray(part, at + 8 * VL);
    }
}
