package dev.ltx.engine.cpu.gemm;

import static dev.ltx.engine.cpu.gemm.Sgemm.P;
import static dev.ltx.engine.cpu.gemm.Sgemm.PL;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;

/**
 * Narrow products that {@link Sgemm} adds to each tile of C right after the tile's final store, while
 * it is in cache: term by term, {@code C[i][j] <- alpha·acc + C[i][j]} with
 * {@code acc = Σ_q T[q][i]·S[q][j]} fma-accumulated over q in increasing order from +0. That is
 * exactly what a separate {@code sgemm(alpha, beta = 1)} of depth {@code depth ≤ KC} computes per
 * element (same fma chain, same rounding of the product by alpha and of the sum), so a GEMM with an
 * epilogue equals the GEMM followed by one GEMM per term, bit for bit, with one pass over C instead of
 * one per term. Terms with {@code alpha = 0} are left out, as such a GEMM leaves C unchanged.
 */
public final class SgemmEpilogue {
    private record Term(float[] t, float[] s, int depth, float alpha) {
    }

    private final int rows;
    private final int cols;
    private final List<Term> terms = new ArrayList<>();

    /** An empty epilogue for a C of {@code rows × cols}. */
    public SgemmEpilogue(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * Adds the term {@code alpha · Tᵀ·S}: T is {@code depth × rows} and S {@code depth × cols}, row-major
     * (row q of T holds {@code T[q][0..rows)}).
     */
    public SgemmEpilogue add(float[] t, float[] s, int depth, float alpha) {
        if (depth < 1 || depth > Sgemm.KC || t.length < depth * rows || s.length < depth * cols) {
            throw new IllegalArgumentException("epilogue term of depth " + depth + " (1.." + Sgemm.KC + ") needs "
                    + depth * rows + " and " + depth * cols + " floats, got " + t.length + " and " + s.length);
        }
        if (alpha != 0f) {
            terms.add(new Term(t, s, depth, alpha));
        }
        return this;
    }

    /** The C shape this epilogue was made for. */
    boolean fits(int m, int n) {
        return m == rows && n == cols;
    }

    /** Applies every term to C rows {@code [i0, i0 + rs)}, columns {@code [j0, j0 + cs)} (C row stride ldc). */
    void apply(float[] c, int cOff, int ldc, int i0, int rs, int j0, int cs) {
        int cv = cs - cs % PL;
        for (Term term : terms) {
            float[] t = term.t();
            float[] s = term.s();
            int depth = term.depth();
            float al = term.alpha();
            for (int i = i0; i < i0 + rs; i++) {
                int co = cOff + i * ldc + j0;
                int x = 0;
                for (; x + 4 * PL <= cv; x += 4 * PL) { // four vectors share each broadcast
                    int so = j0 + x;
                    FloatVector a0 = FloatVector.zero(P);
                    FloatVector a1 = a0;
                    FloatVector a2 = a0;
                    FloatVector a3 = a0;
                    for (int q = 0; q < depth; q++) {
                        FloatVector tq = FloatVector.broadcast(P, t[q * rows + i]);
                        int sq = q * cols + so;
                        a0 = tq.fma(FloatVector.fromArray(P, s, sq), a0);
                        a1 = tq.fma(FloatVector.fromArray(P, s, sq + PL), a1);
                        a2 = tq.fma(FloatVector.fromArray(P, s, sq + 2 * PL), a2);
                        a3 = tq.fma(FloatVector.fromArray(P, s, sq + 3 * PL), a3);
                    }
                    a0.mul(al).add(FloatVector.fromArray(P, c, co + x)).intoArray(c, co + x);
                    a1.mul(al).add(FloatVector.fromArray(P, c, co + x + PL)).intoArray(c, co + x + PL);
                    a2.mul(al).add(FloatVector.fromArray(P, c, co + x + 2 * PL)).intoArray(c, co + x + 2 * PL);
                    a3.mul(al).add(FloatVector.fromArray(P, c, co + x + 3 * PL)).intoArray(c, co + x + 3 * PL);
                }
                for (; x < cv; x += PL) {
                    FloatVector acc = FloatVector.zero(P);
                    for (int q = 0; q < depth; q++) {
                        acc = FloatVector.broadcast(P, t[q * rows + i]).fma(FloatVector.fromArray(P, s, q * cols + j0 + x),
                                acc);
                    }
                    acc.mul(al).add(FloatVector.fromArray(P, c, co + x)).intoArray(c, co + x);
                }
                for (x = cv; x < cs; x++) {
                    float acc = 0f;
                    for (int q = 0; q < depth; q++) {
                        acc = Math.fma(t[q * rows + i], s[q * cols + j0 + x], acc);
                    }
                    c[co + x] = al * acc + c[co + x];
                }
            }
        }
    }
}
