package dev.ltx.engine.cpu;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 16 × 16 float transposes in 512-bit registers, for the convolution paths' layout changes
 * ({@link TapPanels}): sixteen row loads, four levels that swap the off-diagonal
 * 8-, 4-, 2- and 1-lane blocks of each pair of rows (a rotation and a blend each), sixteen row
 * stores. Copying through a scalar buffer took 6–7 cycles per element even in L1.
 *
 * <p>The body is unrolled by hand (a loop over vectors held in an array would box them); only cores whose
 * preferred vectors are 512 bits wide use it ({@link #AVAILABLE}), the others keep the scalar copies.
 */
final class Transpose16 {
    /** Whether this core's preferred vectors hold 16 floats. */
    static final boolean AVAILABLE = FloatVector.SPECIES_PREFERRED.length() == 16;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final VectorShuffle<Float> UP8 = shuffle(8, true);
    private static final VectorShuffle<Float> DOWN8 = shuffle(8, false);
    private static final VectorMask<Float> HIGH8 = mask(8, true);
    private static final VectorMask<Float> LOW8 = mask(8, false);
    private static final VectorShuffle<Float> UP4 = shuffle(4, true);
    private static final VectorShuffle<Float> DOWN4 = shuffle(4, false);
    private static final VectorMask<Float> HIGH4 = mask(4, true);
    private static final VectorMask<Float> LOW4 = mask(4, false);
    private static final VectorShuffle<Float> UP2 = shuffle(2, true);
    private static final VectorShuffle<Float> DOWN2 = shuffle(2, false);
    private static final VectorMask<Float> HIGH2 = mask(2, true);
    private static final VectorMask<Float> LOW2 = mask(2, false);
    private static final VectorShuffle<Float> UP1 = shuffle(1, true);
    private static final VectorShuffle<Float> DOWN1 = shuffle(1, false);
    private static final VectorMask<Float> HIGH1 = mask(1, true);
    private static final VectorMask<Float> LOW1 = mask(1, false);

    /** Lane l of the rotation: l − b where (l &amp; b) ≠ 0 ({@code up}), else l + b ({@code !up}); l elsewhere. */
    private static VectorShuffle<Float> shuffle(int b, boolean up) {
        int[] lanes = new int[16];
        for (int l = 0; l < 16; l++) {
            boolean high = (l & b) != 0;
            lanes[l] = up ? (high ? l - b : l) : (high ? l : l + b);
        }
        return VectorShuffle.fromArray(S, lanes, 0);
    }

    /** The lanes l with (l &amp; b) ≠ 0 ({@code high}) or = 0. */
    private static VectorMask<Float> mask(int b, boolean high) {
        boolean[] lanes = new boolean[16];
        for (int l = 0; l < 16; l++) lanes[l] = ((l & b) != 0) == high;
        return VectorMask.fromArray(S, lanes, 0);
    }

    private Transpose16() {
    }

    /**
     * {@code dst[d0 + r·ds + x] = src[s0 + x·ss + r]} for r, x in [0, 16): the 16 × 16 block whose
     * rows start {@code ss} apart in {@code src}, transposed into rows {@code ds} apart in {@code dst}.
     * Source rows from {@code rows} on read as zeros; only the first {@code outRows} rows are stored,
     * each plus {@code add} when {@code plus} (else stored as they are, negative zeros included).
     *
     * <p>Whole blocks go straight through {@link #full}; a partial one (the empty or short rows of a
     * group with fewer images than its panels hold) is staged through a zero-padded buffer, and the
     * stores without a term add −0, so that {@link #full} has no branch between vectors. With those
     * branches ({@code rows > k ? load : zero}, {@code plus ? v.add(add) : v}) C2 on JDK 17 recompiled
     * the body once both ways had been taken (the unbiased input gradient after the biased forward
     * pass; a validation batch's group of 48 images) and from then on boxed its vectors: {@code ltx
     * train --model conv8} allocated about 300 MB per second in these transposes (JFR allocation
     * samples) for the rest of the run, 52 collections in 3 epochs against 11 now.
     */
    static void block(float[] src, int s0, int ss, int rows, float[] dst, int d0, int ds, int outRows, boolean plus,
                      float add) {
        // x + (-0f) is x for every float, -0f and NaN included: the same stores as no addition.
        float a = plus ? add : -0f;
        if (rows >= 16 && outRows >= 16) {
            full(src, s0, ss, dst, d0, ds, a);
            return;
        }
        // The zero-padded source block, then its transpose.
        float[] buf = ConvScratch.get(ConvScratch.TILE, 512);
        int in = Math.max(0, Math.min(16, rows));
        for (int r = 0; r < in; r++) System.arraycopy(src, s0 + r * ss, buf, r * 16, 16);
        Arrays.fill(buf, in * 16, 256, 0f);
        full(buf, 0, 16, buf, 256, 16, a);
        for (int r = 0; r < Math.min(16, outRows); r++) System.arraycopy(buf, 256 + r * 16, dst, d0 + r * ds, 16);
    }

    /** {@link #block} of a whole block: {@code dst[d0 + r·ds + x] = src[s0 + x·ss + r] + add}. */
    private static void full(float[] src, int s0, int ss, float[] dst, int d0, int ds, float add) {
        FloatVector a0 = FloatVector.fromArray(S, src, s0 + 0 * ss);
        FloatVector a1 = FloatVector.fromArray(S, src, s0 + 1 * ss);
        FloatVector a2 = FloatVector.fromArray(S, src, s0 + 2 * ss);
        FloatVector a3 = FloatVector.fromArray(S, src, s0 + 3 * ss);
        FloatVector a4 = FloatVector.fromArray(S, src, s0 + 4 * ss);
        FloatVector a5 = FloatVector.fromArray(S, src, s0 + 5 * ss);
        FloatVector a6 = FloatVector.fromArray(S, src, s0 + 6 * ss);
        FloatVector a7 = FloatVector.fromArray(S, src, s0 + 7 * ss);
        FloatVector a8 = FloatVector.fromArray(S, src, s0 + 8 * ss);
        FloatVector a9 = FloatVector.fromArray(S, src, s0 + 9 * ss);
        FloatVector a10 = FloatVector.fromArray(S, src, s0 + 10 * ss);
        FloatVector a11 = FloatVector.fromArray(S, src, s0 + 11 * ss);
        FloatVector a12 = FloatVector.fromArray(S, src, s0 + 12 * ss);
        FloatVector a13 = FloatVector.fromArray(S, src, s0 + 13 * ss);
        FloatVector a14 = FloatVector.fromArray(S, src, s0 + 14 * ss);
        FloatVector a15 = FloatVector.fromArray(S, src, s0 + 15 * ss);
        FloatVector f0 = a0.blend(a8.rearrange(UP8), HIGH8);
        FloatVector f8 = a8.blend(a0.rearrange(DOWN8), LOW8);
        FloatVector f1 = a1.blend(a9.rearrange(UP8), HIGH8);
        FloatVector f9 = a9.blend(a1.rearrange(DOWN8), LOW8);
        FloatVector f2 = a2.blend(a10.rearrange(UP8), HIGH8);
        FloatVector f10 = a10.blend(a2.rearrange(DOWN8), LOW8);
        FloatVector f3 = a3.blend(a11.rearrange(UP8), HIGH8);
        FloatVector f11 = a11.blend(a3.rearrange(DOWN8), LOW8);
        FloatVector f4 = a4.blend(a12.rearrange(UP8), HIGH8);
        FloatVector f12 = a12.blend(a4.rearrange(DOWN8), LOW8);
        FloatVector f5 = a5.blend(a13.rearrange(UP8), HIGH8);
        FloatVector f13 = a13.blend(a5.rearrange(DOWN8), LOW8);
        FloatVector f6 = a6.blend(a14.rearrange(UP8), HIGH8);
        FloatVector f14 = a14.blend(a6.rearrange(DOWN8), LOW8);
        FloatVector f7 = a7.blend(a15.rearrange(UP8), HIGH8);
        FloatVector f15 = a15.blend(a7.rearrange(DOWN8), LOW8);
        FloatVector g0 = f0.blend(f4.rearrange(UP4), HIGH4);
        FloatVector g4 = f4.blend(f0.rearrange(DOWN4), LOW4);
        FloatVector g1 = f1.blend(f5.rearrange(UP4), HIGH4);
        FloatVector g5 = f5.blend(f1.rearrange(DOWN4), LOW4);
        FloatVector g2 = f2.blend(f6.rearrange(UP4), HIGH4);
        FloatVector g6 = f6.blend(f2.rearrange(DOWN4), LOW4);
        FloatVector g3 = f3.blend(f7.rearrange(UP4), HIGH4);
        FloatVector g7 = f7.blend(f3.rearrange(DOWN4), LOW4);
        FloatVector g8 = f8.blend(f12.rearrange(UP4), HIGH4);
        FloatVector g12 = f12.blend(f8.rearrange(DOWN4), LOW4);
        FloatVector g9 = f9.blend(f13.rearrange(UP4), HIGH4);
        FloatVector g13 = f13.blend(f9.rearrange(DOWN4), LOW4);
        FloatVector g10 = f10.blend(f14.rearrange(UP4), HIGH4);
        FloatVector g14 = f14.blend(f10.rearrange(DOWN4), LOW4);
        FloatVector g11 = f11.blend(f15.rearrange(UP4), HIGH4);
        FloatVector g15 = f15.blend(f11.rearrange(DOWN4), LOW4);
        FloatVector h0 = g0.blend(g2.rearrange(UP2), HIGH2);
        FloatVector h2 = g2.blend(g0.rearrange(DOWN2), LOW2);
        FloatVector h1 = g1.blend(g3.rearrange(UP2), HIGH2);
        FloatVector h3 = g3.blend(g1.rearrange(DOWN2), LOW2);
        FloatVector h4 = g4.blend(g6.rearrange(UP2), HIGH2);
        FloatVector h6 = g6.blend(g4.rearrange(DOWN2), LOW2);
        FloatVector h5 = g5.blend(g7.rearrange(UP2), HIGH2);
        FloatVector h7 = g7.blend(g5.rearrange(DOWN2), LOW2);
        FloatVector h8 = g8.blend(g10.rearrange(UP2), HIGH2);
        FloatVector h10 = g10.blend(g8.rearrange(DOWN2), LOW2);
        FloatVector h9 = g9.blend(g11.rearrange(UP2), HIGH2);
        FloatVector h11 = g11.blend(g9.rearrange(DOWN2), LOW2);
        FloatVector h12 = g12.blend(g14.rearrange(UP2), HIGH2);
        FloatVector h14 = g14.blend(g12.rearrange(DOWN2), LOW2);
        FloatVector h13 = g13.blend(g15.rearrange(UP2), HIGH2);
        FloatVector h15 = g15.blend(g13.rearrange(DOWN2), LOW2);
        FloatVector k0 = h0.blend(h1.rearrange(UP1), HIGH1);
        FloatVector k1 = h1.blend(h0.rearrange(DOWN1), LOW1);
        FloatVector k2 = h2.blend(h3.rearrange(UP1), HIGH1);
        FloatVector k3 = h3.blend(h2.rearrange(DOWN1), LOW1);
        FloatVector k4 = h4.blend(h5.rearrange(UP1), HIGH1);
        FloatVector k5 = h5.blend(h4.rearrange(DOWN1), LOW1);
        FloatVector k6 = h6.blend(h7.rearrange(UP1), HIGH1);
        FloatVector k7 = h7.blend(h6.rearrange(DOWN1), LOW1);
        FloatVector k8 = h8.blend(h9.rearrange(UP1), HIGH1);
        FloatVector k9 = h9.blend(h8.rearrange(DOWN1), LOW1);
        FloatVector k10 = h10.blend(h11.rearrange(UP1), HIGH1);
        FloatVector k11 = h11.blend(h10.rearrange(DOWN1), LOW1);
        FloatVector k12 = h12.blend(h13.rearrange(UP1), HIGH1);
        FloatVector k13 = h13.blend(h12.rearrange(DOWN1), LOW1);
        FloatVector k14 = h14.blend(h15.rearrange(UP1), HIGH1);
        FloatVector k15 = h15.blend(h14.rearrange(DOWN1), LOW1);
        k0.add(add).intoArray(dst, d0 + 0 * ds);
        k1.add(add).intoArray(dst, d0 + 1 * ds);
        k2.add(add).intoArray(dst, d0 + 2 * ds);
        k3.add(add).intoArray(dst, d0 + 3 * ds);
        k4.add(add).intoArray(dst, d0 + 4 * ds);
        k5.add(add).intoArray(dst, d0 + 5 * ds);
        k6.add(add).intoArray(dst, d0 + 6 * ds);
        k7.add(add).intoArray(dst, d0 + 7 * ds);
        k8.add(add).intoArray(dst, d0 + 8 * ds);
        k9.add(add).intoArray(dst, d0 + 9 * ds);
        k10.add(add).intoArray(dst, d0 + 10 * ds);
        k11.add(add).intoArray(dst, d0 + 11 * ds);
        k12.add(add).intoArray(dst, d0 + 12 * ds);
        k13.add(add).intoArray(dst, d0 + 13 * ds);
        k14.add(add).intoArray(dst, d0 + 14 * ds);
        k15.add(add).intoArray(dst, d0 + 15 * ds);
    }
}
