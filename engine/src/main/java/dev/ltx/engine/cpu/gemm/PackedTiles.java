package dev.ltx.engine.cpu.gemm;

/**
 * This core's {@link Sgemm} micro-kernel for callers that lay out both operands themselves (a
 * convolution whose input is already stored as packed B panels, {@code TapPanels}).
 *
 * <p>One call computes one tile {@code tile[r·width() + x] = Σ_{p<kc} A(r, p) · bp[bo + p·width() + x]}
 * for the {@link #rows()} rows r and the first {@code vectors·lanes()} columns x, where A is packed
 * MR-interleaved: {@code A(r, p) = ap[ao + p·rows() + r]}. Each sum is {@code fma}-accumulated over p
 * in increasing order from zero, exactly as {@link Sgemm} sums one k block, so a caller that adds such
 * tiles in a fixed order gets the bits of the equivalent sequence of {@link Sgemm} calls.
 */
public final class PackedTiles {
    private PackedTiles() {
    }

    /** Rows of the tile (MR: 5 with 512-bit vectors, 4 with 256-bit). */
    public static int rows() {
        return SgemmKernels.MR[Sgemm.FAMILY];
    }

    /** Columns of the tile and floats per row of a B panel (NR: 64 or 16). */
    public static int width() {
        return SgemmKernels.NR[Sgemm.FAMILY];
    }

    /** Floats per vector (16 or 8): a tile is computed in whole vectors of columns. */
    public static int lanes() {
        return SgemmKernels.VL[Sgemm.FAMILY];
    }

    /**
     * The tile over the first {@code vectors} vectors of each panel row (1 ≤ vectors ≤ width / lanes),
     * written to {@code tile} (row stride {@link #width()}; columns past {@code vectors·lanes()} untouched).
     */
    public static void multiply(int vectors, int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        SgemmKernels.packed(Sgemm.FAMILY, vectors, kc, ap, ao, bp, bo, tile);
    }
}
