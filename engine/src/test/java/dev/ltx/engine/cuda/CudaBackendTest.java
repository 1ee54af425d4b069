package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The backend contract on the real GPU, plus what only running kernels can show. Skipped without a device. */
@Tag("cuda")
class CudaBackendTest extends CudaBackendContract {
    private static CudaBackend gpu;

    @BeforeAll
    static void open() {
        if (CudaProbe.available()) gpu = CudaBackend.create();
    }

    @AfterAll
    static void close() {
        if (gpu != null) gpu.close();
    }

    @BeforeEach
    void needsDevice() {
        assumeTrue(CudaProbe.available(), () -> CudaProbe.status().toString());
    }

    @Override
    CudaBackend gpu() {
        return gpu;
    }

    @Test
    void badLabelsAndIndicesAreReportedFromTheDevice() {
        try (DeviceScope s = gpu.openScope()) {
            Tensor logits = gpu.zeros(Shape.of(3, 4), DType.F32);
            Tensor labels = gpu.fromLongs(new long[] {0, 4, 1}, Shape.of(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> gpu.crossEntropy(logits, labels));
            assertTrue(e.getMessage().contains("[0, 4)"), e.getMessage());
            Tensor huge = gpu.fromLongs(new long[] {0, 1L << 32, 1}, Shape.of(3));
            assertThrows(IllegalArgumentException.class, () -> gpu.crossEntropy(logits, huge), "no wrap-around of I64");
            assertThrows(IllegalArgumentException.class,
                    () -> gpu.indexSelect(logits, 1, gpu.fromInts(new int[] {-1}, Shape.of(1))));
        }
    }

    @Test
    void gemmMayWriteIntoItsOwnOperand() {
        try (DeviceScope s = gpu.openScope()) {
            Tensor a = gpu.fromFloats(new float[] {1, 2, 3, 4}, Shape.of(2, 2));
            gpu.gemm(a, a, a, false, false, 1.0, 1.0);   // a <- a·a + a
            assertArrayEquals(new float[] {8, 12, 18, 26}, a.toFloats());
        }
    }

    @Test
    void layoutOpsMoveTheBitsOfF64() {
        try (DeviceScope s = gpu.openScope()) {
            Tensor x = gpu.fromDoubles(new double[] {1, 2}, Shape.of(2));
            assertArrayEquals(new double[] {2, 1}, gpu.indexSelect(x, 0, gpu.fromInts(new int[] {1, 0}, Shape.of(2)))
                    .toDoubles());
        }
    }
}
