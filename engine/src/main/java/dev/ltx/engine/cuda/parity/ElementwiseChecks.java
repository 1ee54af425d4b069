package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Parity checks of {@code elementwise.cu}.
 *
 * <p>Tolerances. The reference computes each op in double and rounds once to float. For
 * {@code + − × ÷}, square, sqrt and reciprocal, a correctly rounded float operation equals the
 * double result rounded to float (double has more than 2·24 + 2 bits, so double rounding is
 * innocuous), and CUDA's default {@code -prec-div=true -prec-sqrt=true} makes them correctly
 * rounded: those checks demand bit equality, like the sign, max/min and relu ops. {@code expf} and
 * {@code logf} are documented at 2 and 1 ulp: relative tolerance 2.5 and 1.5 ulp. Scale,
 * add-scalar and axpby compute in double on the device too; an fma contraction can move the
 * double result by one double ulp of its largest term before the final rounding, hence one float
 * ulp relative plus 1e-14 absolute.
 */
final class ElementwiseChecks {
    private ElementwiseChecks() {
    }

    static List<ParityCheck> all(long seed) {
        List<ParityCheck> checks = new ArrayList<>();
        Shape[] shapes = {Shape.of(37, 129), Shape.of(1), Shape.of(3, 5, 7, 11)};
        int k = 0;
        for (UnaryOp op : UnaryOp.values()) checks.add(unary(op, shapes[k++ % shapes.length], seed + k));
        Shape[][] pairs = {
            {Shape.of(33, 65), Shape.of(33, 65)},        // same shape: one merged axis
            {Shape.of(17, 129), Shape.of(129)},          // bias row
            {Shape.of(5, 1, 7), Shape.of(1, 6, 1)},      // both sides broadcast
            {Shape.of(2, 3, 4, 5), Shape.of(1, 3, 1, 1)},// per channel
            {Shape.of(1), Shape.of(9, 10)},              // scalar on the left
        };
        for (BinaryOp op : BinaryOp.values()) {
            Shape[] p = pairs[k++ % pairs.length];
            checks.add(binary(op, p[0], p[1], seed + k));
        }
        checks.add(scalar(true, Shape.of(1001), seed + 101));
        checks.add(scalar(false, Shape.of(7, 13), seed + 102));
        checks.add(axpby(Shape.of(4099), seed + 103));
        checks.add(fillAndCast(Shape.of(31, 3), seed + 104));
        return checks;
    }

    private static double[] domain(UnaryOp op) {
        return switch (op) {
            case LOG, SQRT -> new double[] {1e-3, 50};
            case RECIPROCAL -> new double[] {0.05, 8};
            case EXP -> new double[] {-20, 20};
            default -> new double[] {-4, 4};
        };
    }

    private static double rtol(UnaryOp op) {
        return switch (op) {
            case EXP -> 2.5 * Data.EPS;
            case LOG -> 1.5 * Data.EPS;
            default -> 0.0;
        };
    }

    static ParityCheck unary(UnaryOp op, Shape s, long seed) {
        Kernel k = Kernel.valueOf(op.name() + "_F32");
        return new ParityCheck("elementwise " + k.symbol() + " " + s, List.of(k), (ref, gpu) -> {
            double[] d = domain(op);
            Tensor[] x = Data.uniformPair(new Rng(seed), ref, gpu, s, d[0], d[1]);
            return Data.compare(ref.unary(op, x[0]), gpu.unary(op, x[1]), 0.0, rtol(op),
                    () -> gpu.unary(op, x[1]).close());
        });
    }

