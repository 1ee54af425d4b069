package dev.ltx.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads a file produced by other tooling (see src/test/resources/README.md). */
class SafetensorsFixtureTest {
    private final Backend b = CpuBackend.reference();

    @Test
    void readsFileWrittenByPythonTooling() throws Exception {
        Path file = Path.of(getClass().getResource("/safetensors/fixture.safetensors").toURI());
        Checkpoint c = SafetensorsReader.read(file, b);

        // Data order (dtype size, then name), not the alphabetical header order.
        assertEquals(List.of("b.f64", "d.i64", "a.f32", "c.i32", "g.scalar", "h.empty", "e.f16", "f.bf16"),
                List.copyOf(c.tensors().keySet()));
        assertEquals(Map.of("format", "pt", "producer", "make_fixture.py"), c.metadata());

        assertEquals(DType.F64, c.get("b.f64").dtype());
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(c.get("b.f64").toDoubles()[1]));
        assertArrayEquals(new double[] {1.5, -0.0, 1e300}, c.get("b.f64").toDoubles());
        assertArrayEquals(new long[] {-(1L << 62), (1L << 40) + 7}, c.get("d.i64").toLongs());
        assertEquals(Shape.of(2, 3), c.get("a.f32").shape());
        assertArrayEquals(new float[] {0f, 1f, -2.5f, 3.25f, 1e-30f, -7f}, c.get("a.f32").toFloats());
        assertEquals(DType.I32, c.get("c.i32").dtype());
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE, Integer.MIN_VALUE}, b.toInts(c.get("c.i32")));
        assertEquals(Shape.scalar(), c.get("g.scalar").shape());
        assertEquals(42.0, c.get("g.scalar").item());
        assertEquals(Shape.of(0, 4), c.get("h.empty").shape());
        assertEquals(DType.F32, c.get("e.f16").dtype());
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, c.get("e.f16").toFloats());
        // torch: bfloat16(1e38) == 9.969209968386869e+37 (bits 0x7e96).
        assertArrayEquals(new float[] {1f, -3.5f, Float.intBitsToFloat(0x7e960000)}, c.get("f.bf16").toFloats());
        assertEquals(9.969209968386869e+37, c.get("f.bf16").toDoubles()[2]);
    }
}
