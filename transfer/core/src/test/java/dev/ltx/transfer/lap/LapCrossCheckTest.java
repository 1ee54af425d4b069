package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The solver against an independent Hungarian implementation, up to n = 500. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LapCrossCheckTest {

    private static void agree(double[][] c, String label) {
        LapResult r = LinearAssignment.minimize(c);
        Certificate.check(c, r);
        double ref = c.length <= c[0].length ? Hungarian.minimumCost(c)
                : Hungarian.minimumCost(Matrices.transpose(c));
        assertEquals(ref, r.totalCost(), 1e-9 * (1 + Math.abs(ref)), label);
    }

    @Test
    void manySmallAndMediumMatrices() {
        for (int seed = 0; seed < 300; seed++) {
            SplittableRandom rnd = new SplittableRandom(40_000 + seed);
            int n = 1 + rnd.nextInt(60);
            int m = seed % 4 == 0 ? 1 + rnd.nextInt(60) : n;
            double[][] c = switch (seed % 3) {
                case 0 -> Matrices.uniform(rnd, n, m);
                case 1 -> Matrices.integers(rnd, n, m, 1 + rnd.nextInt(10));
                default -> Matrices.negate(Matrices.integers(rnd, n, m, 1000));
            };
            agree(c, n + "x" + m + " seed " + seed);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 257, 500})
    void largeUniformIntegerAndInnerProduct(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        agree(Matrices.uniform(rnd, n, n), "uniform " + n);
        agree(Matrices.integers(rnd, n, n, 8), "integers " + n);
        agree(Matrices.negate(Matrices.innerProducts(rnd, n, 16, false)), "inner " + n);
        agree(Matrices.negate(Matrices.innerProducts(rnd, n, 16, true)), "near-perm " + n);
        agree(Matrices.uniform(rnd, n, n + 37), "wide " + n);
    }

    @Test
    void nearPermutationIsRecoveredWhenMaximizing() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 200;
        int d = 64;
        double[][] a = Matrices.gaussian(rnd, n, d);
        int[] pi = Matrices.permutation(rnd, n);
        double[][] c = new double[n][n]; // c[i][j] = <a[i], a[pi[j]]>: the optimum pairs i with pi^-1
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int k = 0; k < d; k++) {
                    acc += a[i][k] * a[pi[j]][k];
                }
                c[i][j] = acc;
            }
        }
        LapResult r = LinearAssignment.maximize(c);
        Certificate.check(c, r);
        int[] expected = new int[n];
        for (int j = 0; j < n; j++) {
            expected[pi[j]] = j;
        }
        assertArrayEquals(expected, r.rowToCol());
    }
}
