package dev.ltx.transfer.experiments;

import dev.ltx.transfer.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Relations every healthy reproduction satisfies, checked at the end of a run: the best-step
 * validation accuracy of every transfer method is above chance by a margin in every pair, and the
 * Oracle's mean best is not below the Naive transfer's by more than a small slack.
 */
public final class SanityChecks {
    /** Percentage points a best accuracy must exceed chance by. */
    public static final double CHANCE_MARGIN = 5.0;
    /** Percentage points the Oracle's mean best may fall below Naive's. */
    public static final double ORACLE_SLACK = 2.0;

    private SanityChecks() {
    }

    /**
     * One check.
     *
     * @param name   what was checked
     * @param passed whether it held
     * @param detail the numbers behind it
     */
    public record Check(String name, boolean passed, String detail) {
        /** "PASS name: detail" or "FAIL name: detail". */
        public String line() {
            return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
        }
    }

    /** The checks of {@code outcomes} for a dataset of {@code classes} classes. */
    public static List<Check> check(List<PairOutcome> outcomes, int classes) {
        List<Check> out = new ArrayList<>();
        double chance = 100.0 / classes;
        for (Method m : MnistMlpSetup.METHODS) {
            List<PairOutcome> of = outcomes.stream().filter(o -> o.method() == m).toList();
            if (of.isEmpty()) {
                out.add(new Check(m + " above chance", false, "no transfer with " + m + " was run"));
                continue;
            }
            double worst = of.stream().mapToDouble(PairOutcome::bestAccuracy).min().orElseThrow();
            out.add(new Check(m + " above chance", worst > chance + CHANCE_MARGIN, String.format(Locale.ROOT,
                    "lowest best-step val acc %.2f%% vs chance %.2f%% + %.1f", worst, chance, CHANCE_MARGIN)));
        }
        double oracle = mean(outcomes, Method.ORACLE);
        double naive = mean(outcomes, Method.NAIVE);
        out.add(new Check("Oracle >= Naive - " + ORACLE_SLACK, oracle >= naive - ORACLE_SLACK, String.format(Locale.ROOT,
                "mean best val acc Oracle %.2f%%, Naive %.2f%%", oracle, naive)));
        return out;
    }

    /** Whether every check passed. */
    public static boolean allPassed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }

    private static double mean(List<PairOutcome> outcomes, Method m) {
        return outcomes.stream().filter(o -> o.method() == m).mapToDouble(PairOutcome::bestAccuracy).average()
                .orElse(Double.NaN);
    }
}
