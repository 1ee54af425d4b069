package dev.ltx.transfer.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.nn.train.EpochMetrics;
import dev.ltx.transfer.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's claims on hand-made results: verdicts, numbers in the detail, missing methods. */
class ClaimTest {
    private static final ExperimentDefinition DEF = ExperimentRegistry.find("synthetic-mlp").orElseThrow()
            .definition(ExperimentRegistry.Size.FULL);

    private static PairOutcome outcome(Method m, long source, long seed, double best, double firstFineTune) {
        return new PairOutcome("k", m, source, source + 1, seed, new double[] {best / 2, best, best, best}, 2, best,
                best, 0, 0, 1, new double[] {firstFineTune}, best, 1);
    }

    /** Two pairs (101→102, 201→202), one transfer seed, each method at {@code best} ± 1 across the pairs. */
    private static ExperimentResults results(Map<Method, Double> best, double standardFirstEpoch) {
        List<PairOutcome> out = new ArrayList<>();
        for (long source : new long[] {101, 201}) {
            double jitter = source == 101 ? -1 : 1;
            best.forEach((m, b) -> out.add(outcome(m, source, 1, b + jitter, b + jitter)));
        }
        EpochMetrics e = new EpochMetrics(0, 0.01, 1.0, 50.0, 1.0, standardFirstEpoch, 10, 1.0, 100.0);
        return new ExperimentResults(DEF, Map.of(101L, List.of(e), 102L, List.of(e), 201L, List.of(e), 202L, List.of(e)),
                out);
    }

    private static List<ClaimResult> check(ExperimentResults r) {
        return Claim.RANDOM_INIT.stream().map(c -> c.check(r)).toList();
    }