    static ParityCheck binary(BinaryOp op, Shape a, Shape b, long seed) {
        Kernel k = Kernel.valueOf(op.name() + "_F32");
        return new ParityCheck("elementwise " + k.symbol() + " " + a + " with " + b, List.of(k), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] x = Data.uniformPair(rng, ref, gpu, a, -4, 4);
            float[] yv = Data.uniform(rng, b.numel(), 0.25, 4);
            for (int i = 0; i < yv.length; i += 2) yv[i] = -yv[i]; // both signs, never near 0 (division)
            Tensor[] y = Data.pair(ref, gpu, yv, b);
            return Data.compare(ref.binary(op, x[0], y[0]), gpu.binary(op, x[1], y[1]), 0.0, 0.0,
                    () -> gpu.binary(op, x[1], y[1]).close());
        });
    }

    static ParityCheck scalar(boolean scale, Shape s, long seed) {
        Kernel k = scale ? Kernel.SCALE_F32 : Kernel.ADD_SCALAR_F32;
        double c = -1.37;
        return new ParityCheck("elementwise " + k.symbol() + " " + s, List.of(k), (ref, gpu) -> {
            Tensor[] x = Data.uniformPair(new Rng(seed), ref, gpu, s, -3, 3);
            Tensor r = scale ? ref.scale(x[0], c) : ref.addScalar(x[0], c);
            Tensor g = scale ? gpu.scale(x[1], c) : gpu.addScalar(x[1], c);
            return Data.compare(r, g, 1e-14, Data.EPS, () -> (scale ? gpu.scale(x[1], c) : gpu.addScalar(x[1], c)).close());
        });
    }

    static ParityCheck axpby(Shape s, long seed) {
        return new ParityCheck("elementwise axpby_f32 " + s, List.of(Kernel.AXPBY_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] x = Data.uniformPair(rng, ref, gpu, s, -3, 3);
            Tensor[] y = Data.uniformPair(rng, ref, gpu, s, -3, 3);
            ref.axpby(0.7, x[0], -1.3, y[0]);
            gpu.axpby(0.7, x[1], -1.3, y[1]);
            // aliasing x and y is allowed: y <- 0.5 y + 0.25 y
            ref.axpby(0.5, y[0], 0.25, y[0]);
            gpu.axpby(0.5, y[1], 0.25, y[1]);
            return Data.compare(y[0], y[1], 1e-14, 2 * Data.EPS, () -> gpu.axpby(1.0, x[1], 0.5, y[1]));
        });
    }

    /** Fill of every dtype and the device casts, all exact (casts truncate toward zero, as in Java). */
    static ParityCheck fillAndCast(Shape s, long seed) {
        List<Kernel> ks = List.of(Kernel.FILL_F32, Kernel.FILL_I32, Kernel.FILL_I64, Kernel.CAST_F32_I32,
                Kernel.CAST_F32_I64, Kernel.CAST_I32_F32, Kernel.CAST_I64_F32, Kernel.CAST_I32_I64, Kernel.CAST_I64_I32);
        return new ParityCheck("elementwise fill and cast " + s, ks, (ref, gpu) -> {
            Tensor[] x = Data.uniformPair(new Rng(seed), ref, gpu, s, -1e3, 1e3);
            double[] want = new double[0];
            double[] got = new double[0];
            for (DType a : new DType[] {DType.I32, DType.I64}) {
                Tensor ri = ref.cast(x[0], a);
                Tensor gi = gpu.cast(x[1], a);
                for (DType b : new DType[] {DType.F32, DType.I32, DType.I64}) {
                    want = concat(want, ref.cast(ri, b).toDoubles());
                    got = concat(got, gpu.cast(gi, b).toDoubles());
                }
                want = concat(want, ref.full(s, a, -7.9).toDoubles());
                got = concat(got, gpu.full(s, a, -7.9).toDoubles());
            }
            want = concat(want, ref.full(s, DType.F32, 2.5).toDoubles());
            got = concat(got, gpu.full(s, DType.F32, 2.5).toDoubles());
            return Data.compare(want, got, 0.0, 0.0, () -> gpu.cast(x[1], DType.I32).close());
        });
    }

    private static double[] concat(double[] a, double[] b) {
        double[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
