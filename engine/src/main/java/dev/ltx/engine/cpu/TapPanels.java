package dev.ltx.engine.cpu;

import dev.ltx.engine.ConvGeometry;
import dev.ltx.engine.cpu.gemm.PackedTiles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TapConv}'s forward pass and input gradient with the input stored as the GEMM micro-kernel's
 * own packed B panels, so no product packs anything.
 *
 * <p>A group of {@link TapConv#IMAGES} images is transposed once to {@code xt[cell][j][c][x]}: for
 * each cell, {@code IMAGES / NR} panels of NR images ({@link PackedTiles#width()}), each a cin × NR
 * block with one row per input channel, which is exactly the layout the micro-kernel reads. The
 * output tile of cell q, output-channel slab s and panel j is then the sum over the taps that read
 * inside the image of one micro-kernel call each, on tap t's packed weight slab and the panel of the
 * cell q + shift(t); taps outside the image are simply not called. The tap order is the one
 * {@link TapConv}'s per-tap GEMMs used (centre first, then the others in order), and each call sums
 * its channels as {@link dev.ltx.engine.cpu.gemm.Sgemm} sums one k block, so every output has the
 * bits those GEMMs gave (they packed the same panels from a cell-major copy on every call: on Conv8's
 * 4x4 and 8x8 layers this path takes 6–15 % less time).
 *
 * <p>Loops run cell, slab, tap, panel: the nine panels around a cell stay in L2 while every slab
 * of the packed weight streams past once per cell. Work is split over cells, which never changes
 * a result.
 */
final class TapPanels {
    private static final int MR = PackedTiles.rows();
    private static final int NR = PackedTiles.width();
    private static final int VL = PackedTiles.lanes();
    /** Vectors of the tap sums (a tile is whole vectors of any preferred length: 320 or 64 floats). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Side of the square blocks the transposes move through a local buffer. */
    private static final int BLOCK = 16;

    private TapPanels() {
    }

    /** Output-channel slabs of MR rows (the last padded with zero weights). */
    static int slabs(int cout) {
        return (cout + MR - 1) / MR;
    }

    /** Floats of the packed weight of a cin → cout pass. */
    static int weightSize(ConvGeometry g, int cin, int cout) {
        return g.kh() * g.kw() * slabs(cout) * MR * cin;
    }

    /**
     * Packs w (O, C, KH, KW) for a cin → cout pass: {@code wp[t'][s][v][r]} = the weight from input
     * channel v to output channel s·MR + r at tap t (zero past cout). Forward: cin = C, cout = O,
     * t' = t; input gradient ({@code flip}): cin = O, cout = C, t' = taps − 1 − t.
     */
    static void packWeight(Parallel pool, ConvGeometry g, float[] w, boolean flip, float[] wp) {
        int taps = g.kh() * g.kw();
        int cin = flip ? g.o() : g.c();
        int cout = flip ? g.c() : g.o();
        int slabs = slabs(cout);
        pool.forRange(slabs, 4, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                for (int r = 0; r < MR; r++) {
                    int u = s * MR + r;
                    for (int t = 0; t < taps; t++) {
                        int dst = ((flip ? taps - 1 - t : t) * slabs + s) * cin * MR + r;
                        if (u >= cout) {
                            for (int v = 0; v < cin; v++) wp[dst + v * MR] = 0f;
                        } else if (flip) {
                            for (int v = 0; v < cin; v++) wp[dst + v * MR] = w[(v * cout + u) * taps + t];
                        } else {
                            for (int v = 0; v < cin; v++) wp[dst + v * MR] = w[(u * cin + v) * taps + t];
                        }
                    }
                }
            }
        });
    }

    /** out = the cin → cout convolution of {@code in} through the packed weight {@code wp} (+ bias). */
    static void run(Parallel pool, ConvGeometry g, int cin, int cout, float[] in, float[] wp, float[] bias,
                    float[] out) {
        int plane = g.inPlane();
        int perCell = TapConv.IMAGES / NR;
        int rowsOut = slabs(cout) * MR;
        int groups = (g.n() + TapConv.IMAGES - 1) / TapConv.IMAGES;
        TapConv.each(pool, groups, gi -> {
            int n0 = gi * TapConv.IMAGES;
            int count = Math.min(TapConv.IMAGES, g.n() - n0);
            float[] xt = ConvScratch.get(ConvScratch.COLS, plane * perCell * cin * NR);
            float[] acc = ConvScratch.get(ConvScratch.BLOCK, plane * perCell * rowsOut * NR);
            pool.forRange(cin, 16, (c0, c1) -> toPanels(in, n0, count, cin, plane, xt, c0, c1));
            pool.forRange(plane, 1, (q0, q1) -> cells(g, cin, cout, count, xt, wp, acc, q0, q1));
            pool.forRange(cout, 16, (o0, o1) -> fromPanels(acc, n0, count, cout, plane, bias, out, o0, o1));
        });
    }

    /**
     * The output tiles of cells q0..q1−1: acc[q][j][o][x] = Σ over the taps inside the image of the
     * tap's weight slab times the panel of the shifted cell, centre tap first.
     */
    static void cells(ConvGeometry g, int cin, int cout, int count, float[] xt, float[] wp, float[] acc,
                      int q0, int q1) {
        int w = g.w();
        int kw = g.kw();
        int taps = g.kh() * kw;
        int centre = g.padH() * kw + g.padW();
        int slabs = slabs(cout);
        int perCell = TapConv.IMAGES / NR;
        int panels = (count + NR - 1) / NR;
        int rowsOut = slabs * MR;
        float[] tile = ConvScratch.get(ConvScratch.TILE, MR * NR);
        for (int q = q0; q < q1; q++) {
            int row = q / w;
            int col = q % w;
            for (int s = 0; s < slabs; s++) {
                for (int k = -1; k < taps; k++) {
                    if (k == centre) continue;
                    int t = k < 0 ? centre : k;
                    int ih = row + t / kw - g.padH();
                    int iw = col + t % kw - g.padW();
                    if (ih < 0 || ih >= g.h() || iw < 0 || iw >= w) continue;
                    int ao = (t * slabs + s) * cin * MR;
                    int src = (ih * w + iw) * perCell;
                    for (int j = 0; j < panels; j++) {
                        int vectors = (Math.min(NR, count - j * NR) + VL - 1) / VL;
                        PackedTiles.multiply(vectors, cin, wp, ao, xt, (src + j) * cin * NR, tile);
                        int dst = ((q * perCell + j) * rowsOut + s * MR) * NR;
                        if (k < 0) {
                            System.arraycopy(tile, 0, acc, dst, MR * NR);
                        } else {
                            addTile(tile, acc, dst);
                        }
                    }
                }
            }
        }
    }

    /** acc[dst + e] = tile[e] + acc[dst + e] over one MR × NR tile, in whole vectors. */
    static void addTile(float[] tile, float[] acc, int dst) {
        for (int e = 0; e < MR * NR; e += F.length()) {
            FloatVector.fromArray(F, tile, e).add(FloatVector.fromArray(F, acc, dst + e)).intoArray(acc, dst + e);
        }
    }

    /**
     * xt[q][j][c][x] = in[n0 + j·NR + x][c][q] for channels c0..c1−1, zeros for the images past
     * {@code count} in its last panel; through a {@link #BLOCK}-square buffer. Cell blocks run
     * outermost, so each cell's panel rows are written in order (one stream per cell of the block)
     * and each line of the input is read once.
     */
    static void toPanels(float[] in, int n0, int count, int cin, int plane, float[] xt, int c0, int c1) {
        int perCell = TapConv.IMAGES / NR;
        int images = (count + NR - 1) / NR * NR;
        if (Transpose16.AVAILABLE && plane % BLOCK == 0) {
            for (int p0 = 0; p0 < plane; p0 += BLOCK) {
                for (int c = c0; c < c1; c++) {
                    for (int i0 = 0; i0 < images; i0 += BLOCK) {
                        Transpose16.block(in, ((n0 + i0) * cin + c) * plane + p0, cin * plane,
                                Math.max(0, Math.min(BLOCK, count - i0)),
                                xt, ((p0 * perCell + i0 / NR) * cin + c) * NR + i0 % NR, perCell * cin * NR, BLOCK,
                                false, 0f);
                    }
                }
            }
            return;
        }
        float[] buf = ConvScratch.get(ConvScratch.TILE, BLOCK * BLOCK);
        for (int p0 = 0; p0 < plane; p0 += BLOCK) {
            int np = Math.min(BLOCK, plane - p0);
            for (int c = c0; c < c1; c++) {
                for (int i0 = 0; i0 < images; i0 += BLOCK) {
                    int ni = Math.max(0, Math.min(BLOCK, count - i0));
                    for (int i = 0; i < ni; i++) {
                        int src = ((n0 + i0 + i) * cin + c) * plane + p0;
                        for (int p = 0; p < np; p++) buf[p * BLOCK + i] = in[src + p];
                    }
                    for (int i = ni; i < BLOCK; i++) {
                        for (int p = 0; p < np; p++) buf[p * BLOCK + i] = 0f;
                    }
                    int j = i0 / NR;
                    int x0 = i0 % NR;
                    for (int p = 0; p < np; p++) {
                        System.arraycopy(buf, p * BLOCK, xt, (((p0 + p) * perCell + j) * cin + c) * NR + x0, BLOCK);
                    }
                }
            }
        }
    }

    /**
     * out[n0 + i][o][q] = acc[q][j][o][x] (+ bias[o]) for i = j·NR + x < count, channels o0..o1−1;
     * cell blocks outermost, as {@link #toPanels}.
     */
    static void fromPanels(float[] acc, int n0, int count, int cout, int plane, float[] bias, float[] out,
                           int o0, int o1) {
        int perCell = TapConv.IMAGES / NR;
        int rowsOut = slabs(cout) * MR;
        if (Transpose16.AVAILABLE && plane % BLOCK == 0) {
            for (int p0 = 0; p0 < plane; p0 += BLOCK) {
                for (int o = o0; o < o1; o++) {
                    for (int i0 = 0; i0 < count; i0 += BLOCK) {
                        Transpose16.block(acc, ((p0 * perCell + i0 / NR) * rowsOut + o) * NR + i0 % NR,
                                perCell * rowsOut * NR, BLOCK, out, ((n0 + i0) * cout + o) * plane + p0, cout * plane,
                                Math.min(BLOCK, count - i0), bias != null, bias == null ? 0f : bias[o]);
                    }
                }
            }
            return;
        }
        float[] buf = ConvScratch.get(ConvScratch.TILE, BLOCK * BLOCK);
        for (int p0 = 0; p0 < plane; p0 += BLOCK) {
            int np = Math.min(BLOCK, plane - p0);
            for (int o = o0; o < o1; o++) {
                float add = bias == null ? 0f : bias[o];
                for (int i0 = 0; i0 < count; i0 += BLOCK) {
                    int ni = Math.min(BLOCK, count - i0);
                    int j = i0 / NR;
                    int x0 = i0 % NR;
                    for (int p = 0; p < np; p++) {
                        System.arraycopy(acc, (((p0 + p) * perCell + j) * rowsOut + o) * NR + x0, buf, p * BLOCK, ni);
                    }
                    for (int i = 0; i < ni; i++) {
                        int dst = ((n0 + i0 + i) * cout + o) * plane + p0;
                        if (bias == null) {
                            for (int p = 0; p < np; p++) out[dst + p] = buf[p * BLOCK + i];
                        } else {
                            for (int p = 0; p < np; p++) out[dst + p] = buf[p * BLOCK + i] + add;
                        }
                    }
                }
            }
        }
    }
}
