package dev.ltx.engine.cpu.gemm;

import dev.ltx.engine.cpu.Parallel;
import java.util.Arrays;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision general matrix multiply on row-major float arrays:
 * {@code C[m×n] <- alpha · op(A) · op(B) + beta · C}, where op(A) is m×k and op(B) is k×n.
 * With {@code transA}, A is stored k×m (leading dimension lda); with {@code transB}, B is stored n×k.
 * When beta is 0, C's previous contents are ignored (NaNs included).
 *
 * <p>Element (i, j) of a stored matrix X lives at {@code x[xOff + i·ldx + j]}; each leading
 * dimension must be at least the stored row length. C must not overlap A or B.
 *
 * <h2>How it works</h2>
 * Goto/BLIS-style blocking: for each block of NC columns of C and each block of KC steps of k,
 * op(B) is packed into contiguous kc×NR panels (a transposed B is transposed here, once), then
 * the output rows are cut into MR-row slabs; each slab multiplies every panel with a register-tiled
 * {@link FloatVector} micro-kernel ({@link SgemmKernels}: 5×64 on AVX-512, 4×16 otherwise) that
 * reads A either in place (A not transposed) or from a packed MR-interleaved copy (A transposed,
 * or a short last slab). A task whose packed B panels fit in L2 sweeps slabs outermost (each slab
 * of A stays in L1, the panels in L2, C written along its rows); otherwise one whose rows of A fit
 * in L2 sweeps panels outermost (each panel stays hot across its slabs), a taller one slabs.
 * The right edge uses narrower kernels over the zero-padded panel; the bottom edge pads A with
 * zero rows. When a rough cost model says so (mainly {@code A·Bᵀ} with fewer rows than columns,
 * where transposing A is cheaper than transposing B), the product is computed as
 * {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} instead.
 *
 * <h2>Determinism</h2>
 * Each C element is {@code fma}-accumulated over k in increasing order within each KC block
 * (blocks of equal size that depend only on k), then combined as
 * {@code alpha·acc + beta·C} (first block) or {@code alpha·acc + C} (later blocks). Neither the
 * thread count, nor the task split, nor the orientation or kernel chosen changes that order, so
 * results are bit-identical on any number of threads.
 *
 * <h2>Parallelism</h2>
 * Packing a B block is split into groups of panels, and the multiply into tasks of (row block,
 * panel range) whose boundaries depend only on m and n; both run on the given {@link Parallel}.
 * Packing buffers are per thread and reused across calls.
 */
public final class Sgemm {
    static final VectorSpecies<Float> P = FloatVector.SPECIES_PREFERRED;
    static final int PL = P.length();

    /** Depth of a k block (tuning knob {@code -Dltx.sgemm.kc}; changes rounding, not correctness). */
    static final int KC = Math.max(1, Integer.getInteger("ltx.sgemm.kc", 1024));
    /** Width of a packed B block in columns (tuning knob {@code -Dltx.sgemm.nc}). */
    static final int NC = Math.max(1, Integer.getInteger("ltx.sgemm.nc", 1024));
    /** Rows per parallel row block (tuning knob {@code -Dltx.sgemm.mc}). */
    static final int MC = Math.max(1, Integer.getInteger("ltx.sgemm.mc", 144));
    /** Number of multiply tasks aimed for per B block (tuning knob {@code -Dltx.sgemm.tasks}). */
    static final int TASKS = Math.max(1, Integer.getInteger("ltx.sgemm.tasks", 8));
    /**
     * Row blocks whose share of A (rows × kc floats) fits in this many bytes, and whose packed B panels
     * do not, loop over panels outermost: 70 % of the core's L2 ({@link CacheSizes}), leaving room
     * for the B panel beside it (tuning knob {@code -Dltx.sgemm.panelOuterBytes}).
     */
    static final int PANEL_OUTER_BYTES = Integer.getInteger("ltx.sgemm.panelOuterBytes",
            (int) Math.min(Integer.MAX_VALUE, CacheSizes.detected().l2Bytes() * 7 / 10));

