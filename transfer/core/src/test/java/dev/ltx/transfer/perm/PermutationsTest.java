package dev.ltx.transfer.perm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation, immutability, inversion and equality of {@link Permutations}. */
class PermutationsTest {
    private final PermutationSpec spec;

    PermutationsTest() {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup a = sb.group("a", 4);
        PermutationGroup c = sb.group("c", 3);
        spec = sb.param("w", Shape.of(4, 3), a, c).build();
    }

    @Test
    void rejectsNonPermutations() {
        assertMessage("a", () -> Permutations.of(spec, Map.of("a", new int[] {0, 1, 1, 3}, "c", new int[] {0, 1, 2})));
        assertMessage("a", () -> Permutations.of(spec, Map.of("a", new int[] {0, 1, 2, 4}, "c", new int[] {0, 1, 2})));
        assertMessage("length", () -> Permutations.of(spec, Map.of("a", new int[] {0, 1, 2}, "c", new int[] {0, 1, 2})));
        assertMessage("c", () -> Permutations.of(spec, Map.of("a", new int[] {0, 1, 2, 3})));
        assertMessage("zz", () -> Permutations.of(spec, Map.of("a", new int[] {0, 1, 2, 3}, "c", new int[] {0, 1, 2},
                "zz", new int[] {0})));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void copiesInAndOut() {
        int[] a = {3, 2, 1, 0};
        Map<String, int[]> m = new HashMap<>(Map.of("a", a, "c", new int[] {2, 0, 1}));
        Permutations p = Permutations.of(spec, m);
        a[0] = 0;
        p.perm("a")[1] = 7;
        p.asMap().get("a")[2] = 9;
        assertArrayEquals(new int[] {3, 2, 1, 0}, p.perm("a"));
    }

    @Test
    void inverseComposesToIdentity() {
        Permutations p = TestModels.randomPerms(spec, new Rng(2));
        Permutations inv = p.inverse();
        for (String g : p.groups()) {
            int[] x = p.perm(g);
            int[] y = inv.perm(g);
            for (int i = 0; i < x.length; i++) {
                assertEquals(i, y[x[i]]);
                assertEquals(i, x[y[i]]);
            }
        }
        assertEquals(p, inv.inverse());
        assertEquals(p.hashCode(), inv.inverse().hashCode());
        assertTrue(Permutations.identity(spec).isIdentity());
        assertEquals(Permutations.identity(spec), Permutations.identity(spec).inverse());
    }

    @Test
    void equalityIsByContent() {
        Permutations x = Permutations.of(spec, Map.of("a", new int[] {1, 0, 2, 3}, "c", new int[] {0, 1, 2}));
        Permutations y = Permutations.of(spec, Map.of("a", new int[] {1, 0, 2, 3}, "c", new int[] {0, 1, 2}));
        Permutations z = Permutations.of(spec, Map.of("a", new int[] {1, 0, 2, 3}, "c", new int[] {0, 2, 1}));
        assertEquals(x, y);
        assertEquals(x.hashCode(), y.hashCode());
        assertNotEquals(x, z);
        assertFalse(x.isIdentity());
    }
}
