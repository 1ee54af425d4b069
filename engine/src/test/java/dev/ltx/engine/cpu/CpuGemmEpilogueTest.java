package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.MatchCostTerm;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Backend#gemmThenMatchCosts} equals the GEMM followed by one {@link Backend#addMatchCost} per
 * term bit for bit, on the CPU backend's fused path (narrow terms added tile by tile) and on its
 * fallbacks (deep terms, F64, the reference mode).
 */
class CpuGemmEpilogueTest {
    private static final CpuBackend FAST1 = new CpuBackend(CpuBackend.Mode.FAST, 1);
    private static final CpuBackend FAST2 = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private static final CpuBackend REF = CpuBackend.reference();

    @AfterAll
    static void close() {
        FAST1.close();
        FAST2.close();
        REF.close();
    }

    @Test
    void fusedTermsEqualSeparateCallsBitForBit() {
        Rng r = new Rng(5);
        for (CpuBackend b : List.of(FAST1, FAST2)) {
            for (int n : new int[] {37, 64, 130}) {
                for (int depth : new int[] {3, 128, 1100}) { // 1100 > KC: the terms follow the last k block
                    for (double beta : new double[] {1, 0}) {
                        check(b, r, n, depth, beta, 0.5, true, narrowTerms(b, r, n), DType.F32);
                        check(b, r, n, depth, beta, -2.0, false, narrowTerms(b, r, n), DType.F32);
                    }
                }
            }
        }
    }

    @Test
    void zeroAlphaAndZeroScaleTermsAreWhatSeparateCallsGive() {
        Rng r = new Rng(6);
        int n = 23;
        List<MatchCostTerm> terms = new ArrayList<>(narrowTerms(FAST2, r, n));
        terms.add(new MatchCostTerm(rand(FAST2, r, Shape.of(2, n), DType.F32), rand(FAST2, r, Shape.of(2, n), DType.F32),
                1, 0.0));
        check(FAST2, r, n, 9, 1, 0.0, true, terms, DType.F32); // the GEMM itself leaves C as it is
        check(FAST2, r, n, 9, 1, 1.0, true, terms, DType.F32);
    }

    @Test
    void deepTermsF64AndTheReferenceModeTakeTheSeparateCalls() {
        Rng r = new Rng(7);
        int n = 19;
        List<MatchCostTerm> deep = List.of(new MatchCostTerm(rand(FAST2, r, Shape.of(n, 40), DType.F32),
                rand(FAST2, r, Shape.of(n, 40), DType.F32), 0, 0.3));
        check(FAST2, r, n, 5, 1, 1.0, true, deep, DType.F32);
        check(REF, r, n, 5, 1, 1.0, true, narrowTerms(REF, r, n), DType.F32);
        List<MatchCostTerm> f64 = List.of(new MatchCostTerm(rand(FAST2, r, Shape.of(n), DType.F64),
                rand(FAST2, r, Shape.of(n), DType.F64), 0, 0.3));
        check(FAST2, r, n, 5, 1, 1.0, true, f64, DType.F64);
    }

    /** A bias-like vector, a (10, n) matrix on axis 1 and an (n, 7) matrix on axis 0. */
    private static List<MatchCostTerm> narrowTerms(Backend b, Rng r, int n) {
        return List.of(
                new MatchCostTerm(rand(b, r, Shape.of(n), DType.F32), rand(b, r, Shape.of(n), DType.F32), 0, 0.25),
                new MatchCostTerm(rand(b, r, Shape.of(10, n), DType.F32), rand(b, r, Shape.of(10, n), DType.F32), 1, 1.5),
                new MatchCostTerm(rand(b, r, Shape.of(n, 7), DType.F32), rand(b, r, Shape.of(n, 7), DType.F32), 0, -0.125));
    }

    /** c += alpha · aᵀ·b (transA: a, b are depth × n) or a·bᵀ (a, b are n × depth), then the terms; both ways. */
    private static void check(CpuBackend b, Rng r, int n, int depth, double beta, double alpha, boolean transA,
                              List<MatchCostTerm> terms, DType dtype) {
        Shape ab = transA ? Shape.of(depth, n) : Shape.of(n, depth);
        Tensor a = rand(b, r, ab, dtype);
        Tensor x = rand(b, r, ab, dtype);
        Tensor c0 = rand(b, r, Shape.of(n, n), dtype);
        Tensor fused = b.copy(c0);
        b.gemmThenMatchCosts(fused, a, x, transA, !transA, alpha, beta, terms);
        Tensor separate = b.copy(c0);
        b.gemm(separate, a, x, transA, !transA, alpha, beta);
        for (MatchCostTerm t : terms) {
            b.addMatchCost(separate, t.t(), t.s(), t.axis(), t.scale());
        }
        String what = b.name() + " n " + n + " depth " + depth + " beta " + beta + " alpha " + alpha + " transA " + transA;
        if (dtype == DType.F32) {
            assertArrayEquals(bits(separate.toFloats()), bits(fused.toFloats()), what);
        } else {
            assertArrayEquals(separate.toDoubles(), fused.toDoubles(), what);
        }
    }

    private static Tensor rand(Backend b, Rng r, Shape s, DType dtype) {
        double[] v = new double[s.numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = 2 * r.nextDouble() - 1;
        }
        return b.cast(b.fromDoubles(v, s), dtype);
    }

    private static int[] bits(float[] x) {
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Float.floatToRawIntBits(x[i]);
        }
        return y;
    }
}
