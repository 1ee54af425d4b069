package dev.ltx.transfer.experiments;

import dev.ltx.transfer.Method;
import dev.ltx.transfer.report.MeanStd;
import java.util.List;
import java.util.Locale;

/**
 * One of the paper's claims, with the number that decides it, checked on an experiment's results
 * (paper §4.1–4.2; reference.md §12). Claims inform: a FAIL is a finding reported in the summary,
 * and decides the exit code only under {@code --strict}. Every statistic is over pairs × transfer
 * seeds. A claim that a method approaches or matches a reference FAILs, saying why, when the
 * reference itself is at chance ({@link #ABOVE_CHANCE}): that comparison holds for any two broken
 * transfers.
 */
public sealed interface Claim permits Claim.FarAboveNaive, Claim.ApproachesOracle, Claim.SimilarOrBetter,
        Claim.FineTunesFasterThanStandard, Claim.FallsShortOf, Claim.FineTunesBetterThanNaiveAndStandard,
        Claim.InTargetsBasin, Claim.InheritsGeneralization {

    /** The random-init scenario's claims (Figure 5 a–c, Figure 6): what every random-init entry checks. */
    List<Claim> RANDOM_INIT = List.of(
            new FarAboveNaive(Method.GMT, 10), new FarAboveNaive(Method.FGMT, 10),
            new ApproachesOracle(Method.GMT, 5), new ApproachesOracle(Method.FGMT, 5),
            new SimilarOrBetter(Method.FGMT, Method.GMT, 2),
            new FineTunesFasterThanStandard(List.of(Method.NAIVE, Method.ORACLE, Method.GMT, Method.FGMT)));

    /**
     * The pre-trained scenario's claims (Figure 5 d–f, Figure 6): Naive fails; GMT and FGMT peak far
     * above it (they may deteriorate later, hence the best step); fine-tuning from GMT and FGMT beats
     * Naive and standard training.
     */
    List<Claim> PRETRAINED = List.of(
            new FallsShortOf(Method.NAIVE, Method.ORACLE, 10),
            new FarAboveNaive(Method.GMT, 10), new FarAboveNaive(Method.FGMT, 10),
            new FineTunesBetterThanNaiveAndStandard(List.of(Method.GMT, Method.FGMT)));

    /**
     * Points above chance a reference method must reach before "approaching" or "matching" it says
     * anything: two methods both at chance are trivially within any slack of each other.
     */
    double ABOVE_CHANCE = 10;

    /** The claim as the paper states it, with its threshold. */
    String statement();

    /**
     * The reason a comparison with {@code reference} (mean best-step accuracy) is not evidence, or
     * null: the reference is within {@link #ABOVE_CHANCE} points of chance.
     */
    static String atChance(ExperimentResults r, Method reference, MeanStd ref) {
        double chance = 100.0 / r.definition().classes();
        if (ref.mean() >= chance + ABOVE_CHANCE) {
            return null;
        }
        return String.format(Locale.ROOT, "not evidence: %s itself is at chance (%s vs chance %.2f; needs >= %.2f)",
                ExperimentResults.label(reference), ref.format(2), chance, chance + ABOVE_CHANCE);
    }

    /**
     * The verdict of a comparison with {@code reference} (mean best-step accuracy {@code ref}):
     * {@code passed}, unless the reference is at chance, which FAILs as not evidence.
     */
    static ClaimResult versus(Claim c, ExperimentResults r, Method reference, MeanStd ref, boolean passed,
                              String detail) {
        String vacuous = atChance(r, reference, ref);
        return vacuous != null ? new ClaimResult(c.statement(), false, detail + "; " + vacuous)
                : new ClaimResult(c.statement(), passed, detail);
    }

    /** Checks the claim on {@code r}. */
    ClaimResult check(ExperimentResults r);

    /**
     * "M's best-step validation accuracy is far above Naive's": mean best of {@code method} at
     * least {@code marginPoints} above Naive's.
     */
    record FarAboveNaive(Method method, double marginPoints) implements Claim {
        @Override
        public String statement() {
            return String.format(Locale.ROOT, "%s's best-step val acc is far above Naive's (>= %.0f points)",
                    ExperimentResults.label(method), marginPoints);
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd m = r.bestAccuracy(method);
            MeanStd naive = r.bestAccuracy(Method.NAIVE);
            if (m == null || naive == null) return ClaimResult.notMeasured(this, method, Method.NAIVE);
            double d = m.mean() - naive.mean();
            return new ClaimResult(statement(), d >= marginPoints, String.format(Locale.ROOT,
                    "%s %s vs Naive %s: %+.2f points", ExperimentResults.label(method), m.format(2), naive.format(2), d));
        }
    }

    /** "M approaches the Oracle": mean best of {@code method} at most {@code slackPoints} below the Oracle's. */
    record ApproachesOracle(Method method, double slackPoints) implements Claim {
        @Override
        public String statement() {
            return String.format(Locale.ROOT, "%s's best-step val acc approaches the Oracle's (within %.0f points)",
                    ExperimentResults.label(method), slackPoints);
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd m = r.bestAccuracy(method);
            MeanStd oracle = r.bestAccuracy(Method.ORACLE);
            if (m == null || oracle == null) return ClaimResult.notMeasured(this, method, Method.ORACLE);
            double d = m.mean() - oracle.mean();
            String detail = String.format(Locale.ROOT, "%s %s vs Oracle %s: %+.2f points", ExperimentResults.label(method),
                    m.format(2), oracle.format(2), d);
            return Claim.versus(this, r, Method.ORACLE, oracle, d >= -slackPoints, detail);
        }
    }

    /** "M is similar to or better than R": mean best of {@code method} at most {@code slackPoints} below R's. */
    record SimilarOrBetter(Method method, Method reference, double slackPoints) implements Claim {
        @Override
        public String statement() {
            return String.format(Locale.ROOT, "%s is similar to or better than %s (best-step val acc >= %s's - %.0f)",
                    ExperimentResults.label(method), ExperimentResults.label(reference), ExperimentResults.label(reference),
                    slackPoints);
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd m = r.bestAccuracy(method);
            MeanStd ref = r.bestAccuracy(reference);
            if (m == null || ref == null) return ClaimResult.notMeasured(this, method, reference);
            double d = m.mean() - ref.mean();
            String detail = String.format(Locale.ROOT, "%s %s vs %s %s: %+.2f points", ExperimentResults.label(method),
                    m.format(2), ExperimentResults.label(reference), ref.format(2), d);
            return Claim.versus(this, r, reference, ref, d >= -slackPoints, detail);
        }
    }

    /**
     * "All transferred starts train faster than standard training": after the first fine-tuning
     * epoch, each method's mean validation accuracy is above standard training's after its first
     * epoch (the target runs from their inits).
     */
    record FineTunesFasterThanStandard(List<Method> methods) implements Claim {
        public FineTunesFasterThanStandard {
            methods = List.copyOf(methods);
        }

        @Override
        public String statement() {
            return "every transferred start fine-tunes faster than standard training (val acc after epoch 1)";
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd standard = r.standardFirstEpoch();
            if (standard == null) return new ClaimResult(statement(), false, "not measured: no fine-tuning epochs");
            StringBuilder detail = new StringBuilder();
            boolean all = true;
            for (Method m : methods) {
                MeanStd ft = r.fineTuneFirstEpoch(m);
                if (ft == null) return ClaimResult.notMeasured(this, m, m);
                all &= ft.mean() > standard.mean();
                detail.append(String.format(Locale.ROOT, "%s %s, ", ExperimentResults.label(m), ft.format(2)));
            }
            detail.append("standard training ").append(standard.format(2));
            return new ClaimResult(statement(), all, detail.toString());
        }
    }

    /**
     * "M fails": mean best of {@code method} at least {@code marginPoints} below the reference's
     * (Naive against the Oracle in the pre-trained scenario). Not evidence when the reference itself
     * is at chance.
     */
    record FallsShortOf(Method method, Method reference, double marginPoints) implements Claim {
        @Override
        public String statement() {
            return String.format(Locale.ROOT, "%s fails: its best-step val acc is far below the %s's (>= %.0f points)",
                    ExperimentResults.label(method), ExperimentResults.label(reference), marginPoints);
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd m = r.bestAccuracy(method);
            MeanStd ref = r.bestAccuracy(reference);
            if (m == null || ref == null) return ClaimResult.notMeasured(this, method, reference);
            double d = ref.mean() - m.mean();
            String detail = String.format(Locale.ROOT, "%s %s vs %s %s: %.2f points below", ExperimentResults.label(method),
                    m.format(2), ExperimentResults.label(reference), ref.format(2), d);
            return Claim.versus(this, r, reference, ref, d >= marginPoints, detail);
        }
    }

    /**
     * "Fine-tuning from M beats Naive and standard training": after the first fine-tuning epoch, each
     * method's mean validation accuracy is above both Naive's and standard training's (the target
     * runs from their own starts).
     */
    record FineTunesBetterThanNaiveAndStandard(List<Method> methods) implements Claim {
        public FineTunesBetterThanNaiveAndStandard {
            methods = List.copyOf(methods);
        }

        @Override
        public String statement() {
            return "fine-tuning from " + String.join(" and ", methods.stream().map(ExperimentResults::label).toList())
                    + " beats Naive and standard training (val acc after epoch 1)";
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd standard = r.standardFirstEpoch();
            MeanStd naive = r.fineTuneFirstEpoch(Method.NAIVE);
            if (standard == null) return new ClaimResult(statement(), false, "not measured: no fine-tuning epochs");
            if (naive == null) return ClaimResult.notMeasured(this, Method.NAIVE, Method.NAIVE);
            StringBuilder detail = new StringBuilder();
            boolean all = true;
            for (Method m : methods) {
                MeanStd ft = r.fineTuneFirstEpoch(m);
                if (ft == null) return ClaimResult.notMeasured(this, m, m);
                all &= ft.mean() > standard.mean() && ft.mean() > naive.mean();
                detail.append(String.format(Locale.ROOT, "%s %s, ", ExperimentResults.label(m), ft.format(2)));
            }
            detail.append("Naive ").append(naive.format(2)).append(", standard training ").append(standard.format(2));
            return new ClaimResult(statement(), all, detail.toString());
        }
    }

    /**
     * "FGMT+FT lies in the target's basin" (Figure 7): the barrier on the line from the fine-tuned
     * target to FGMT+FT is below the one to the fine-tuned source permuted by weight matching. Not
     * evidence when FGMT+FT's own validation loss is at or above chance's (ln of the class count).
     */
    record InTargetsBasin() implements Claim {
        @Override
        public String statement() {
            return "FGMT+FT lies in the fine-tuned target's basin (its loss barrier below the permuted source's)";
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            if (r.basin() == null) return new ClaimResult(statement(), false, "not measured: no basin study");
            MeanStd fgmt = r.basin().barrier(Basin.Curve.FGMT_FT);
            MeanStd permuted = r.basin().barrier(Basin.Curve.PERMUTED_SOURCE);
            String detail = String.format(Locale.ROOT, "barrier FGMT+FT %s vs permuted source %s (Naive+FT %s)",
                    fgmt.format(3), permuted.format(3), r.basin().barrier(Basin.Curve.NAIVE_FT).format(3));
            double end = r.basin().endLoss(Basin.Curve.FGMT_FT).mean();
            double chance = Math.log(r.definition().classes());
            if (end >= chance) {
                return new ClaimResult(statement(), false, detail + String.format(Locale.ROOT, "; not evidence:"
                        + " FGMT+FT's own loss %.3f is at or above chance (ln %d = %.3f), so a low barrier only says the"
                        + " line descends from a broken model", end, r.definition().classes(), chance));
            }
            return new ClaimResult(statement(), fgmt.mean() < permuted.mean(), detail);
        }
    }

    /**
     * "The transferred model inherits the target init's better generalization" (Figure 8): the mean
     * test accuracy of M+FT (fine-tuned from M's best step) is above the source's own fine-tuned
     * model's, whose init generalizes worse.
     */
    record InheritsGeneralization(Method method) implements Claim {
        @Override
        public String statement() {
            return ExperimentResults.label(method) + "+FT inherits the target init's generalization (test acc above"
                    + " the source's fine-tuned model)";
        }

        @Override
        public ClaimResult check(ExperimentResults r) {
            MeanStd source = r.runTestAccuracy(true);
            MeanStd target = r.runTestAccuracy(false);
            MeanStd ft = ExperimentResults.stat(r.of(method), PairOutcome::finetuneTestAccuracy);
            if (source == null || target == null) {
                return new ClaimResult(statement(), false, "not measured: no test accuracy of the runs");
            }
            if (ft == null) return ClaimResult.notMeasured(this, method, method);
            return new ClaimResult(statement(), ft.mean() > source.mean(), String.format(Locale.ROOT,
                    "%s+FT %s vs source fine-tuned %s (target fine-tuned %s)", ExperimentResults.label(method),
                    ft.format(2), source.format(2), target.format(2)));
        }
    }
}