    @Test
    void thePapersPictureSupportsEveryClaim() {
        List<ClaimResult> c = check(results(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0, Method.GMT, 88.0,
                Method.FGMT, 89.0), 30.0));
        assertEquals(6, c.size());
        assertTrue(ClaimResult.allPassed(c), c.toString());
        assertTrue(c.get(0).line().startsWith("PASS GMT's best-step val acc is far above Naive's"), c.get(0).line());
        assertTrue(c.get(0).detail().contains("GMT 88.00 ± 1.41 vs Naive 40.00 ± 1.41: +48.00 points"), c.get(0).detail());
    }

    @Test
    void gmtAtNaivesLevelFailsFarAboveNaiveAndApproachesOracle() {
        List<ClaimResult> c = check(results(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0, Method.GMT, 45.0,
                Method.FGMT, 89.0), 30.0));
        assertFalse(c.get(0).passed(), c.get(0).line());  // GMT far above Naive
        assertTrue(c.get(1).passed(), c.get(1).line());   // FGMT far above Naive
        assertFalse(c.get(2).passed(), c.get(2).line());  // GMT approaches Oracle
        assertTrue(c.get(4).passed(), c.get(4).line());   // FGMT similar to or better than GMT
    }

    @Test
    void fgmtBelowGmtBeyondTheSlackFails() {
        List<ClaimResult> ok = check(results(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0, Method.GMT, 88.0,
                Method.FGMT, 86.5), 30.0));
        assertTrue(ok.get(4).passed(), ok.get(4).line());
        List<ClaimResult> bad = check(results(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0, Method.GMT, 88.0,
                Method.FGMT, 85.0), 30.0));
        assertFalse(bad.get(4).passed(), bad.get(4).line());
        assertTrue(bad.get(4).detail().contains("-3.00 points"), bad.get(4).detail());
    }

    @Test
    void matchingAnOracleThatIsItselfAtChanceIsNotEvidence() {
        double chance = 100.0 / DEF.classes();
        List<ClaimResult> c = check(results(Map.of(Method.NAIVE, chance, Method.ORACLE, chance + 3, Method.GMT,
                chance + 2, Method.FGMT, chance + 2.5), 30.0));
        for (int i : new int[] {2, 3, 4}) { // GMT and FGMT approach the Oracle, FGMT similar to GMT: all vacuous
            assertFalse(c.get(i).passed(), c.get(i).line());
            assertTrue(c.get(i).detail().contains("not evidence") && c.get(i).detail().contains("at chance"),
                    c.get(i).detail());
        }
        // just above the bar, the same gaps are evidence again
        List<ClaimResult> ok = check(results(Map.of(Method.NAIVE, chance, Method.ORACLE, chance + 13, Method.GMT,
                chance + 12, Method.FGMT, chance + 12.5), 30.0));
        assertTrue(ok.get(2).passed() && ok.get(3).passed() && ok.get(4).passed(), ok.toString());
    }

    @Test
    void thePretrainedScenariosClaims() {
        List<ClaimResult> paper = pretrained(results(Map.of(Method.NAIVE, 30.0, Method.ORACLE, 80.0, Method.GMT, 70.0,
                Method.FGMT, 72.0), 40.0));
        assertEquals(4, paper.size());
        assertTrue(ClaimResult.allPassed(paper), paper.toString());
        assertTrue(paper.get(0).line().startsWith("PASS Naive fails"), paper.get(0).line());
        assertTrue(paper.get(0).detail().contains("Naive 30.00 ± 1.41 vs Oracle 80.00 ± 1.41: 50.00 points below"),
                paper.get(0).detail());
        assertTrue(paper.get(3).detail().contains("GMT 70.00 ± 1.41, FGMT 72.00 ± 1.41, Naive 30.00 ± 1.41, standard"
                + " training 40.00"), paper.get(3).detail());

        List<ClaimResult> naiveWorks = pretrained(results(Map.of(Method.NAIVE, 75.0, Method.ORACLE, 80.0, Method.GMT,
                70.0, Method.FGMT, 72.0), 40.0));
        assertFalse(naiveWorks.get(0).passed(), naiveWorks.get(0).line());
        assertFalse(naiveWorks.get(3).passed(), "fine-tuning from GMT below Naive's: " + naiveWorks.get(3).line());

        List<ClaimResult> broken = pretrained(results(Map.of(Method.NAIVE, 5.0, Method.ORACLE, 27.0, Method.GMT, 26.0,
                Method.FGMT, 26.0), 40.0));
        assertFalse(broken.get(0).passed());
        assertTrue(broken.get(0).detail().contains("not evidence: Oracle itself is at chance"), broken.get(0).detail());
    }

    @Test
    void theBasinClaimNeedsALowerBarrierAndAWorkingFgmtModel() {
        double[] l = {0, 0.5, 1};
        ExperimentResults base = results(Map.of(Method.NAIVE, 30.0, Method.ORACLE, 80.0, Method.GMT, 70.0,
                Method.FGMT, 72.0), 40.0);
        java.util.function.Function<Double, ClaimResult> withFgmtEnd = end -> new Claim.InTargetsBasin().check(
                new ExperimentResults(DEF, base.runs(), base.outcomes(), Map.of(), new Basin(l, Map.of(
                        Basin.Curve.FGMT_FT, List.of(new double[] {0.4, 0.5, end}),
                        Basin.Curve.PERMUTED_SOURCE, List.of(new double[] {0.4, 2.0, 0.5}),
                        Basin.Curve.NAIVE_FT, List.of(new double[] {0.4, 1.0, 1.2}))), Map.of()));
        ClaimResult good = withFgmtEnd.apply(0.5);
        assertTrue(good.passed(), good.line());
        assertTrue(good.detail().contains("barrier FGMT+FT 0.050 vs permuted source 1.550"), good.detail());
        ClaimResult broken = withFgmtEnd.apply(2.0);
        assertFalse(broken.passed(), broken.line());
        assertTrue(broken.detail().contains("not evidence: FGMT+FT's own loss 2.000 is at or above chance (ln 4"),
                broken.detail());
        assertFalse(new Claim.InTargetsBasin().check(base).passed(), "no basin study: not measured");
    }

    @Test
    void aTransferredModelInheritsTheStrongInitsGeneralization() {
        ExperimentResults base = results(Map.of(Method.NAIVE, 30.0, Method.ORACLE, 80.0, Method.FGMT, 72.0), 40.0);
        java.util.function.Function<Double, ClaimResult> withWeakSource = source -> new Claim.InheritsGeneralization(
                Method.FGMT).check(new ExperimentResults(DEF, base.runs(), base.outcomes(), Map.of(), null,
                Map.of(101L, source, 201L, source, 102L, 90.0, 202L, 90.0)));
        ClaimResult weak = withWeakSource.apply(60.0);
        assertTrue(weak.passed(), weak.line());
        assertTrue(weak.detail().contains("FGMT+FT 72.00 ± 1.41 vs source fine-tuned 60.00 ± 0.00 (target fine-tuned"
                + " 90.00 ± 0.00)"), weak.detail());
        assertFalse(withWeakSource.apply(75.0).passed());
        assertFalse(new Claim.InheritsGeneralization(Method.FGMT).check(base).passed(), "no run tests: not measured");
    }

    private static List<ClaimResult> pretrained(ExperimentResults r) {
        return Claim.PRETRAINED.stream().map(c -> c.check(r)).toList();
    }

    @Test
    void fineTuningNoFasterThanStandardTrainingFails() {
        List<ClaimResult> c = check(results(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0, Method.GMT, 88.0,
                Method.FGMT, 89.0), 60.0));  // Naive's first fine-tuning epoch (40) is below standard training's 60
        assertFalse(c.get(5).passed(), c.get(5).line());
        assertTrue(c.get(5).detail().contains("standard training 60.00"), c.get(5).detail());
    }

    @Test
    void aMissingMethodFailsAsNotMeasured() {
        List<ClaimResult> c = check(results(Map.of(Method.NAIVE, 40.0, Method.GMT, 85.0, Method.FGMT, 84.0), 30.0));
        assertFalse(c.get(2).passed());
        assertTrue(c.get(2).detail().startsWith("not measured"), c.get(2).detail());
        assertFalse(ClaimResult.allPassed(c));
    }

    @Test
    void problemsFlagInvalidRunsNotFailedClaims() {
        ExperimentResults ok = results(Map.of(Method.NAIVE, 40.0, Method.ORACLE, 90.0, Method.GMT, 45.0,
                Method.FGMT, 44.0), 30.0);
        assertTrue(ok.problems().isEmpty(), ok.problems().toString());
        List<PairOutcome> bad = new ArrayList<>(ok.outcomes());
        bad.set(0, outcome(Method.NAIVE, 101, 1, Double.NaN, 1));
        bad.remove(1);
        List<String> p = new ExperimentResults(DEF, ok.runs(), bad).problems();
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("expected 8 transfers, found 7"), p.toString());
        assertTrue(p.get(1).contains("non-finite"), p.toString());
    }
}
