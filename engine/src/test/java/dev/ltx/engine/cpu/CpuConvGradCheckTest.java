package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.Conv2dParams;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference gradients against central finite differences of the reference forward in F64:
 * for the scalar L = &lt;gy, conv2d(x, w, b)&gt; and a random direction d, the directional derivative
 * (L(θ + h·d) − L(θ − h·d)) / 2h must equal &lt;∂L/∂θ, d&gt; from the backward op.
 */
class CpuConvGradCheckTest {
    private static final CpuBackend REF = CpuBackend.reference();
    private static final double H = 1e-4;

    @AfterAll
    static void close() {
        REF.close();
    }

    static Stream<CpuConvOpsTest.Case> cases() {
        return Stream.of(
                new CpuConvOpsTest.Case(2, 3, 5, 6, 4, 3, 3, Conv2dParams.of(1, 1)),
                new CpuConvOpsTest.Case(1, 2, 7, 7, 3, 3, 3, Conv2dParams.of(2, 1)),
                new CpuConvOpsTest.Case(2, 1, 9, 8, 2, 7, 7, Conv2dParams.of(2, 3)),
                new CpuConvOpsTest.Case(3, 4, 4, 3, 2, 1, 1, Conv2dParams.of(2, 0)),
                new CpuConvOpsTest.Case(1, 2, 6, 5, 2, 2, 3, new Conv2dParams(1, 2, 1, 0)));
    }

    private static Tensor gaussian(Shape s, Rng rng) {
        double[] d = new double[s.numel()];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextGaussian();
        return REF.fromDoubles(d, s);
    }

    private static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubles();
        double[] y = b.toDoubles();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += x[i] * y[i];
        return s;
    }

    /** Central difference of θ ↦ &lt;gy, f(θ)&gt; at θ along d. */
    private static double directional(UnaryOperator<Tensor> f, Tensor theta, Tensor d, Tensor gy) {
        Tensor plus = REF.fromDoubles(axpy(theta, d, H), theta.shape());
        Tensor minus = REF.fromDoubles(axpy(theta, d, -H), theta.shape());
        return (dot(gy, f.apply(plus)) - dot(gy, f.apply(minus))) / (2 * H);
    }

    private static double[] axpy(Tensor theta, Tensor d, double h) {
        double[] t = theta.toDoubles();
        double[] dd = d.toDoubles();
        for (int i = 0; i < t.length; i++) t[i] += h * dd[i];
        return t;
    }

    private static void assertAgree(double fd, double analytic, String what) {
        double tol = 1e-7 * Math.max(1.0, Math.abs(fd));
        assertEquals(fd, analytic, tol, what + ": finite difference " + fd + " vs backward " + analytic);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientsMatchFiniteDifferences(CpuConvOpsTest.Case k) {
        Rng rng = new Rng(1000 + k.hashCode());
        Tensor x = gaussian(k.x(), rng);
        Tensor w = gaussian(k.wt(), rng);
        Tensor b = gaussian(Shape.of(k.o()), rng);
        Tensor gy = gaussian(k.y(), rng);
        Conv2dParams p = k.p();

        Tensor dx = gaussian(k.x(), rng);
        assertAgree(directional(t -> REF.conv2d(t, w, b, p), x, dx, gy),
                dot(REF.conv2dBackwardInput(gy, w, k.x(), p), dx), "input");

        Tensor dw = gaussian(k.wt(), rng);
        assertAgree(directional(t -> REF.conv2d(x, t, b, p), w, dw, gy),
                dot(REF.conv2dBackwardWeight(gy, x, k.wt(), p), dw), "weight");

        Tensor db = gaussian(Shape.of(k.o()), rng);
        assertAgree(directional(t -> REF.conv2d(x, w, t, p), b, db, gy),
                dot(REF.conv2dBackwardBias(gy), db), "bias");
    }
}
