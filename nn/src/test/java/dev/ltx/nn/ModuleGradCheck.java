package dev.ltx.nn;

import dev.ltx.autograd.F;
import dev.ltx.autograd.GradCheck;
import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Finite-difference check (F64) of a module's gradients with respect to its input and to every
 * one of its parameters, which live inside the module and so cannot be handed to
 * {@link GradCheck} as inputs. Central differences perturb each checked entry in place (through
 * backend copies) and re-run the forward pass without a graph; tolerances and the sampled subset
 * follow {@link GradCheck.Options}.
 */
public final class ModuleGradCheck {
    private ModuleGradCheck() {
    }

    /** Outcome: entries checked, failures, and a description of the worst entry. */
    public record Result(int checked, int failures, String worst) {
        public boolean ok() {
            return failures == 0 && checked > 0;
        }

        @Override
        public String toString() {
            return "module gradcheck " + (ok() ? "passed" : "FAILED") + ": " + failures + " of " + checked
                    + " entries outside tolerance; worst " + worst;
        }
    }

    /** Checks with the scalar loss {@code sum(forward(x) · weights)} for fixed random weights. */
    public static Result checkWeightedSum(Module m, Tensor x, GradCheck.Options o) {
        Backend b = x.backend();
        Var probe;
        try (NoGrad ng = NoGrad.enter()) {
            probe = m.forward(Var.constant(x));
        }
        Rng rng = new Rng(o.seed() + 17);
        double[] w = new double[probe.value().numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rng.nextDouble() * 2 - 1;
        }
        Var weights = Var.constant(b.fromDoubles(w, probe.shape()));
        return check(m, x, y -> F.sum(F.mul(y, weights)), o);
    }

    /** Checks the gradients of {@code loss(m.forward(x))} with respect to x and every parameter of m. */
    public static Result check(Module m, Tensor x, Function<Var, Var> loss, GradCheck.Options o) {
        if (x.dtype() != DType.F64) {
            throw new IllegalArgumentException("module gradcheck needs F64 input, got " + x);
        }
        List<String> names = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        Var input = Var.param(x.backend().copy(x));
        names.add("input");
        targets.add(input.value());
        for (NamedParameter p : m.namedParameters()) {
            names.add(p.name());
            targets.add(p.param().value());
        }
        m.zeroGrad();
        for (Var p : m.parameters()) {
            p.clearGrad();
        }
        loss.apply(m.forward(input)).backward();
        List<double[]> analytic = new ArrayList<>();
        analytic.add(gradOf(input));
        for (Var p : m.parameters()) {
            analytic.add(gradOf(p));
        }
        Rng rng = new Rng(o.seed());
        int checked = 0;
        int failures = 0;
        double worstRatio = Double.NEGATIVE_INFINITY;
        String worst = "none";
        for (int t = 0; t < targets.size(); t++) {
            Tensor target = targets.get(t);
            double[] base = target.toDoubles();
            double[] a = analytic.get(t);
            if (a == null) {
                a = new double[base.length];
            }
            for (int j : entries(base.length, o.maxEntries(), rng)) {
                double numeric = (evaluate(m, input.value(), loss, target, base, j, o.step())
                        - evaluate(m, input.value(), loss, target, base, j, -o.step())) / (2 * o.step());
                double diff = Math.abs(a[j] - numeric);
                double tol = o.atol() + o.rtol() * Math.abs(numeric);
                double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tol;
                checked++;
                if (!(diff <= tol)) {
                    failures++;
                }
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = String.format("%s %s [%d]: analytic %.10g numeric %.10g (|diff|/tol %.3g)",
                            names.get(t), target.shape(), j, a[j], numeric, ratio);
                }
            }
            restore(target, base);
        }
        return new Result(checked, failures, worst);
    }

    private static double[] gradOf(Var v) {
        return v.grad() == null ? null : v.grad().toDoubles();
    }

    private static double evaluate(Module m, Tensor x, Function<Var, Var> loss, Tensor target, double[] base, int j,
                                   double h) {
        double[] moved = base.clone();
        moved[j] += h;
        restore(target, moved);
        try (NoGrad ng = NoGrad.enter()) {
            return loss.apply(m.forward(Var.constant(x))).item();
        } finally {
            restore(target, base);
        }
    }

    private static void restore(Tensor target, double[] values) {
        Backend b = target.backend();
        b.copyInto(target, b.fromDoubles(values, target.shape()));
    }

    private static int[] entries(int n, int max, Rng rng) {
        if (max == 0 || n <= max) {
            int[] all = new int[n];
            for (int k = 0; k < n; k++) {
                all[k] = k;
            }
            return all;
        }
        int[] sample = Arrays.copyOf(rng.permutation(n), max);
        Arrays.sort(sample);
        return sample;
    }
}
