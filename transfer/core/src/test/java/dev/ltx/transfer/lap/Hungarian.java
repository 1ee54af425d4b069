package dev.ltx.transfer.lap;

import java.util.Arrays;

/**
 * A second, independent exact algorithm for the tests: the textbook O(n^2 m) Hungarian method
 * with row/column potentials, adding one row at a time and growing a shortest-path tree over the
 * columns (Dijkstra without any JV initialization). Minimizes; finite costs, rows <= cols.
 */
final class Hungarian {
    private Hungarian() {
    }

    /** Returns the minimum total cost. */
    static double minimumCost(double[][] c) {
        int n = c.length;
        int m = c[0].length;
        double[] rowPot = new double[n + 1];
        double[] colPot = new double[m + 1];
        int[] owner = new int[m + 1]; // column (1-based) -> row (1-based); column 0 is virtual
        int[] via = new int[m + 1];
        double[] slack = new double[m + 1];
        boolean[] inTree = new boolean[m + 1];
        for (int row = 1; row <= n; row++) {
            owner[0] = row;
            int col = 0;
            Arrays.fill(slack, Double.POSITIVE_INFINITY);
            Arrays.fill(inTree, false);
            do {
                inTree[col] = true;
                int r = owner[col];
                double delta = Double.POSITIVE_INFINITY;
                int nextCol = -1;
                for (int j = 1; j <= m; j++) {
                    if (inTree[j]) {
                        continue;
                    }
                    double reduced = c[r - 1][j - 1] - rowPot[r] - colPot[j];
                    if (reduced < slack[j]) {
                        slack[j] = reduced;
                        via[j] = col;
                    }
                    if (slack[j] < delta) {
                        delta = slack[j];
                        nextCol = j;
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (inTree[j]) {
                        rowPot[owner[j]] += delta;
                        colPot[j] -= delta;
                    } else {
                        slack[j] -= delta;
                    }
                }
                col = nextCol;
            } while (owner[col] != 0);
            while (col != 0) { // flip the alternating path back to the virtual column
                int prev = via[col];
                owner[col] = owner[prev];
                col = prev;
            }
        }
        double total = 0;
        for (int j = 1; j <= m; j++) {
            if (owner[j] != 0) {
                total += c[owner[j] - 1][j - 1];
            }
        }
        return total;
    }
}
