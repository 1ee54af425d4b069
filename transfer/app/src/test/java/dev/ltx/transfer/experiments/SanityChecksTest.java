package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.transfer.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SanityChecksTest {
    private static PairOutcome outcome(Method m, double best) {
        return new PairOutcome("k", m, 1, 2, new double[] {best / 2, best}, 2, best, best, 0, 0, 1,
                new double[] {best}, best, 1);
    }

    private static List<PairOutcome> outcomes(Map<Method, Double> best) {
        List<PairOutcome> out = new ArrayList<>();
        best.forEach((m, b) -> out.add(outcome(m, b)));
        return out;
    }

    @Test
    void healthyResultsPass() {
        List<SanityChecks.Check> c = SanityChecks.check(outcomes(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0,
                Method.GMT, 85.0, Method.FGMT, 84.0)), 10);
        assertEquals(5, c.size());
        assertTrue(SanityChecks.allPassed(c), c.toString());
        assertTrue(c.get(0).line().startsWith("PASS NAIVE above chance"), c.get(0).line());
    }

    @Test
    void aMethodAtChanceFails() {
        List<SanityChecks.Check> c = SanityChecks.check(outcomes(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0,
                Method.GMT, 12.0, Method.FGMT, 84.0)), 10);
        assertFalse(SanityChecks.allPassed(c));
        assertTrue(c.stream().anyMatch(x -> x.line().startsWith("FAIL GMT above chance")), c.toString());
    }

    @Test
    void oracleBelowNaiveBeyondTheSlackFails() {
        List<SanityChecks.Check> ok = SanityChecks.check(outcomes(Map.of(Method.NAIVE, 91.5, Method.ORACLE, 90.0,
                Method.GMT, 85.0, Method.FGMT, 84.0)), 10);
        assertTrue(SanityChecks.allPassed(ok), ok.toString());
        List<SanityChecks.Check> bad = SanityChecks.check(outcomes(Map.of(Method.NAIVE, 93.0, Method.ORACLE, 90.0,
                Method.GMT, 85.0, Method.FGMT, 84.0)), 10);
        assertFalse(SanityChecks.allPassed(bad));
        assertTrue(bad.get(4).line().startsWith("FAIL Oracle"), bad.get(4).line());
    }

    @Test
    void aMissingMethodFails() {
        List<SanityChecks.Check> c = SanityChecks.check(outcomes(Map.of(Method.NAIVE, 40.0, Method.GMT, 85.0,
                Method.FGMT, 84.0)), 10);
        assertFalse(SanityChecks.allPassed(c));
        assertTrue(c.stream().anyMatch(x -> x.line().startsWith("FAIL ORACLE")), c.toString());
    }
}
