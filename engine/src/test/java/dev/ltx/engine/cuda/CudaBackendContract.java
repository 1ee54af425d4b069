package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import org.junit.jupiter.api.Test;

/**
 * What the CUDA backend promises beyond numerics (transfers, memory ownership by scopes, errors
 * that name the op), for any driver: {@link CudaBackendFakeTest} runs it over a fake device
 * everywhere, {@link CudaBackendTest} over the real GPU.
 */
abstract class CudaBackendContract {
    /** The backend under test. */
    abstract CudaBackend gpu();

    @Test
    void everyDtypeRoundTripsExactly() {
        try (DeviceScope s = gpu().openScope()) {
            assertArrayEquals(new float[] {1.5f, -0f, Float.NaN}, gpu().fromFloats(new float[] {1.5f, -0f, Float.NaN},
                    Shape.of(3)).toFloats());
            assertArrayEquals(new double[] {Math.PI, -1e300}, gpu().fromDoubles(new double[] {Math.PI, -1e300},
                    Shape.of(2)).toDoubles());
            assertArrayEquals(new int[] {Integer.MIN_VALUE, 7}, gpu().toInts(gpu().fromInts(new int[] {Integer.MIN_VALUE, 7},
                    Shape.of(2))));
            assertArrayEquals(new long[] {Long.MAX_VALUE, -3}, gpu().fromLongs(new long[] {Long.MAX_VALUE, -3},
                    Shape.of(2)).toLongs());
            assertArrayEquals(new double[] {-2.5, -2.5}, gpu().full(Shape.of(2), DType.F64, -2.5).toDoubles());
            assertEquals(Shape.of(0), gpu().fromFloats(new float[0], Shape.of(0)).shape());
            float[] into = {9, 9, 9, 9};
            gpu().fromFloats(new float[] {1.5f, -0f, Float.NaN}, Shape.of(3)).toFloats(into);
            assertArrayEquals(new float[] {1.5f, -0f, Float.NaN, 9}, into);
        }
    }

    @Test
    void scopesReleaseWhatTheyOwnExceptKeptTensors() {
        long before = gpu().liveBytes();
        Tensor kept;
        Tensor dropped;
        try (DeviceScope outer = gpu().openScope()) {
            try (DeviceScope inner = gpu().openScope()) {
                kept = gpu().full(Shape.of(1000), DType.F32, 2);
                dropped = gpu().unary(UnaryOp.EXP, kept);
                inner.keep(kept);
                assertEquals(1, inner.size());
            }
            assertThrows(IllegalStateException.class, dropped::toFloats, "closed with the inner scope");
            assertEquals(2.0f, kept.toFloats()[999]);
            assertEquals(1, outer.size(), "a kept tensor moves to the enclosing scope");
        }
        assertThrows(IllegalStateException.class, kept::toFloats);
        assertEquals(before, gpu().liveBytes());
    }

    @Test
    void scopesMustCloseInnermostFirst() {
        DeviceScope outer = gpu().openScope();
        DeviceScope inner = gpu().openScope();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }

    @Test
    void f64MathIsUnsupportedByNameNotSilentlyOnTheHost() {
        try (DeviceScope s = gpu().openScope()) {
            Tensor x = gpu().fromDoubles(new double[] {1, 2}, Shape.of(2));
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> gpu().binary(BinaryOp.ADD, x, x));
            assertTrue(e.getMessage().contains("binary ADD") && e.getMessage().contains("F64"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> gpu().reduce(ReduceOp.SUM, x, new int[0], false));
        }
    }

    @Test
    void tensorsOfAnotherBackendAreRejected() {
        Tensor cpu = dev.ltx.engine.cpu.CpuBackend.reference().zeros(Shape.of(2), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gpu().unary(UnaryOp.NEG, cpu));
        assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
    }

    @Test
    void theAllocatorReusesBuffersAcrossSteps() {
        for (int step = 0; step < 3; step++) {
            try (DeviceScope s = gpu().openScope()) {
                gpu().unary(UnaryOp.RELU, gpu().zeros(Shape.of(4096, 17), DType.F32));
            }
        }
        long mallocs = gpu().runtime().allocator().mallocs();
        try (DeviceScope s = gpu().openScope()) {
            gpu().unary(UnaryOp.RELU, gpu().zeros(Shape.of(4096, 17), DType.F32));
        }
        assertEquals(mallocs, gpu().runtime().allocator().mallocs(), "a repeated step allocates nothing new");
    }
}
