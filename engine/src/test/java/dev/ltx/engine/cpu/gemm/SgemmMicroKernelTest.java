package dev.ltx.engine.cpu.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The benchmarks' entry to the register tile computes the tile a product would, bit for bit. */
class SgemmMicroKernelTest {
    @Test
    void tileIsTheFmaChainOfItsRowsAndPanel() {
        int mr = Sgemm.tileRows();
        int nr = Sgemm.tileColumns();
        Random r = new Random(7);
        for (int kc : new int[] {1, 3, 64, 257}) {
            float[] a = new float[mr * kc];
            float[] panel = new float[kc * nr];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
            for (int i = 0; i < panel.length; i++) panel[i] = (float) r.nextGaussian();
            float[] tile = new float[mr * nr];
            assertEquals(2L * mr * nr * kc, Sgemm.microKernel(kc, a, panel, tile));
            for (int row = 0; row < mr; row++) {
                for (int x = 0; x < nr; x++) {
                    float acc = 0f;
                    for (int p = 0; p < kc; p++) acc = Math.fma(a[row * kc + p], panel[p * nr + x], acc);
                    assertEquals(Float.floatToRawIntBits(acc), Float.floatToRawIntBits(tile[row * nr + x]),
                            "kc " + kc + " row " + row + " column " + x);
                }
            }
        }
    }

    @Test
    void operandsTooShortForTheTileAreRejected() {
        int mr = Sgemm.tileRows();
        int nr = Sgemm.tileColumns();
        float[] tile = new float[mr * nr];
        assertThrows(IllegalArgumentException.class, () -> Sgemm.microKernel(0, new float[0], new float[0], tile));
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.microKernel(8, new float[mr * 8 - 1], new float[8 * nr], tile));
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.microKernel(8, new float[mr * 8], new float[8 * nr - 1], tile));
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.microKernel(8, new float[mr * 8], new float[8 * nr], new float[mr * nr - 1]));
    }
}
