package dev.ltx.transfer.lap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The warm-up runs its solves and leaves later solves' results alone. */
class LapWarmupTest {
    @Test
    void runsEverySolveAndDoesNotChangeResults() {
        SplittableRandom rnd = new SplittableRandom(8);
        int n = 300;
        float[] c = new float[n * n];
        for (int k = 0; k < c.length; k++) {
            c[k] = (float) rnd.nextGaussian();
        }
        LapResult before = LinearAssignment.solve(c, n, n, true);
        assertEquals(LapWarmup.CHAINS * (1 + LapWarmup.WARM), LapWarmup.run());
        LapResult after = LinearAssignment.solve(c, n, n, true);
        assertEquals(before, after, "same result after the warm-up");
        Certificate.check(toDouble(c, n), after);
    }

    private static double[][] toDouble(float[] c, int n) {
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = c[i * n + j];
            }
        }
        return d;
    }
}