    /**
     * Which loop a task runs outermost: panels when its rows' share of A takes at most {@code rowsOfA}
     * bytes and its packed B panels more than {@code panelsOfB}; else slabs.
     *
     * @param rowsOfA   bytes of A's share up to which panels may run outermost
     * @param panelsOfB bytes of B's panels up to which slabs run outermost regardless
     */
    record Sweep(long rowsOfA, long panelsOfB) {
        /** This core's choice: both thresholds {@link #PANEL_OUTER_BYTES}. */
        static final Sweep CHOSEN = new Sweep(PANEL_OUTER_BYTES, PANEL_OUTER_BYTES);
        /** Slabs outermost always (tests). */
        static final Sweep SLABS = new Sweep(-1, Long.MAX_VALUE);
        /** Panels outermost always (tests). */
        static final Sweep PANELS = new Sweep(Long.MAX_VALUE, -1);

        /** Whether a task of {@code aBytes} of A and {@code bBytes} of packed B runs panels outermost. */
        boolean panelsOutermost(long aBytes, long bBytes) {
            return aBytes <= rowsOfA && bBytes > panelsOfB;
        }
    }
    /** The kernel family for this CPU: 512-bit tiles where the CPU has them, else 256-bit. */
    static final int FAMILY = PL >= 16 ? 0 : 1;

    // Relative costs, in vector FMAs, of handling one element outside the micro-kernel (measured).
    private static final double TRANSPOSE = 4.7;
    private static final double COPY = 0.15;
    private static final double WRITE = 0.3;
    private static final double WRITE_TRANSPOSED = 1.5;
    private static final double EDGE = 1.5;

    /**
     * This thread's product descriptor, reused by every call: a convolution makes one sgemm call per
     * image and pass, and a fresh descriptor (with its two task lambdas) per call was most of a
     * training step's heap allocation (Conv8, batch 128: about 0.4 MB per step).
     */
    private static final ThreadLocal<SgemmJob> JOBS = ThreadLocal.withInitial(SgemmJob::new);

    private Sgemm() {
    }

    /** The blocking chosen for this core, for benchmark logs: tile, cache blocks and the cache size behind them. */
    public static String describe() {
        return "sgemm tile " + SgemmKernels.MR[FAMILY] + "x" + SgemmKernels.NR[FAMILY] + " (" + PL * 32 + "-bit), KC "
                + KC + ", NC " + NC + ", MC " + MC + ", panels outermost when A's rows fit and B's panels do not: "
                + (PANEL_OUTER_BYTES >> 10) + " KiB, " + CacheSizes.detected().describe();
    }

    /** Rows of this core's register tile (the A rows one micro-kernel call covers). */
    public static int tileRows() {
        return SgemmKernels.MR[FAMILY];
    }

    /** Columns of this core's register tile (the width of a packed B panel). */
    public static int tileColumns() {
        return SgemmKernels.NR[FAMILY];
    }

    /**
     * For benchmarks: one call of this core's full-width micro-kernel, the loop every product spends
     * its time in, over operands the caller chooses (small enough, they stay in L1, which isolates
     * the kernel's code from the memory traffic around it): {@code tile[r·NR + x] = Σ_p
     * a[r·kc + p]·bp[p·NR + x]} for the {@link #tileRows()} rows r and {@link #tileColumns()} columns
     * x, A read in place as in a product, B as a packed panel.
     *
     * @return the floating-point operations done, {@code 2·MR·NR·kc}
     */
    public static long microKernel(int kc, float[] a, float[] bp, float[] tile) {
        int mr = tileRows();
        int nr = tileColumns();
        if (kc < 1 || a.length < mr * kc || bp.length < kc * nr || tile.length < mr * nr) {
            throw new IllegalArgumentException("microKernel: kc " + kc + " needs A of " + mr * kc + ", a panel of "
                    + kc * nr + " and a tile of " + mr * nr + " floats, got " + a.length + ", " + bp.length
                    + " and " + tile.length);
        }
        SgemmKernels.strided(FAMILY, nr / SgemmKernels.VL[FAMILY], kc, a, 0, kc, bp, 0, tile);
        return 2L * mr * nr * kc;
    }

