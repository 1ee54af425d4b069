package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassSubsetTest {
    /** n one-pixel images whose pixel equals the example index and label = labels[i]. */
    private static Dataset tiny(int[] labels, int numClasses) {
        byte[] px = new byte[labels.length];
        for (int i = 0; i < px.length; i++) px[i] = (byte) i;
        return Dataset.of("tiny", px, labels, numClasses, 1, 1, 1);
    }

    @Test
    void keepsOriginalOrderAndRelabelsInListedOrder() {
        Dataset d = tiny(new int[] {98, 1, 5, 14, 1, 98, 0}, 100);
        Dataset s = ClassSubset.select(d, new int[] {1, 14, 98});
        assertEquals(3, s.numClasses());
        assertArrayEquals(new int[] {2, 0, 1, 0, 2}, s.labels());
        int[] kept = new int[s.size()];
        for (int i = 0; i < kept.length; i++) kept[i] = s.pixel(i, 0, 0, 0);
        assertArrayEquals(new int[] {0, 1, 3, 4, 5}, kept, "original indices, in order");
    }

    @Test
    void paperSplitOneOnCifar100Labels() {
        int[] split = ClassSubset.cifar100Split(1);
        assertArrayEquals(new int[] {1, 14, 23, 30, 52, 55, 60, 85, 95, 98}, split);
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) labels[i] = 99 - i;
        Dataset s = ClassSubset.select(tiny(labels, 100), split);
        assertEquals(10, s.size());
        // Example with fine label 98 (index 1) comes first and becomes class 9.
        assertEquals(9, s.label(0));
        assertEquals(1, s.pixel(0, 0, 0, 0));
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, s.classCounts());
        split[0] = 77;
        assertEquals(1, ClassSubset.cifar100Split(1)[0], "defensive copy");
    }

    @Test
    void rejectsBadClassLists() {
        Dataset d = tiny(new int[] {0, 1, 2}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassSubset.select(d, new int[] {1, 1}));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClassSubset.select(d, new int[] {3}));
        assertTrue(e.getMessage().contains("class 3 is outside [0, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.select(d, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> ClassSubset.cifar100Split(6));
    }
}
