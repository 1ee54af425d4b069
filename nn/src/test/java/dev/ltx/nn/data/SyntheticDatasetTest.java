package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {
    @Test
    void shapesAndBalancedLabels() {
        Dataset m = SyntheticDataset.mnistLike(103, 1);
        assertEquals(103, m.size());
        assertEquals(1, m.channels());
        assertEquals(28, m.height());
        assertEquals(10, m.numClasses());
        for (int c : m.classCounts()) assertTrue(c == 10 || c == 11, Arrays.toString(m.classCounts()));
        Dataset c = SyntheticDataset.cifarLike(20, 1);
        assertEquals(3, c.channels());
        assertEquals(32, c.width());
        assertEquals(0, SyntheticDataset.generate("e", 0, 3, 1, 8, 8, 0).size());
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.generate("x", 5, 0, 1, 8, 8, 0));
        assertThrows(IllegalArgumentException.class, () -> SyntheticDataset.generate("x", 5, 2, 1, 3, 8, 0));
    }

    @Test
    void aPureFunctionOfItsSeed() {
        Dataset a = SyntheticDataset.cifarLike(30, 7);
        Dataset b = SyntheticDataset.cifarLike(30, 7);
        Dataset other = SyntheticDataset.cifarLike(30, 8);
        assertArrayEquals(a.labels(), b.labels());
        for (int i = 0; i < 30; i++) assertArrayEquals(a.rawImage(i), b.rawImage(i));
        assertFalse(Arrays.equals(a.rawImage(0), other.rawImage(0)));
        assertFalse(Arrays.equals(a.labels(), other.labels()));
    }

    @Test
    void classesAreLearnableByANearestCentroidClassifier() {
        assertTrue(nearestCentroidAccuracy(SyntheticDataset.mnistLike(1000, 3)) > 0.9);
        assertTrue(nearestCentroidAccuracy(SyntheticDataset.cifarLike(1000, 4)) > 0.9);
        // Examples of one class are not copies of each other (jitter, brightness and noise).
        Dataset d = SyntheticDataset.mnistLike(20, 5);
        for (int i = 1; i < d.size(); i++) {
            if (d.label(i) == d.label(0)) assertFalse(Arrays.equals(d.rawImage(0), d.rawImage(i)));
        }
    }

    /** Fits class means on the first half and classifies the second half. */
    private static double nearestCentroidAccuracy(Dataset d) {
        int n = d.size();
        int dim = d.imageSize();
        double[][] mean = new double[d.numClasses()][dim];
        int[] count = new int[d.numClasses()];
        for (int i = 0; i < n / 2; i++) {
            byte[] x = d.rawImage(i);
            count[d.label(i)]++;
            for (int j = 0; j < dim; j++) mean[d.label(i)][j] += x[j] & 0xff;
        }
        for (int k = 0; k < mean.length; k++) {
            for (int j = 0; j < dim; j++) mean[k][j] /= count[k];
        }
        int correct = 0;
        for (int i = n / 2; i < n; i++) {
            byte[] x = d.rawImage(i);
            int best = -1;
            double bestDist = Double.MAX_VALUE;
            for (int k = 0; k < mean.length; k++) {
                double dist = 0;
                for (int j = 0; j < dim; j++) {
                    double diff = (x[j] & 0xff) - mean[k][j];
                    dist += diff * diff;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = k;
                }
            }
            if (best == d.label(i)) correct++;
        }
        return correct / (double) (n - n / 2);
    }
}