    /** Computes the product on the given pool. Deterministic for any thread count. */
    public static void sgemm(Parallel pool, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(FAMILY, -1, Sweep.CHOSEN, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /**
     * As {@link #sgemm(Parallel, boolean, boolean, int, int, int, float, float[], int, int, float[], int, int,
     * float, float[], int, int)}, then the {@code epilogue}'s terms added to C (see {@link SgemmEpilogue}:
     * bit for bit one more sgemm per term, with one pass over C); C is then computed in the given
     * orientation. A null epilogue is the plain product.
     */
    public static void sgemm(Parallel pool, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc, SgemmEpilogue epilogue) {
        if (epilogue != null && !epilogue.fits(m, n)) {
            throw new IllegalArgumentException("sgemm: epilogue made for another C shape than " + m + "×" + n);
        }
        sgemm(FAMILY, epilogue == null ? -1 : 0, Sweep.CHOSEN, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b,
                bOff, ldb, beta, c, cOff, ldc, epilogue);
    }

    /**
     * As the public entry, with the kernel family, the orientation ({@code swap}: -1 automatic, 0 as
     * given, 1 computed as Cᵀ) and the sweep ({@link Sweep#CHOSEN} for this core's) chosen by the
     * caller. For tests and measurements.
     */
    static void sgemm(int family, int swap, Sweep sweep, Parallel pool, boolean transA, boolean transB,
                      int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        sgemm(family, swap, sweep, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta,
                c, cOff, ldc, null);
    }

    /** As above with an epilogue (null: none), which needs {@code swap == 0}. */
    private static void sgemm(int family, int swap, Sweep sweep, Parallel pool, boolean transA,
                              boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                              float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc,
                              SgemmEpilogue epilogue) {
        Objects.requireNonNull(pool, "pool");
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            if (epilogue != null) {
                epilogue.apply(c, cOff, ldc, 0, m, 0, n);
            }
            return;
        }
        boolean swapped = swap >= 0 ? swap == 1
                : cost(family, n, m, k, !transB, !transA, true) < cost(family, m, n, k, transA, transB, false);
        SgemmJob job = JOBS.get();
        if (job.busy) { // never expected (the kernels call no sgemm); a fresh job keeps it correct anyway
            job = new SgemmJob();
        }
        job.busy = true;
        try {
            if (swapped) {
                if (epilogue != null) {
                    throw new IllegalArgumentException("sgemm: an epilogue needs C in the given orientation");
                }
                job.set(family, sweep, !transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                        beta, c, cOff, 1, ldc);
            } else {
                job.set(family, sweep, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc, 1);
            }
            job.epilogue = epilogue;
            job.run(pool);
        } finally {
            job.release();
        }
    }

    /**
     * Rough cost of the blocked product with op(A) m×k and op(B) k×n, in vector FMAs: the padded
     * micro-kernel work, plus packing (a transposed op(B) costs far more than a copied one), plus
     * writing C once per k block (scattered when the product is computed transposed).
     */
    static double cost(int family, int m, int n, int k, boolean transA, boolean transB, boolean swapped) {
        int vl = SgemmKernels.VL[family];
        int nr = SgemmKernels.NR[family];
        // A right-edge panel runs a narrower kernel: fewer accumulators per load, so dearer per column.
        double columns = n / nr * nr + (n % nr == 0 ? 0 : EDGE * roundUp(n % nr, vl));
        double fma = roundUp(m, SgemmKernels.MR[family]) * columns * k / vl;
        double packB = (double) k * n * (transB ? TRANSPOSE : COPY);
        double packA = transA ? (double) k * m * COPY : 0;
        double writes = (double) m * n * ceilDiv(k, KC) * (swapped ? WRITE_TRANSPOSED : WRITE);
        return fma + packB + packA + writes;
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        Objects.requireNonNull(x, name);
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + ", less than its row length " + cols + " (stored " + rows + "×" + cols + ")");
        }
        if (off < 0 || off > x.length) {
            throw new IllegalArgumentException("sgemm: offset " + off + " of " + name + " is outside its array of "
                    + x.length);
        }
        if (rows == 0 || cols == 0) return;
        long end = (long) off + (long) (rows - 1) * ld + cols;
        if (end > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "×" + cols + ", offset " + off
                    + ", leading dimension " + ld + ") needs " + end + " elements, its array has " + x.length);
        }
    }

    /** {@code C <- beta·C}, with beta 0 clearing C (NaNs included). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, o, o + n, 0f);
            } else {
                for (int j = 0; j < n; j++) c[o + j] = beta * c[o + j];
            }
        }
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Equal blocks of at most {@code max}: the size of each of the {@code ceil(total/max)} blocks. */
    static int blockSize(int total, int max) {
        return ceilDiv(total, ceilDiv(total, max));
    }
}
