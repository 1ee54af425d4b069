package dev.ltx.nn.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.F;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.stream.Stream;

/** Backends, dtypes and tolerances the optimizer tests run over, and a gradient source. */
final class OptimFixtures {
    private OptimFixtures() {
    }

    /** One backend/dtype combination with the tolerance its results are held to. */
    record Setup(String label, Backend backend, DType dtype, double atol, double rtol) {
        Var param(double[] values, Shape shape) {
            return Var.param(tensor(values, shape));
        }

        Tensor tensor(double[] values, Shape shape) {
            return dtype == DType.F64 ? backend.fromDoubles(values, shape) : backend.cast(backend.fromDoubles(values, shape), DType.F32);
        }

        /** Asserts {@code got} matches {@code expected} within this setup's tolerance. */
        void assertClose(double[] expected, Tensor got, String what) {
            Compare.Result r = Compare.arrays(expected, got.toDoubles(), atol, rtol);
            assertTrue(r.ok(), label + " " + what + ": " + r);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Setup> setups() {
        return Stream.of(
                new Setup("reference-F64", CpuBackend.reference(), DType.F64, 1e-13, 1e-12),
                new Setup("reference-F32", CpuBackend.reference(), DType.F32, 2e-6, 2e-5),
                new Setup("fast-F32", new CpuBackend(CpuBackend.Mode.FAST, 2), DType.F32, 2e-6, 2e-5),
                new Setup("fast-F64", new CpuBackend(CpuBackend.Mode.FAST, 2), DType.F64, 1e-13, 1e-12));
    }

    /**
     * Sets {@code p}'s gradient by back-propagating {@code sum(c·p) + ½·sum(a·p²)}, whose gradient is
     * {@code c + a·p}: the same gradient {@link #quadraticGrad} computes in plain doubles.
     */
    static void backwardQuadratic(Var p, double[] c, double[] a) {
        Backend b = p.backend();
        Var cv = Var.constant(cast(b, c, p.shape(), p.dtype()));
        Var av = Var.constant(cast(b, a, p.shape(), p.dtype()));
        Var loss = F.add(F.sum(F.mul(cv, p)), F.scale(F.sum(F.mul(av, F.square(p))), 0.5));
        p.clearGrad();
        loss.backward();
    }

    /** {@code c + a·p}. */
    static double[] quadraticGrad(double[] p, double[] c, double[] a) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = c[i] + a[i] * p[i];
        }
        return g;
    }

    /** {@code values} rounded to float and back when the dtype is F32 (the oracle's starting point). */
    static double[] asStored(double[] values, DType dtype) {
        double[] out = values.clone();
        if (dtype == DType.F32) {
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) out[i];
            }
        }
        return out;
    }

    private static Tensor cast(Backend b, double[] v, Shape shape, DType dtype) {
        Tensor t = b.fromDoubles(v, shape);
        return dtype == DType.F64 ? t : b.cast(t, dtype);
    }
}
