package dev.ltx.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FiniteCheckTest {
    private static final CpuBackend CPU = new CpuBackend(CpuBackend.Mode.FAST, 1);

    private static Map<String, Tensor> state(float... poisoned) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("a.weight", CPU.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2)));
        m.put("a.steps", CPU.fromLongs(new long[] {7}, Shape.of()));
        m.put("b.weight", CPU.fromFloats(poisoned, Shape.of(poisoned.length)));
        m.put("c.bias", CPU.fromDoubles(new double[] {0.5, -0.5}, Shape.of(2)));
        return m;
    }

    @Test
    void finiteStateAndIntegerTensorsPass() {
        assertNull(FiniteCheck.firstNonFinite(state(1, 2, 3)));
        assertNull(FiniteCheck.firstNonFinite(Map.of()));
    }

    @Test
    void nanAndInfinityAreFoundAndCounted() {
        String bad = FiniteCheck.firstNonFinite(state(1, Float.NaN, Float.NaN, Float.POSITIVE_INFINITY, 5));
        assertEquals("tensor 'b.weight' has 2 NaN and 1 infinite of 5 values", bad);
        // +inf and -inf in different tensors would sum to NaN: still found
        Map<String, Tensor> m = state(Float.NEGATIVE_INFINITY);
        m.put("d", CPU.fromFloats(new float[] {Float.POSITIVE_INFINITY}, Shape.of(1)));
        assertTrue(FiniteCheck.firstNonFinite(m).startsWith("tensor 'b.weight' has 0 NaN and 1 infinite"));
    }

    @Test
    void aSumThatOverflowsIsNotADivergence() {
        float big = Float.MAX_VALUE;
        assertNull(FiniteCheck.firstNonFinite(state(big, big, big, big)));
    }

    @Test
    void requireThrowsNamingContextAndKind() {
        DivergenceException e = assertThrows(DivergenceException.class, () -> FiniteCheck.require(
                state(Float.NaN), DivergenceException.Where.INPUT, "model.safetensors"));
        assertEquals(DivergenceException.Where.INPUT, e.where());
        assertEquals("model.safetensors: tensor 'b.weight' has 1 NaN and 0 infinite of 1 values", e.getMessage());
        assertTrue(e.where().isInput());
        assertTrue(!DivergenceException.Where.GRADIENT.isInput());
    }
}
