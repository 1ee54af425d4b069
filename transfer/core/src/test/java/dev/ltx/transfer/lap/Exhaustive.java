package dev.ltx.transfer.lap;

/**
 * Brute force: the optimal total over all injective maps of the rows into the columns
 * (rows <= cols), skipping {@code +inf} (min) entries; NaN when no finite assignment exists.
 */
final class Exhaustive {
    private Exhaustive() {
    }

    static double optimum(double[][] c, boolean maximize) {
        int n = c.length;
        int m = c[0].length;
        double[] best = {Double.NaN};
        search(c, maximize ? -1 : 1, 0, new boolean[m], 0.0, best, n, m);
        return maximize ? -best[0] : best[0];
    }

    private static void search(double[][] c, double s, int i, boolean[] used, double acc,
                               double[] best, int n, int m) {
        if (i == n) {
            if (Double.isNaN(best[0]) || acc < best[0]) {
                best[0] = acc;
            }
            return;
        }
        for (int j = 0; j < m; j++) {
            double cij = s * c[i][j];
            if (!used[j] && cij != Double.POSITIVE_INFINITY) {
                used[j] = true;
                search(c, s, i + 1, used, acc + cij, best, n, m);
                used[j] = false;
            }
        }
    }
}
