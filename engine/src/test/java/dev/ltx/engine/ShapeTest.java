package dev.ltx.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizesStridesAndAxes() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(3, s.rank());
        assertEquals(24, s.numel());
        assertArrayEquals(new int[] {12, 4, 1}, s.strides());
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.axis(-1));
        assertEquals(12, s.product(1, 3));
        assertEquals(Shape.of(2, 5, 4), s.withDim(1, 5));
        assertEquals(1, Shape.scalar().numel());
        assertEquals(0, Shape.of(3, 0).numel());
    }

    @Test
    void valueSemantics() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 7;
        assertEquals(Shape.of(2, 3), s, "shape must copy its input");
        s.dims()[1] = 9;
        assertEquals(3, s.dim(1), "dims() must return a copy");
        assertEquals(Shape.of(2, 3).hashCode(), s.hashCode());
        assertNotEquals(Shape.of(3, 2), s);
        assertEquals("(2, 3)", s.toString());
        assertEquals("(5,)", Shape.of(5).toString());
    }

    @Test
    void rejectsBadShapesAndAxes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 16));
        IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).axis(2));
        assertTrue(a.getMessage().contains("(2, 3)"), a.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).axis(-3));
    }
}
