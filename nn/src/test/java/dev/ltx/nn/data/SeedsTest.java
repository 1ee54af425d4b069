package dev.ltx.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {
    @Test
    void nearbyInputsGiveDistinctSeedsAndOrderMatters() {
        Set<Long> seen = new HashSet<>();
        for (long seed = 0; seed < 4; seed++) {
            for (long e = 0; e < 50; e++) {
                for (long p = 0; p < 50; p++) seen.add(Seeds.derive(seed, 2, e, p));
            }
        }
        assertEquals(4 * 50 * 50, seen.size());
        assertNotEquals(Seeds.derive(1, 2, 3), Seeds.derive(1, 3, 2));
        assertNotEquals(Seeds.derive(0), Seeds.derive(0, 0));
        assertEquals(Seeds.derive(77, 1, 5), Seeds.derive(77, 1, 5));
    }

    @Test
    void derivationIsPinnedSoOldRunsReplay() {
        // Changing the derivation silently changes every shuffled order and augmentation. The value
        // was computed independently (Python, SplitMix64 finalizer on 64-bit wrap-around integers).
        assertEquals(PINNED, Seeds.derive(777, BatchPreparer.AUGMENT_STREAM, 3, 14));
    }

    private static final long PINNED = -697762035178521874L;
}
