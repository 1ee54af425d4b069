package dev.ltx.transfer.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AlphaScheduleTest {
    @Test
    void cosineMatchesTheOfficialValuesForTen() {
        double[] expected = {.1818, .3592, .5236, .6680, .7870, .8779, .9407, .9782, .9956, 1};
        assertArrayEquals(expected, AlphaSchedule.COSINE.alphas(10), 5e-5);
    }

    @Test
    void cosineMatchesTheOfficialValuesForFifteenAndThirty() {
        double[] fifteen = {.1250, .2486, .3682, .4813, .5856, .6794, .7612, .8302, .8862, .9294, .9606, .9813, .9932,
            .9986, 1};
        assertArrayEquals(fifteen, AlphaSchedule.COSINE.alphas(15), 5e-5);
        double[] thirty = AlphaSchedule.COSINE.alphas(30);
        assertArrayEquals(new double[] {.0645, .1289, .1927, .2556, .3173}, java.util.Arrays.copyOf(thirty, 5), 5e-5);
        assertArrayEquals(new double[] {.9948, .9975, .9991, .9998, 1}, java.util.Arrays.copyOfRange(thirty, 25, 30), 5e-5);
    }

    @Test
    void cosineIsTheClosedFormAndEndsAtExactlyOne() {
        for (int s : new int[] {1, 2, 3, 7, 60}) {
            double[] a = AlphaSchedule.COSINE.alphas(s);
            assertEquals(1.0, a[s - 1], 0.0);
            double cos = 0;
            for (int k = 1; k <= s; k++) {
                cos += Math.cos(Math.PI * (k - 1) / s);
                assertEquals((k + cos) / (s + 1), a[k - 1], 1e-12, "S=" + s + " k=" + k);
            }
        }
        assertEquals(2.0 / 11, AlphaSchedule.COSINE.alphas(10)[0], 1e-15);
    }

    @Test
    void uniformIsKOverS() {
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 1.0}, AlphaSchedule.UNIFORM.alphas(4), 0.0);
        assertArrayEquals(new double[] {1.0}, AlphaSchedule.UNIFORM.alphas(1), 0.0);
        assertArrayEquals(new double[] {1.0}, AlphaSchedule.COSINE.alphas(1), 0.0);
    }

    @Test
    void rejectsZeroSplitsAndUnknownNames() {
        assertThrows(IllegalArgumentException.class, () -> AlphaSchedule.COSINE.alphas(0));
        assertEquals(AlphaSchedule.UNIFORM, AlphaSchedule.parse("Uniform"));
        assertThrows(IllegalArgumentException.class, () -> AlphaSchedule.parse("linear"));
    }
}
