package dev.ltx.transfer.lap;

/**
 * Workspace and procedure of the shortest augmenting path phase of {@link JonkerVolgenant}: from a
 * free row, a Dijkstra-like search over reduced costs that scans every column at the current
 * minimum distance ({@link SapKernel}), then the dual update on the scanned columns and the flip of
 * the alternating path. Reads and updates the solver's {@code x}, {@code y} and {@code v}.
 */
final class ShortestPath {
    private final JonkerVolgenant jv;
    private final double[] d;
    private final double[] w; // v, with -inf on scanned columns
    private final double[] pred;
    private final double[] dist;
    private final int[] scanned;

    ShortestPath(JonkerVolgenant jv) {
        this.jv = jv;
        int n = jv.n;
        d = new double[n];
        w = jv.v.clone();
        pred = new double[n];
        dist = new double[n];
        scanned = new int[n];
    }

    /** Finds a shortest alternating path from free row f, updates v, and flips the path. */
    void augment(int f) {
        int n = jv.n;
        CostRows c = jv.c;
        int[] x = jv.x;
        int[] y = jv.y;
        double[] v = jv.v;
        double level = c.init(f, w, d, pred);
        int collected = 0;
        int processed = 0;
        int end = -1;
        while (true) {
            if (processed == collected) {
                if (level == Double.POSITIVE_INFINITY) {
                    restore(collected);
                    throw new InfeasibleAssignmentException(jv.names.row(f) + " cannot be "
                            + "assigned: its forbidden entries leave no complete assignment");
                }
                int before = collected;
                collected = SapKernel.collect(level, d, w, dist, scanned, collected, n);
                for (int k = before; k < collected; k++) {
                    if (y[scanned[k]] < 0) {
                        end = scanned[k];
                        break;
                    }
                }
                if (end >= 0) {
                    break;
                }
            }
            int j1 = scanned[processed++];
            int i = y[j1];
            double u1 = jv.cost(i, j1) - v[j1] - dist[j1];
            level = c.relax(i, w, u1, d, pred);
        }
        for (int k = 0; k < collected; k++) { // dual update on scanned columns
            int j = scanned[k];
            v[j] += dist[j] - level;
        }
        restore(collected);
        int j = end;
        while (true) {
            int i = (int) pred[j];
            y[j] = i;
            int next = x[i];
            x[i] = j;
            if (i == f) {
                break;
            }
            j = next;
        }
    }

    private void restore(int collected) {
        for (int k = 0; k < collected; k++) {
            w[scanned[k]] = jv.v[scanned[k]];
        }
    }
}
