package dev.ltx.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Pool2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small convolutional network built from several rules at once: conv → batch norm → relu →
 * max pool → flatten → linear → cross-entropy. Checks the composition in F64 and that the same
 * graph gives matching gradients on the fast F32 backend, bit-identical for 1 and 2 threads.
 */
class CompositeGradTest {
    private static final Shape X = Shape.of(3, 2, 6, 6);
    private static final Shape[] PARAMS = {
        Shape.of(4, 2, 3, 3), Shape.of(4), Shape.of(4), Shape.of(4), Shape.of(5, 4 * 3 * 3), Shape.of(5)};

    private static Var net(List<Var> p, Var x, Tensor labels) {
        Var h = F.conv2d(x, p.get(0), p.get(1), Conv2dParams.of(1, 1));
        h = F.batchNormTrain(h, p.get(2), p.get(3), 1e-5).output();
        h = F.maxPool2d(F.relu(h), Pool2dParams.of(2));
        return F.crossEntropy(F.linear(F.flatten(h), p.get(4), p.get(5)), labels);
    }

    private static List<Tensor> params(Backend b, DType dtype) {
        Rng rng = new Rng(123);
        List<Tensor> ps = new ArrayList<>();
        for (Shape s : PARAMS) {
            ps.add(Init.uniform(b, s, dtype, -0.5, 0.5, rng));
        }
        return ps;
    }

    private static Tensor input(Backend b, DType dtype) {
        return Init.normal(b, X, dtype, 0, 1, new Rng(321));
    }

    private static Tensor labels(Backend b) {
        return b.fromInts(new int[] {4, 0, 2}, Shape.of(3));
    }

    /** Gradients of every parameter after one backward pass. */
    private static List<Tensor> gradients(Backend b, DType dtype) {
        List<Var> ps = new ArrayList<>();
        for (Tensor t : params(b, dtype)) {
            ps.add(Var.param(t));
        }
        net(ps, Var.constant(input(b, dtype)), labels(b)).backward();
        List<Tensor> gs = new ArrayList<>();
        for (Var p : ps) {
            gs.add(p.grad());
        }
        return gs;
    }

    @Test
    void smallConvNetPassesGradCheckInF64() {
        Backend b = GradTesting.B;
        List<Tensor> inputs = new ArrayList<>(params(b, DType.F64));
        inputs.add(input(b, DType.F64));
        Tensor labels = labels(b);
        GradCheck.Result r = GradCheck.check(v -> net(v.subList(0, PARAMS.length), v.get(PARAMS.length), labels),
                inputs, GradCheck.Options.defaults().withSubset(40, 9));
        assertTrue(r.ok(), r::toString);
    }

    @Test
    void fastF32GradientsMatchTheF64Reference() {
        List<Tensor> ref = gradients(GradTesting.B, DType.F64);
        try (CpuBackend fast = new CpuBackend(CpuBackend.Mode.FAST, 2)) {
            List<Tensor> got = gradients(fast, DType.F32);
            for (int i = 0; i < ref.size(); i++) {
                Compare.Result c = Compare.tensors(ref.get(i), got.get(i), 1e-4, 1e-3);
                int k = i;
                assertTrue(c.ok(), () -> "parameter " + k + ": " + c);
            }
        }
    }

    @Test
    void fastGradientsAreBitIdenticalForOneAndTwoThreads() {
        try (CpuBackend one = new CpuBackend(CpuBackend.Mode.FAST, 1);
             CpuBackend two = new CpuBackend(CpuBackend.Mode.FAST, 2)) {
            List<Tensor> a = gradients(one, DType.F32);
            List<Tensor> b = gradients(two, DType.F32);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).toFloats(), b.get(i).toFloats(), 0.0f, "parameter " + i);
            }
        }
    }
}
