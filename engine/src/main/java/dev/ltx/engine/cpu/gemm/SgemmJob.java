package dev.ltx.engine.cpu.gemm;

import static dev.ltx.engine.cpu.gemm.Sgemm.KC;
import static dev.ltx.engine.cpu.gemm.Sgemm.MC;
import static dev.ltx.engine.cpu.gemm.Sgemm.NC;
import static dev.ltx.engine.cpu.gemm.Sgemm.P;
import static dev.ltx.engine.cpu.gemm.Sgemm.PL;
import static dev.ltx.engine.cpu.gemm.Sgemm.TASKS;
import static dev.ltx.engine.cpu.gemm.Sgemm.blockSize;
import static dev.ltx.engine.cpu.gemm.Sgemm.ceilDiv;
import static dev.ltx.engine.cpu.gemm.Sgemm.roundUp;

import dev.ltx.engine.cpu.Parallel;
import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;

/**
 * One blocked product {@code C <- alpha·op(A)·op(B) + beta·C} where C (m×n) has row stride
 * {@code rsC} and column stride {@code csC}: (ldc, 1) normally, (1, ldc) when computing Cᵀ.
 * Mutable and reused: {@link Sgemm} keeps one per thread, {@link #set describes} each product on it,
 * runs it and {@link #release releases} the caller's arrays.
 */
final class SgemmJob {
    /** Panels packed per packing task. */
    private static final int PACK_GROUP = 4;
    private static final int BUF_B = 0;
    private static final int BUF_A = 1;
    private static final int BUF_TILE = 2;
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[3][]);

    int family, mr, nr, vl;
    Sgemm.Sweep sweep;
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
    /** Terms added to each tile of C after its final store (C not transposed), or null. */
    SgemmEpilogue epilogue;
    /** Whether a product is running on this descriptor. */
    boolean busy;
    private final IntConsumer packTask = this::packB;
    private final IntConsumer multiplyTask = this::multiply;

    /** Describes the next product; every field a product reads is set here. */
    void set(int family, Sgemm.Sweep sweep, boolean transA, boolean transB, int m, int n, int k, float alpha,
             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
             float beta, float[] c, int cOff, int rsC, int csC) {
        this.family = family;
        this.sweep = sweep;
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
        epilogue = null;
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
        if (panelsOutermost(i1 - i0, q1 - q0)) {
            // The rows' share of A fits in L2, B's panels do not: keep each B panel hot while every slab passes over it.
            float[] ap = buffer(BUF_A, slabs * mr * kcMax);
            for (int s = 0; s < slabs; s++) {
                int i = i0 + s * mr;
                if (transA || i1 - i < mr) packSlab(ap, s * mr * kc, i, Math.min(mr, i1 - i));
            }
            for (int q = q0; q < q1; q++) {
                for (int s = 0; s < slabs; s++) tile(ap, s * mr * kc, tile, i0 + s * mr, i1, q);
            }
        } else {
            // B's panels fit in L2, or many rows: keep each A slab hot while it passes over the panels.
            float[] ap = buffer(BUF_A, mr * kcMax);
            for (int s = 0; s < slabs; s++) {
                int i = i0 + s * mr;
                if (transA || i1 - i < mr) packSlab(ap, 0, i, Math.min(mr, i1 - i));
                for (int q = q0; q < q1; q++) tile(ap, 0, tile, i, i1, q);
            }
        }
    }

    /**
     * Whether a task of {@code rows} rows and {@code chunk} panels sweeps panels outermost ({@link Sgemm.Sweep}):
     * with this core's thresholds, when its rows' share of A fits in L2 but its packed B panels do not.
     * When the panels fit, slabs run outermost even if A's share fits too: each slab then stays in L1
     * while the panels come from L2, and C is written along its rows, a tile after its left neighbour,
     * instead of down a column of tiles (rows a full C row apart). That is what matters when C is large
     * and k small: FGMT's cost sum (4096×4096 += 4096×128 · 128×4096, beta 1) took 14-18 % less time at
     * 1 and 2 threads, every other GemmBench and convolution shape tried within ±1 % (interleaved calls
     * in one JVM).
     */
    private boolean panelsOutermost(int rows, int chunk) {
        return sweep.panelsOutermost((long) rows * kc * Float.BYTES, (long) chunk * nr * kc * Float.BYTES);
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

    /**
     * C[i:i+rs, j:j+cs] <- alpha·tile + betaEff·C (betaEff 0: C not read); after the last k block, the
     * epilogue's terms on that region while it is in cache.
     */
    private void store(float[] tile, int i, int rs, int j, int cs) {
        storeTile(tile, i, rs, j, cs);
        if (epilogue != null && p0 + kc == k) {
            epilogue.apply(c, cOff, rsC, i, rs, j, cs);
        }
    }

    private void storeTile(float[] tile, int i, int rs, int j, int cs) {
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
}
