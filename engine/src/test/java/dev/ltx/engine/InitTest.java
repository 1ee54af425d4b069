package dev.ltx.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

class InitTest {
    private final Backend cpu = CpuBackend.reference();

    @Test
    void kaimingUniformMatchesPytorchDefaultBound() {
        Shape w = Shape.of(64, 3, 3, 3);
        assertEquals(27, Init.fanIn(w));
        Tensor t = Init.kaimingUniform(cpu, w, DType.F32, Math.sqrt(5), new Rng(1));
        double bound = 1 / Math.sqrt(27);
        double max = 0;
        for (float v : t.toFloats()) {
            assertTrue(Math.abs(v) <= bound, "value " + v + " outside +-" + bound);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.95 * bound, "samples should reach close to the bound, max " + max);
        Tensor b = Init.defaultBias(cpu, Shape.of(10, 784), DType.F64, new Rng(2));
        assertEquals(Shape.of(10), b.shape());
        for (double v : b.toDoubles()) assertTrue(Math.abs(v) <= 1 / Math.sqrt(784));
    }

    @Test
    void seededAndDtypeIndependentValues() {
        Tensor a = Init.normal(cpu, Shape.of(5, 7), DType.F64, 1.0, 2.0, new Rng(9));
        Tensor b = Init.normal(cpu, Shape.of(5, 7), DType.F32, 1.0, 2.0, new Rng(9));
        double[] ad = a.toDoubles();
        float[] bf = b.toFloats();
        for (int i = 0; i < ad.length; i++) assertEquals((float) ad[i], bf[i]);
        assertArrayEquals(ad, Init.normal(cpu, Shape.of(5, 7), DType.F64, 1.0, 2.0, new Rng(9)).toDoubles());
    }

    @Test
    void rejectsIntegerDtypeAndVectorFanIn() {
        assertThrows(IllegalArgumentException.class,
                () -> Init.uniform(cpu, Shape.of(3), DType.I32, 0, 1, new Rng(0)));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Shape.of(3)));
    }
}
