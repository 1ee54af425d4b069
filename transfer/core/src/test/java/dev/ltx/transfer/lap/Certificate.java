package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks a {@link LapResult} against its cost matrix: a valid (partial) permutation of the smaller
 * side avoiding forbidden entries, the reported total, and LP duality — dual feasibility
 * everywhere, complementary slackness on assigned pairs, sign conditions on the larger side, and
 * {@code sum u + sum v == total}. Any result passing this check is optimal.
 */
final class Certificate {
    private Certificate() {
    }

    static void check(double[][] c, LapResult r) {
        int n = c.length;
        int m = n == 0 ? 0 : c[0].length;
        double s = r.maximized() ? -1 : 1; // work in the minimization form
        int[] x = r.rowToCol();
        int[] y = r.colToRow();
        double[] u = r.u();
        double[] v = r.v();
        assertEquals(n, x.length);
        assertEquals(m, y.length);
        assertEquals(n, u.length);
        assertEquals(m, v.length);
        int assigned = 0;
        double total = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] < 0) {
                continue;
            }
            assigned++;
            assertEquals(i, y[x[i]], "inverse mismatch at row " + i);
            double cij = c[i][x[i]];
            assertTrue(Double.isFinite(cij), "forbidden pair assigned at row " + i);
            total += cij;
            scale = Math.max(scale, Math.abs(cij));
        }
        for (int j = 0; j < m; j++) {
            if (y[j] >= 0) {
                assertEquals(j, x[y[j]], "inverse mismatch at column " + j);
            }
        }
        assertEquals(Math.min(n, m), assigned, "not a complete assignment of the smaller side");
        assertEquals(total, r.totalCost(), 0.0, "total cost is not the sum of assigned entries");
        double absSum = 0;
        double dualSum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double cij = s * c[i][j];
                if (cij == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double ui = s * u[i];
                double vj = s * v[j];
                double tol = 1e-9 * (Math.abs(cij) + Math.abs(ui) + Math.abs(vj) + scale) + 1e-300;
                double slack = cij - ui - vj;
                if (slack < -tol) {
                    fail("dual infeasible at (" + i + "," + j + "): c=" + cij + " u=" + ui
                            + " v=" + vj + " slack=" + slack);
                }
                if (x[i] == j && Math.abs(slack) > tol) {
                    fail("assigned pair (" + i + "," + j + ") not tight: slack=" + slack);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            absSum += Math.abs(u[i]);
            dualSum += u[i];
            checkLargerSide(n > m, x[i] >= 0, s * u[i], scale, "row " + i);
        }
        for (int j = 0; j < m; j++) {
            absSum += Math.abs(v[j]);
            dualSum += v[j];
            checkLargerSide(m > n, y[j] >= 0, s * v[j], scale, "column " + j);
        }
        double tol = 1e-9 * (absSum + Math.abs(total) + scale) + 1e-300;
        assertEquals(total, dualSum, tol, "duality gap: sum u + sum v != total");
    }

    private static void checkLargerSide(boolean larger, boolean assigned, double p, double scale,
                                        String what) {
        if (!larger) {
            return;
        }
        double tol = 1e-9 * (Math.abs(p) + scale) + 1e-300;
        assertTrue(p <= tol, what + " potential must be <= 0 on the larger side: " + p);
        if (!assigned) {
            assertTrue(Math.abs(p) <= tol, what + " left out must have potential 0: " + p);
        }
    }
}
