package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;

/**
 * Matrix product {@code c = op(a) · op(b)} with transpose flags, plain (2-D) or batched (3-D).
 *
 * <p>With {@code G = dc}: {@code d op(a) = G · op(b)ᵀ} and {@code d op(b) = op(a)ᵀ · G}; when an
 * operand is stored transposed its gradient is the transpose of that, which each case below
 * expresses as one more product with transpose flags (no explicit transposes are made).
 */
final class MatMulRule {
    private MatMulRule() {
    }

    /** A product with transpose flags: {@link Backend#matmul} or {@link Backend#batchedMatmul}. */
    @FunctionalInterface
    private interface Product {
        Tensor apply(Tensor a, Tensor b, boolean transA, boolean transB);
    }

    static Var matmul(Var a, Var b, boolean transA, boolean transB) {
        Backend be = a.backend();
        return apply("matmul", be::matmul, a, b, transA, transB);
    }

    static Var batched(Var a, Var b, boolean transA, boolean transB) {
        Backend be = a.backend();
        return apply("batchedMatmul", be::batchedMatmul, a, b, transA, transB);
    }

    private static Var apply(String name, Product mm, Var a, Var b, boolean transA, boolean transB) {
        Tensor av = a.value();
        Tensor bv = b.value();
        Tensor c = mm.apply(av, bv, transA, transB);
        return Var.fromOp(name, c, g -> {
            if (a.requiresGrad()) {
                a.accumulateOwned(transA
                        ? mm.apply(bv, g, transB, true)     // a stored (K, M): da = op(b) · Gᵀ
                        : mm.apply(g, bv, false, !transB)); // a stored (M, K): da = G · op(b)ᵀ
            }
            if (b.requiresGrad()) {
                b.accumulateOwned(transB
                        ? mm.apply(g, av, true, transA)     // b stored (N, K): db = Gᵀ · op(a)
                        : mm.apply(av, g, !transA, false)); // b stored (K, N): db = op(a)ᵀ · G
            }
        }, a, b);
    }
}
