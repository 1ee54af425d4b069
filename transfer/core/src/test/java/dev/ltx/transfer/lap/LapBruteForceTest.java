package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The solver against exhaustive search on thousands of small seeded matrices. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LapBruteForceTest {

    /** Solves, checks the certificate, and compares with brute force (or infeasibility). */
    static void checkAgainstBruteForce(double[][] c, boolean maximize, String label) {
        double[][] wide = c.length <= c[0].length ? c : Matrices.transpose(c);
        double best = Exhaustive.optimum(wide, maximize);
        if (Double.isNaN(best)) {
            assertThrows(InfeasibleAssignmentException.class,
                    () -> LinearAssignment.solve(c, maximize), label + ": infeasible expected");
            return;
        }
        LapResult r = LinearAssignment.solve(c, maximize);
        Certificate.check(c, r);
        assertEquals(best, r.totalCost(), 1e-12 * (1 + Math.abs(best)), label);
        assertEquals(r, LinearAssignment.solve(c, maximize), label + ": not deterministic");
    }

    @Test
    void squareUniform() {
        for (int seed = 0; seed < 1500; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 1 + rnd.nextInt(8);
            checkAgainstBruteForce(Matrices.uniform(rnd, n, n), seed % 2 == 0, "uniform " + seed);
        }
    }

    @Test
    void squareSmallIntegersWithTies() {
        for (int seed = 0; seed < 1500; seed++) {
            SplittableRandom rnd = new SplittableRandom(10_000 + seed);
            int n = 1 + rnd.nextInt(8);
            int range = 1 + rnd.nextInt(4);
            checkAgainstBruteForce(Matrices.integers(rnd, n, n, range), seed % 3 == 0,
                    "integers " + seed);
        }
    }

    @Test
    void squareWithForbiddenEntries() {
        int infeasible = 0;
        for (int seed = 0; seed < 1500; seed++) {
            SplittableRandom rnd = new SplittableRandom(20_000 + seed);
            int n = 1 + rnd.nextInt(8);
            boolean max = seed % 2 == 1;
            double[][] c = rnd.nextBoolean() ? Matrices.integers(rnd, n, n, 5)
                    : Matrices.uniform(rnd, n, n);
            double p = 0.1 + 0.6 * rnd.nextDouble();
            Matrices.forbid(rnd, c, p, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            if (Double.isNaN(Exhaustive.optimum(c, max))) {
                infeasible++;
            }
            checkAgainstBruteForce(c, max, "forbidden " + seed);
        }
        assertTrue(infeasible > 50 && infeasible < 1400, "mix of feasible/infeasible: " + infeasible);
    }

    @Test
    void rectangular() {
        for (int seed = 0; seed < 1500; seed++) {
            SplittableRandom rnd = new SplittableRandom(30_000 + seed);
            int n = 1 + rnd.nextInt(7);
            int m = 1 + rnd.nextInt(7);
            boolean max = rnd.nextBoolean();
            double[][] c = switch (seed % 3) {
                case 0 -> Matrices.uniform(rnd, n, m);
                case 1 -> Matrices.integers(rnd, n, m, 3);
                default -> Matrices.forbid(rnd, Matrices.integers(rnd, n, m, 6), 0.3,
                        max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            };
            checkAgainstBruteForce(c, max, "rectangular " + n + "x" + m + " seed " + seed);
        }
    }
}
