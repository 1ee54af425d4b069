package dev.ltx.autograd;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Checks analytic gradients against central finite differences in float64.
 *
 * <p>Given a function from input vars to a one-element var, the analytic gradient of every input
 * (one {@link Var#backward()}) is compared entry by entry with
 * {@code (f(x + h·e) - f(x - h·e)) / 2h}; an entry passes when
 * {@code |analytic - numeric| <= atol + rtol·|numeric|}. The {@link Result} names the worst entry
 * (input, index, analytic and numeric values). For big inputs a seeded random subset of entries
 * per input can be checked instead of all of them.
 *
 * <p>Inputs must be F64 (finite differences in F32 are meaningless at these tolerances); typically
 * they live on a reference {@code CpuBackend}. The function must be deterministic and build its
 * result only from the vars it is given (constants may be captured).
 */
public final class GradCheck {
    private GradCheck() {
    }

    /**
     * Settings of a check.
     *
     * @param step       finite-difference step h
     * @param atol       absolute tolerance
     * @param rtol       tolerance relative to the numeric gradient
     * @param maxEntries entries checked per input; inputs with more are sampled (0: check all)
     * @param seed       seed of the sampled subset
     */
    public record Options(double step, double atol, double rtol, int maxEntries, long seed) {
        public Options {
            if (!(step > 0) || atol < 0 || rtol < 0 || maxEntries < 0) {
                throw new IllegalArgumentException("invalid gradcheck options: step " + step + ", atol " + atol
                        + ", rtol " + rtol + ", maxEntries " + maxEntries);
            }
        }

        /** Step 1e-6, atol 1e-6, rtol 1e-4, every entry. */
        public static Options defaults() {
            return new Options(1e-6, 1e-6, 1e-4, 0, 0L);
        }

        public Options withTolerance(double newAtol, double newRtol) {
            return new Options(step, newAtol, newRtol, maxEntries, seed);
        }

        /** Checks at most {@code entries} entries of each input, chosen by {@code subsetSeed}. */
        public Options withSubset(int entries, long subsetSeed) {
            return new Options(step, atol, rtol, entries, subsetSeed);
        }
    }

    /**
     * Outcome of a check.
     *
     * @param checked      number of entries compared
     * @param failures     number of entries outside tolerance
     * @param worstInput   input holding the entry furthest outside (or nearest to) its tolerance
     * @param worstIndex   flat row-major index of that entry in its input
     * @param worstShape   shape of that input
     * @param analytic     analytic gradient at the worst entry
     * @param numeric      numeric gradient at the worst entry
     * @param worstRatio   |analytic - numeric| / tolerance at the worst entry (&gt; 1 fails)
     */
    public record Result(int checked, int failures, int worstInput, int worstIndex, Shape worstShape,
                         double analytic, double numeric, double worstRatio) {
        public boolean ok() {
            return failures == 0;
        }

        @Override
        public String toString() {
            if (worstInput < 0) {
                return "gradcheck: nothing checked";
            }
            return String.format("gradcheck %s: %d of %d entries outside tolerance; worst: input %d %s index %s"
                            + " analytic %.10g numeric %.10g (|diff| / tol = %.3g)",
                    ok() ? "passed" : "FAILED", failures, checked, worstInput, worstShape,
                    Arrays.toString(unravel(worstIndex, worstShape)), analytic, numeric, worstRatio);
        }
    }

    /** Checks with {@link Options#defaults()}. */
    public static Result check(Function<List<Var>, Var> f, List<Tensor> inputs) {
        return check(f, inputs, Options.defaults());
    }

    /** Checks every analytic gradient of {@code f} at {@code inputs} against finite differences. */
    public static Result check(Function<List<Var>, Var> f, List<Tensor> inputs, Options o) {
        for (Tensor t : inputs) {
            if (t.dtype() != DType.F64) {
                throw new IllegalArgumentException("gradcheck needs F64 inputs, got " + t);
            }
        }
        double[][] analytic = analytic(f, inputs);
        Rng rng = new Rng(o.seed());
        int checked = 0;
        int failures = 0;
        int worstInput = -1;
        int worstIndex = -1;
        double worstA = Double.NaN;
        double worstN = Double.NaN;
        double worstRatio = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < inputs.size(); i++) {
            double[] base = inputs.get(i).toDoubles();
            for (int j : entries(base.length, o.maxEntries(), rng)) {
                double numeric = numeric(f, inputs, i, base, j, o.step());
                double a = analytic[i][j];
                double diff = Math.abs(a - numeric);
                double tol = o.atol() + o.rtol() * Math.abs(numeric);
                double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / tol;
                checked++;
                if (!(diff <= tol)) {
                    failures++;
                }
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worstInput = i;
                    worstIndex = j;
                    worstA = a;
                    worstN = numeric;
                }
            }
        }
        Shape shape = worstInput < 0 ? null : inputs.get(worstInput).shape();
        return new Result(checked, failures, worstInput, worstIndex, shape, worstA, worstN, worstRatio);
    }

    /** One backward pass; inputs that receive no gradient get zeros. */
    private static double[][] analytic(Function<List<Var>, Var> f, List<Tensor> inputs) {
        List<Var> vars = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            vars.add(Var.param(t.backend().copy(t)));
        }
        Var out = f.apply(vars);
        if (out.value().numel() != 1) {
            throw new IllegalArgumentException("gradcheck needs a function with a one-element result, got shape "
                    + out.shape());
        }
        if (out.requiresGrad()) {
            out.backward();
        }
        double[][] grads = new double[inputs.size()][];
        for (int i = 0; i < inputs.size(); i++) {
            Tensor g = vars.get(i).grad();
            grads[i] = g == null ? new double[inputs.get(i).numel()] : g.toDoubles();
        }
        return grads;
    }

    /** Central difference of f in entry j of input i. */
    private static double numeric(Function<List<Var>, Var> f, List<Tensor> inputs, int i, double[] base, int j,
                                  double h) {
        double[] plus = base.clone();
        double[] minus = base.clone();
        plus[j] += h;
        minus[j] -= h;
        double fPlus = evaluate(f, inputs, i, plus);
        double fMinus = evaluate(f, inputs, i, minus);
        return (fPlus - fMinus) / (plus[j] - minus[j]);
    }

    private static double evaluate(Function<List<Var>, Var> f, List<Tensor> inputs, int i, double[] replaced) {
        try (NoGrad ng = NoGrad.enter()) {
            List<Var> vars = new ArrayList<>(inputs.size());
            for (int k = 0; k < inputs.size(); k++) {
                Tensor t = inputs.get(k);
                Backend b = t.backend();
                vars.add(Var.constant(k == i ? b.fromDoubles(replaced, t.shape()) : t));
            }
            return f.apply(vars).item();
        }
    }

    /** All indices, or a seeded sample of {@code max} distinct ones. */
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

    private static int[] unravel(int index, Shape shape) {
        int[] pos = new int[shape.rank()];
        int rest = index;
        for (int a = shape.rank() - 1; a >= 0; a--) {
            pos[a] = rest % shape.dim(a);
            rest /= shape.dim(a);
        }
        return pos;
    }
}
