package dev.ltx.transfer.lap;

import java.util.SplittableRandom;

/** Seeded cost matrices for the tests. */
final class Matrices {
    private Matrices() {
    }

    static double[][] uniform(SplittableRandom rnd, int n, int m) {
        double[][] c = new double[n][m];
        for (double[] row : c) {
            for (int j = 0; j < m; j++) {
                row[j] = rnd.nextDouble();
            }
        }
        return c;
    }

    /** Small integers 0..range-1: many ties. */
    static double[][] integers(SplittableRandom rnd, int n, int m, int range) {
        double[][] c = new double[n][m];
        for (double[] row : c) {
            for (int j = 0; j < m; j++) {
                row[j] = rnd.nextInt(range);
            }
        }
        return c;
    }

    /** Replaces each entry by {@code forbidden} with probability p. */
    static double[][] forbid(SplittableRandom rnd, double[][] c, double p, double forbidden) {
        for (double[] row : c) {
            for (int j = 0; j < row.length; j++) {
                if (rnd.nextDouble() < p) {
                    row[j] = forbidden;
                }
            }
        }
        return c;
    }

    /** Inner products of random Gaussian vectors, optionally nearly permuted copies. */
    static double[][] innerProducts(SplittableRandom rnd, int n, int d, boolean nearPerm) {
        double[][] a = gaussian(rnd, n, d);
        double[][] b = gaussian(rnd, n, d);
        if (nearPerm) {
            int[] pi = permutation(rnd, n);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    b[i][k] += a[pi[i]][k];
                }
            }
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += a[i][k] * b[j][k];
                }
                c[i][j] = acc;
            }
        }
        return c;
    }

    static double[][] gaussian(SplittableRandom rnd, int n, int d) {
        double[][] a = new double[n][d];
        for (double[] row : a) {
            for (int k = 0; k < d; k++) {
                double u1 = 1.0 - rnd.nextDouble();
                double u2 = rnd.nextDouble();
                row[k] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            }
        }
        return a;
    }

    static int[] permutation(SplittableRandom rnd, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    static double[][] negate(double[][] c) {
        double[][] r = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            r[i] = c[i].clone();
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] = -r[i][j];
            }
        }
        return r;
    }

    static double[][] transpose(double[][] c) {
        int n = c.length;
        int m = c[0].length;
        double[][] t = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j][i] = c[i][j];
            }
        }
        return t;
    }

    static double[] flat(double[][] c) {
        int m = c.length == 0 ? 0 : c[0].length;
        double[] f = new double[c.length * m];
        for (int i = 0; i < c.length; i++) {
            System.arraycopy(c[i], 0, f, i * m, m);
        }
        return f;
    }
}
