package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictLoadTest {
    private final Backend b = CpuBackend.reference();

    private Tensor t(int... dims) {
        return b.zeros(Shape.of(dims), dev.ltx.engine.DType.F32);
    }

    @Test
    void reportsMissingUnexpectedAndMismatchedTogether() {
        Map<String, Shape> expected = new LinkedHashMap<>();
        expected.put("fc1.weight", Shape.of(4, 3));
        expected.put("fc1.bias", Shape.of(4));
        expected.put("fc2.weight", Shape.of(2, 4));
        Map<String, Tensor> loaded = new LinkedHashMap<>();
        loaded.put("fc1.weight", t(3, 4));
        loaded.put("fc2.weight", t(2, 4));
        loaded.put("extra.running_mean", t(4));

        StrictLoad.StateDictMismatchException e = assertThrows(StrictLoad.StateDictMismatchException.class,
                () -> StrictLoad.check("ckpt.safetensors", expected, loaded));
        assertEquals(List.of("fc1.bias"), e.missing());
        assertEquals(List.of("extra.running_mean"), e.unexpected());
        assertEquals(List.of("fc1.weight: expected (4, 3), got (3, 4)"), e.mismatched());
        String m = e.getMessage();
        assertTrue(m.startsWith("ckpt.safetensors: ") && m.contains("fc1.bias") && m.contains("extra.running_mean")
                && m.contains("(4, 3)") && !m.contains("\n"), m);
    }

    @Test
    void exactMatchPasses() {
        assertDoesNotThrow(() -> StrictLoad.check("x", Map.of("w", Shape.of(2)), Map.of("w", t(2))));
        assertThrows(IllegalArgumentException.class,
                () -> StrictLoad.check("x", Map.of("w", Shape.of(2)), Map.of()));
    }
}
