package dev.ltx.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BroadcastTest {

    @Test
    void shapesFollowNumpyRules() {
        assertEquals(Shape.of(2, 3, 4, 5), Broadcast.shape(Shape.of(2, 3, 4, 5), Shape.of(1, 3, 1, 1), "t"));
        assertEquals(Shape.of(4, 3), Broadcast.shape(Shape.of(4, 1), Shape.of(4, 3), "t"));
        assertEquals(Shape.of(4, 3), Broadcast.shape(Shape.of(3), Shape.of(4, 3), "t"));
        assertEquals(Shape.of(2, 3), Broadcast.shape(Shape.scalar(), Shape.of(2, 3), "t"));
        assertEquals(Shape.of(5, 4), Broadcast.shape(Shape.of(5, 1), Shape.of(1, 4), "t"));
        assertEquals(Shape.of(0, 3), Broadcast.shape(Shape.of(0, 1), Shape.of(1, 3), "t"));
        assertEquals(Shape.scalar(), Broadcast.shape(Shape.scalar(), Shape.scalar(), "t"));
    }

    @Test
    void incompatibleShapesNameBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.shape(Shape.of(2, 3), Shape.of(4, 3), "add"));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 3)"), e.getMessage());
        assertTrue(e.getMessage().startsWith("add"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Broadcast.shape(Shape.of(2), Shape.of(0), "t"));
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Broadcast.strides(Shape.of(3, 1), Shape.of(3)));
        assertTrue(s.getMessage().contains("(3, 1)") && s.getMessage().contains("(3,)"), s.getMessage());
    }

    @Test
    void fitsOnlyIntoLargerOrEqualShapes() {
        assertTrue(Broadcast.fits(Shape.of(1, 3, 1, 1), Shape.of(2, 3, 4, 5)));
        assertTrue(Broadcast.fits(Shape.scalar(), Shape.of(7)));
        assertFalse(Broadcast.fits(Shape.of(4, 3), Shape.of(1, 3)));
        assertFalse(Broadcast.fits(Shape.of(1, 1, 3), Shape.of(1, 3)));
    }

    @Test
    void stridesAreZeroOnBroadcastAxes() {
        assertArrayEquals(new int[] {0, 1, 0, 0}, Broadcast.strides(Shape.of(1, 3, 1, 1), Shape.of(2, 3, 4, 5)));
        assertArrayEquals(new int[] {0, 1}, Broadcast.strides(Shape.of(3), Shape.of(4, 3)));
        assertArrayEquals(new int[] {1, 0}, Broadcast.strides(Shape.of(4, 1), Shape.of(4, 3)));
        assertArrayEquals(new int[] {3, 1}, Broadcast.strides(Shape.of(4, 3), Shape.of(4, 3)));
    }

    @Test
    void sourceIndicesWalkTheInputInBroadcastOrder() {
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2}, Broadcast.sourceIndices(Shape.of(3), Shape.of(2, 3)));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, Broadcast.sourceIndices(Shape.of(2, 1), Shape.of(2, 3)));
        assertArrayEquals(new int[] {0, 1, 0, 1, 2, 3, 2, 3},
                Broadcast.sourceIndices(Shape.of(2, 1, 2), Shape.of(2, 2, 2)));
        assertArrayEquals(new int[] {0, 0}, Broadcast.sourceIndices(Shape.scalar(), Shape.of(2)));
        assertArrayEquals(new int[] {0}, Broadcast.sourceIndices(Shape.scalar(), Shape.scalar()));
        assertArrayEquals(new int[0], Broadcast.sourceIndices(Shape.of(3), Shape.of(0, 3)));
    }

    @Test
    void blockPatternsAgreeWithSourceIndices() {
        Shape out = Shape.of(2, 3, 4, 5);
        Shape[] ins = {out, Shape.of(1, 3, 1, 1), Shape.of(5), Shape.of(4, 5), Shape.of(3, 4, 1), Shape.scalar(),
            Shape.of(2, 1, 1, 1), Shape.of(1, 1, 1, 1)};
        for (Shape in : ins) {
            int[] blk = Broadcast.block(in, out);
            int[] map = Broadcast.sourceIndices(in, out);
            for (int j = 0; j < map.length; j++) {
                assertEquals(map[j], (j / blk[1]) % blk[0], "in " + in + " at " + j);
            }
        }
        assertArrayEquals(new int[] {3, 20}, Broadcast.block(Shape.of(1, 3, 1, 1), out));
        assertArrayEquals(new int[] {5, 1}, Broadcast.block(Shape.of(5), out));
        assertNull(Broadcast.block(Shape.of(3, 1, 5), out));
        assertNull(Broadcast.block(Shape.of(2, 1, 1, 5), out));
        assertNull(Broadcast.block(Shape.of(7), out));
    }
}
