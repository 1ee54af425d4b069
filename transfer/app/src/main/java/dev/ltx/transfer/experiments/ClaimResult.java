package dev.ltx.transfer.experiments;

import dev.ltx.transfer.Method;
import java.util.List;

/**
 * A checked {@link Claim}.
 *
 * @param statement the claim as the paper states it, with its threshold
 * @param passed    whether the results support it
 * @param detail    the numbers behind the verdict
 */
public record ClaimResult(String statement, boolean passed, String detail) {
    /** "PASS statement: detail" or "FAIL statement: detail". */
    public String line() {
        return (passed ? "PASS " : "FAIL ") + statement + ": " + detail;
    }

    /** A FAIL because a method the claim needs was not run. */
    static ClaimResult notMeasured(Claim c, Method a, Method b) {
        return new ClaimResult(c.statement(), false, "not measured: the experiment has no results for "
                + (a == b ? a : a + " and " + b));
    }

    /** Whether every result passed. */
    public static boolean allPassed(List<ClaimResult> results) {
        return results.stream().allMatch(ClaimResult::passed);
    }
}
