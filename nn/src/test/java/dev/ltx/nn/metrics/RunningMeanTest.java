package dev.ltx.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunningMeanTest {

    @Test
    void weightedMeanAndMeanOfBatchMeans() {
        RunningMean m = new RunningMean();
        assertTrue(Double.isNaN(m.mean()) && Double.isNaN(m.meanOfBatchMeans()));
        m.add(2.0, 128);
        m.add(4.0, 32);
        assertEquals((2.0 * 128 + 4.0 * 32) / 160, m.mean(), 1e-15); // 2.4
        assertEquals(3.0, m.meanOfBatchMeans(), 1e-15);
        assertEquals(160, m.samples());
        assertEquals(2, m.batches());
        m.reset();
        assertEquals(0, m.samples());
        m.add(5.0, 7);
        assertEquals(5.0, m.mean(), 0.0);
        assertEquals(5.0, m.meanOfBatchMeans(), 0.0);
    }

    @Test
    void compensatedSumsKeepTinyContributions() {
        RunningMean m = new RunningMean();
        m.add(1.0, 1);
        for (int i = 0; i < 1000; i++) {
            m.add(1e-16, 1);
        }
        // a plain running sum would stay at exactly 1.0 (each 1e-16 is below half an ulp of 1)
        assertEquals((1.0 + 1e-13) / 1001, m.mean(), 1e-20);
        assertEquals((1.0 + 1e-13) / 1001, m.meanOfBatchMeans(), 1e-20);
    }

    @Test
    void badInputsThrow() {
        RunningMean m = new RunningMean();
        assertThrows(IllegalArgumentException.class, () -> m.add(1.0, 0));
        assertThrows(IllegalArgumentException.class, () -> m.add(Double.NaN, 4));
    }
}
