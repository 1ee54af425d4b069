package dev.ltx.transfer.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ensemble accuracy and disagreement on hand-made predictions whose answers are known. */
class EnsemblesTest {
    /** Three examples, two classes, labels 0, 1, 1. */
    private static Predictions p(double... firstClassProbability) {
        double[] v = new double[firstClassProbability.length * 2];
        for (int i = 0; i < firstClassProbability.length; i++) {
            v[2 * i] = firstClassProbability[i];
            v[2 * i + 1] = 1 - firstClassProbability[i];
        }
        return new Predictions(v, 2, new int[] {0, 1, 1});
    }

    @Test
    void averagingProbabilitiesCanFixWhatEachMemberGetsWrong() {
        Predictions a = p(0.9, 0.6, 0.2); // predicts 0, 0, 1: 2 of 3 right
        Predictions b = p(0.4, 0.1, 0.3); // predicts 1, 1, 1: 2 of 3 right
        assertEquals(200.0 / 3, a.accuracy(), 1e-12);
        assertEquals(200.0 / 3, b.accuracy(), 1e-12);
        // mean first-class probabilities 0.65, 0.35, 0.25: predicts 0, 1, 1 — all right
        assertEquals(100.0, Ensembles.accuracy(List.of(a, b)), 1e-12);
        assertEquals(200.0 / 3, Ensembles.disagreement(a, b), 1e-12);
        assertEquals(0.0, Ensembles.disagreement(a, a), 0.0);
        assertArrayEquals(new int[] {0, 0, 1}, a.predicted());
    }

    @Test
    void membersMustPredictTheSameExamples() {
        Predictions a = p(0.9, 0.6, 0.2);
        Predictions other = new Predictions(new double[] {1, 0, 0, 1, 0, 1}, 2, new int[] {0, 1, 0});
        assertThrows(IllegalArgumentException.class, () -> Ensembles.accuracy(List.of(a, other)));
        assertThrows(IllegalArgumentException.class, () -> new Predictions(new double[5], 2, new int[3]));
        assertThrows(IllegalArgumentException.class, () -> Ensembles.accuracy(List.of()));
    }
}
