package dev.ltx.engine.cpu.gemm;

import dev.ltx.engine.cpu.Parallel;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntConsumer;
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
 * or a short last slab). A task whose rows of A fit in L2 sweeps panels outermost (each panel
 * stays hot across its slabs); a taller one sweeps slabs outermost (each slab of A stays in L1).
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
    private static final VectorSpecies<Float> P = FloatVector.SPECIES_PREFERRED;
    private static final int PL = P.length();

    /** Depth of a k block (tuning knob {@code -Dltx.sgemm.kc}; changes rounding, not correctness). */
    static final int KC = Math.max(1, Integer.getInteger("ltx.sgemm.kc", 1024));
    /** Width of a packed B block in columns (tuning knob {@code -Dltx.sgemm.nc}). */
    static final int NC = Math.max(1, Integer.getInteger("ltx.sgemm.nc", 1024));
    /** Rows per parallel row block (tuning knob {@code -Dltx.sgemm.mc}). */
    static final int MC = Math.max(1, Integer.getInteger("ltx.sgemm.mc", 144));
    /** Number of multiply tasks aimed for per B block (tuning knob {@code -Dltx.sgemm.tasks}). */
    static final int TASKS = Math.max(1, Integer.getInteger("ltx.sgemm.tasks", 8));
    /**
     * Row blocks whose share of A (rows × kc floats) fits in this many bytes loop over panels
     * outermost: 70 % of the core's L2 ({@link CacheSizes}), leaving room for the B panel beside it
     * (tuning knob {@code -Dltx.sgemm.panelOuterBytes}).
     */
    static final int PANEL_OUTER_BYTES = Integer.getInteger("ltx.sgemm.panelOuterBytes",
            (int) Math.min(Integer.MAX_VALUE, CacheSizes.detected().l2Bytes() * 7 / 10));
    /** Panels packed per packing task. */
    private static final int PACK_GROUP = 4;

    /** The kernel family for this CPU: 512-bit tiles where the CPU has them, else 256-bit. */
    static final int FAMILY = PL >= 16 ? 0 : 1;

    // Relative costs, in vector FMAs, of handling one element outside the micro-kernel (measured).
    private static final double TRANSPOSE = 4.7;
    private static final double COPY = 0.15;
    private static final double WRITE = 0.3;
    private static final double WRITE_TRANSPOSED = 1.5;
    private static final double EDGE = 1.5;

    private static final int BUF_B = 0;
    private static final int BUF_A = 1;
    private static final int BUF_TILE = 2;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[3][]);
    /**
     * This thread's product descriptor, reused by every call: a convolution makes one sgemm call per
     * image and pass, and a fresh descriptor (with its two task lambdas) per call was most of a
     * training step's heap allocation (Conv8, batch 128: about 0.4 MB per step).
     */
    private static final ThreadLocal<Job> JOBS = ThreadLocal.withInitial(Job::new);

    private Sgemm() {
    }

    /** The blocking chosen for this core, for benchmark logs: tile, cache blocks and the cache size behind them. */
    public static String describe() {
        return "sgemm tile " + SgemmKernels.MR[FAMILY] + "x" + SgemmKernels.NR[FAMILY] + " (" + PL * 32 + "-bit), KC "
                + KC + ", NC " + NC + ", MC " + MC + ", panels outermost when A's rows fit " + (PANEL_OUTER_BYTES >> 10)
                + " KiB, " + CacheSizes.detected().describe();
    }

    /** Computes the product on the given pool. Deterministic for any thread count. */
    public static void sgemm(Parallel pool, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(FAMILY, -1, PANEL_OUTER_BYTES, pool, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /**
     * As the public entry, with the kernel family, the orientation ({@code swap}: -1 automatic, 0 as
     * given, 1 computed as Cᵀ) and the sweep threshold ({@link #PANEL_OUTER_BYTES}) chosen by the
     * caller. For tests and measurements.
     */
    static void sgemm(int family, int swap, long panelOuterBytes, Parallel pool, boolean transA, boolean transB,
                      int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
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
            return;
        }
        boolean swapped = swap >= 0 ? swap == 1
                : cost(family, n, m, k, !transB, !transA, true) < cost(family, m, n, k, transA, transB, false);
        Job job = JOBS.get();
        if (job.busy) { // never expected (the kernels call no sgemm); a fresh job keeps it correct anyway
            job = new Job();
        }
        job.busy = true;
        try {
            if (swapped) {
                job.set(family, panelOuterBytes, !transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                        beta, c, cOff, 1, ldc);
            } else {
                job.set(family, panelOuterBytes, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                        beta, c, cOff, ldc, 1);
            }
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

    /** This thread's buffer in {@code slot}, grown to at least {@code size} floats. */
    private static float[] buffer(int slot, int size) {
        float[][] bufs = BUFFERS.get();
        float[] buf = bufs[slot];
        if (buf == null || buf.length < size) {
            buf = new float[size];
            bufs[slot] = buf;
        }
        return buf;
    }

    /**
     * One blocked product {@code C <- alpha·op(A)·op(B) + beta·C} where C (m×n) has row stride
     * {@code rsC} and column stride {@code csC}: (ldc, 1) normally, (1, ldc) when computing Cᵀ.
     */
    private static final class Job {
        int family, mr, nr, vl;
        long panelOuterBytes;
        boolean transA, transB;
        int m, n, k;
        float alpha, beta;
        float[] a, b, c;
        int aOff, lda, bOff, ldb, cOff, rsC, csC;
        int kcMax, ncMax, jBlocks, tasks;
        // State of the current (column block, k block); the pool's hand-off publishes it to workers.
        float[] bPack;
        int j0, panels, p0, kc, mcMax, mBlocks, chunks, chunkPanels;
        float betaEff;
        /** Whether a product is running on this descriptor. */
        boolean busy;
        private final IntConsumer packTask = this::packB;
        private final IntConsumer multiplyTask = this::multiply;

        /** Describes the next product; every field a product reads is set here. */
        void set(int family, long panelOuterBytes, boolean transA, boolean transB, int m, int n, int k, float alpha,
                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float beta, float[] c, int cOff, int rsC, int csC) {
            this.family = family;
            this.panelOuterBytes = panelOuterBytes;
            this.mr = SgemmKernels.MR[family];
            this.nr = SgemmKernels.NR[family];
            this.vl = SgemmKernels.VL[family];
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.c = c;
            this.cOff = cOff;
            this.rsC = rsC;
            this.csC = csC;
            this.kcMax = blockSize(k, KC);
            this.ncMax = blockSize(ceilDiv(n, nr), Math.max(1, NC / nr)) * nr;
            this.jBlocks = ceilDiv(n, ncMax);
            // About TASKS tasks per block, but none much under a million flops.
            this.tasks = (int) Math.max(1, Math.min(TASKS, 2L * m * n * k >> 20));
        }

        /** Drops the references to the caller's matrices (a thread's descriptor outlives its products). */
        void release() {
            a = null;
            b = null;
            c = null;
            bPack = null;
            busy = false;
        }

        /**
         * Cuts C[:, j0 : j0 + panels·nr] into about {@code tasks} tasks: row blocks of at most MC
         * rows times ranges of at least 2 panels, with thinner row blocks when the panels run out.
         * Depends only on the sizes (and no split changes any result).
         */
        private void split() {
            mcMax = roundUp(blockSize(m, MC), mr);
            mBlocks = ceilDiv(m, mcMax);
            chunks = Math.max(1, Math.min(ceilDiv(tasks, mBlocks), panels / 2));
            chunkPanels = ceilDiv(panels, chunks);
            chunks = ceilDiv(panels, chunkPanels);
            if (mBlocks * chunks < tasks) {
                int rowBlocks = Math.min(ceilDiv(m, mr), ceilDiv(tasks, chunks));
                mcMax = roundUp(ceilDiv(m, rowBlocks), mr);
                mBlocks = ceilDiv(m, mcMax);
            }
        }

        void run(Parallel pool) {
            bPack = buffer(BUF_B, kcMax * ncMax);
            for (int jb = 0; jb < jBlocks; jb++) {
                j0 = jb * ncMax;
                panels = ceilDiv(Math.min(ncMax, n - j0), nr);
                split();
                for (p0 = 0; p0 < k; p0 += kcMax) {
                    kc = Math.min(kcMax, k - p0);
                    betaEff = p0 == 0 ? beta : 1f;
                    pool.forEach(ceilDiv(panels, PACK_GROUP), packTask);
                    pool.forEach(mBlocks * chunks, multiplyTask);
                }
            }
        }

        /** Packs panels [g·PACK_GROUP, (g+1)·PACK_GROUP) of op(B)[p0:p0+kc, j0:] as kc×nr row-major slabs. */
        void packB(int g) {
            int q1 = Math.min(panels, (g + 1) * PACK_GROUP);
            for (int q = g * PACK_GROUP; q < q1; q++) {
                int j = j0 + q * nr;
                int cols = Math.min(nr, n - j);
                int base = q * nr * kc;
                if (!transB) {
                    int src = bOff + p0 * ldb + j;
                    if (cols == nr && nr % PL == 0) {
                        for (int p = 0; p < kc; p++) {
                            int s = src + p * ldb;
                            int d = base + p * nr;
                            for (int x = 0; x < nr; x += PL) {
                                FloatVector.fromArray(P, b, s + x).intoArray(bPack, d + x);
                            }
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            int d = base + p * nr;
                            System.arraycopy(b, src + p * ldb, bPack, d, cols);
                            Arrays.fill(bPack, d + cols, d + nr, 0f);
                        }
                    }
                } else {
                    // Transpose: read each stored row of B sequentially, in k blocks of 64 so that
                    // the 64×nr destination block stays in L1.
                    for (int pb = 0; pb < kc; pb += 64) {
                        int pe = Math.min(kc, pb + 64);
                        for (int jj = 0; jj < cols; jj++) {
                            int src = bOff + (j + jj) * ldb + p0;
                            int d = base + jj;
                            for (int p = pb; p < pe; p++) bPack[d + p * nr] = b[src + p];
                        }
                    }
                    if (cols < nr) {
                        for (int p = 0; p < kc; p++) {
                            int d = base + p * nr;
                            Arrays.fill(bPack, d + cols, d + nr, 0f);
                        }
                    }
                }
            }
        }

        /** Packs rows [i, i+rs) of op(A)[., p0:p0+kc] at {@code base} as one mr-interleaved slab, zero-padded to mr rows. */
        void packSlab(float[] ap, int base, int i, int rs) {
            if (!transA) {
                for (int r = 0; r < rs; r++) {
                    int src = aOff + (i + r) * lda + p0;
                    for (int p = 0; p < kc; p++) ap[base + p * mr + r] = a[src + p];
                }
                for (int r = rs; r < mr; r++) {
                    for (int p = 0; p < kc; p++) ap[base + p * mr + r] = 0f;
                }
            } else {
                int src = aOff + p0 * lda + i;
                for (int p = 0; p < kc; p++) {
                    int s = src + p * lda;
                    int d = base + p * mr;
                    for (int r = 0; r < rs; r++) ap[d + r] = a[s + r];
                    for (int r = rs; r < mr; r++) ap[d + r] = 0f;
                }
            }
        }

        /** Task t: row block t / chunks times the panels of chunk t % chunks. */
        void multiply(int t) {
            int i0 = (t / chunks) * mcMax;
            int i1 = Math.min(m, i0 + mcMax);
            int q0 = (t % chunks) * chunkPanels;
            int q1 = Math.min(panels, q0 + chunkPanels);
            float[] tile = buffer(BUF_TILE, mr * nr);
            int slabs = ceilDiv(i1 - i0, mr);
            if ((long) (i1 - i0) * kc * Float.BYTES <= panelOuterBytes) {
                // The rows' share of A fits in L2: keep each B panel hot while every slab passes over it.
                float[] ap = buffer(BUF_A, slabs * mr * kcMax);
                for (int s = 0; s < slabs; s++) {
                    int i = i0 + s * mr;
                    if (transA || i1 - i < mr) packSlab(ap, s * mr * kc, i, Math.min(mr, i1 - i));
                }
                for (int q = q0; q < q1; q++) {
                    for (int s = 0; s < slabs; s++) tile(ap, s * mr * kc, tile, i0 + s * mr, i1, q);
                }
            } else {
                // Many rows: keep each A slab hot while it passes over the panels.
                float[] ap = buffer(BUF_A, mr * kcMax);
                for (int s = 0; s < slabs; s++) {
                    int i = i0 + s * mr;
                    if (transA || i1 - i < mr) packSlab(ap, 0, i, Math.min(mr, i1 - i));
                    for (int q = q0; q < q1; q++) tile(ap, 0, tile, i, i1, q);
                }
            }
        }

        /** One mr×nr tile at rows i (slab packed at {@code ao} when needed) and panel q. */
        private void tile(float[] ap, int ao, float[] tile, int i, int i1, int q) {
            int rs = Math.min(mr, i1 - i);
            boolean packed = transA || rs < mr;
            int j = j0 + q * nr;
            int cs = Math.min(nr, n - j);
            int nv = ceilDiv(cs, vl);
            if (packed) {
                SgemmKernels.packed(family, nv, kc, ap, ao, bPack, q * nr * kc, tile);
            } else {
                SgemmKernels.strided(family, nv, kc, a, aOff + i * lda + p0, lda, bPack, q * nr * kc, tile);
            }
            store(tile, i, rs, j, cs);
        }

        /** C[i:i+rs, j:j+cs] <- alpha·tile + betaEff·C (betaEff 0: C not read). */
        private void store(float[] tile, int i, int rs, int j, int cs) {
            int cBase = cOff + i * rsC + j * csC;
            float al = alpha;
            float be = betaEff;
            if (csC == 1) {
                int cv = PL <= vl ? cs - cs % PL : 0;
                for (int r = 0; r < rs; r++) {
                    int co = cBase + r * rsC;
                    int to = r * nr;
                    if (be == 0f) {
                        for (int x = 0; x < cv; x += PL) {
                            FloatVector.fromArray(P, tile, to + x).mul(al).intoArray(c, co + x);
                        }
                        for (int x = cv; x < cs; x++) c[co + x] = al * tile[to + x];
                    } else {
                        for (int x = 0; x < cv; x += PL) {
                            FloatVector.fromArray(P, tile, to + x).mul(al)
                                    .add(FloatVector.fromArray(P, c, co + x).mul(be)).intoArray(c, co + x);
                        }
                        for (int x = cv; x < cs; x++) c[co + x] = al * tile[to + x] + be * c[co + x];
                    }
                }
            } else {
                // Computing Cᵀ (rsC == 1): tile column x is a contiguous run of rs floats of C.
                for (int x = 0; x < cs; x++) {
                    int co = cBase + x * csC;
                    if (be == 0f) {
                        for (int r = 0; r < rs; r++) c[co + r] = al * tile[r * nr + x];
                    } else {
                        for (int r = 0; r < rs; r++) c[co + r] = al * tile[r * nr + x] + be * c[co + r];
                    }
                }
            }
        }
    }
}
