package dev.ltx.autograd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.List;
import java.util.function.Function;

/** Shared fixtures for gradient tests: a F64 reference backend, seeded inputs, scalar probes. */
final class GradTesting {
    static final Backend B = CpuBackend.reference();

    private GradTesting() {
    }

    /** Uniform F64 tensor in [lo, hi). */
    static Tensor uniform(Rng rng, double lo, double hi, int... dims) {
        return Init.uniform(B, Shape.of(dims), DType.F64, lo, hi, rng);
    }

    /** Standard normal F64 tensor. */
    static Tensor normal(Rng rng, int... dims) {
        return Init.normal(B, Shape.of(dims), DType.F64, 0.0, 1.0, rng);
    }

    /**
     * A scalar probe of {@code y}: {@code sum(y · w)} with fixed random weights, so every output
     * entry influences the result differently (a plain sum would hide errors, e.g. softmax sums to 1).
     */
    static Var probe(Var y, long seed) {
        Tensor w = Init.uniform(y.backend(), y.shape(), y.dtype(), -1.0, 1.0, new Rng(seed));
        return F.sum(F.mul(y, Var.constant(w)));
    }

    /** Asserts that the gradcheck of {@code f} at {@code inputs} passes. */
    static void assertScalarGradients(String what, Function<List<Var>, Var> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, List.of(inputs));
        assertTrue(r.ok(), () -> what + ": " + r);
        assertTrue(r.checked() > 0, () -> what + ": nothing checked");
    }

    /** Asserts that a unary function's gradient passes, probing its output. */
    static void assertGradients(String what, Function<Var, Var> f, Tensor x) {
        assertScalarGradients(what, v -> probe(f.apply(v.get(0)), 7), x);
    }

    /** Asserts that a binary function's gradient passes, probing its output. */
    static void assertGradients2(String what, java.util.function.BiFunction<Var, Var, Var> f, Tensor a, Tensor b) {
        assertScalarGradients(what, v -> probe(f.apply(v.get(0), v.get(1)), 7), a, b);
    }
}
