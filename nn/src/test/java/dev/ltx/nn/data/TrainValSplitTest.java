package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TrainValSplitTest {
    /** n examples whose label is i mod 10 and whose 2 pixels encode i. */
    private static Dataset indexed(int n) {
        byte[] px = new byte[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            px[2 * i] = (byte) (i >>> 8);
            px[2 * i + 1] = (byte) i;
            labels[i] = i % 10;
        }
        return Dataset.of("idx", px, labels, 10, 1, 1, 2);
    }

    private static int id(Dataset d, int k) {
        return d.pixel(k, 0, 0, 0) << 8 | d.pixel(k, 0, 0, 1);
    }

    @Test
    void nineToOneSizesDisjointAndCovering() {
        Dataset full = indexed(60000);
        TrainValSplit s = TrainValSplit.of(full, TrainValSplit.DEFAULT_SEED);
        assertEquals(54000, s.train().size());
        assertEquals(6000, s.validation().size());
        boolean[] seen = new boolean[60000];
        for (int i : s.trainIndices()) {
            assertFalse(seen[i], "duplicate " + i);
            seen[i] = true;
        }
        for (int i : s.validationIndices()) {
            assertFalse(seen[i], "index " + i + " in both parts");
            seen[i] = true;
        }
        for (boolean b : seen) assertEquals(true, b);
        // The parts hold exactly the examples their indices name, with their labels.
        int[] val = s.validationIndices();
        for (int k = 0; k < val.length; k += 97) {
            assertEquals(val[k] & 0xffff, id(s.validation(), k));
            assertEquals(val[k] % 10, s.validation().label(k));
        }
    }

    @Test
    void deterministicPerSeedAndDifferentAcrossSeeds() {
        Dataset full = indexed(1000);
        TrainValSplit a = TrainValSplit.of(full, 5);
        TrainValSplit b = TrainValSplit.of(full, 5);
        TrainValSplit c = TrainValSplit.of(full, 6);
        assertArrayEquals(a.validationIndices(), b.validationIndices());
        assertArrayEquals(a.trainIndices(), b.trainIndices());
        assertFalse(Arrays.equals(a.validationIndices(), c.validationIndices()));
        int[] sorted = a.validationIndices();
        Arrays.sort(sorted);
        assertFalse(Arrays.equals(sorted, a.validationIndices()), "shuffled, not a prefix of the file order");
    }

    @Test
    void validationSizeIsTheFloorAndFractionIsChecked() {
        assertEquals(1, TrainValSplit.of(indexed(19), 1).validation().size());
        assertEquals(0, TrainValSplit.of(indexed(9), 1).validation().size());
        assertEquals(3, TrainValSplit.of(indexed(10), 0.3, 1).validation().size());
        assertThrows(IllegalArgumentException.class, () -> TrainValSplit.of(indexed(10), 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> TrainValSplit.of(indexed(10), Double.NaN, 1));
    }
}
