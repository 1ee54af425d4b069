package dev.ltx.transfer.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.layers.BatchNorm2d;
import dev.ltx.nn.layers.Conv2d;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormStatsTest {
    private final Backend b = CpuBackend.reference();

    @Test
    void reestimationGivesTheCumulativeAverageOfBatchStatistics() {
        int c = 3;
        BatchNorm2d bn = new BatchNorm2d(LayerInit.seeded(b, DType.F32, 1), c);
        // pollute the running statistics first: they must be reset, not averaged with
        bn.train();
        List<Batch> noise = batches(2, 99);
        BatchNormStats.reestimate(bn, noise);
        bn.setMomentum(0.1);

        List<Batch> batches = batches(3, 5);
        BatchNormStats.reestimate(bn, batches);
        assertTrue(bn.momentum().isEmpty(), "cumulative average expected");
        assertEquals(3, bn.numBatchesTracked());
        double[] mean = new double[c];
        double[] var = new double[c];
        for (Batch batch : batches) {
            double[] x = batch.images().toDoubles();
            int n = 4, hw = 2 * 2;
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                double s2 = 0;
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < hw; p++) {
                        double v = x[(i * c + ch) * hw + p];
                        s += v;
                        s2 += v * v;
                    }
                }
                int m = n * hw;
                double mu = s / m;
                mean[ch] += mu / batches.size();
                var[ch] += (s2 - m * mu * mu) / (m - 1) / batches.size();
            }
        }
        double[] rm = bn.runningMean().toDoubles();
        double[] rv = bn.runningVar().toDoubles();
        for (int ch = 0; ch < c; ch++) {
            assertEquals(mean[ch], rm[ch], 1e-5, "running mean of channel " + ch);
            assertEquals(var[ch], rv[ch], 1e-4, "running var of channel " + ch);
        }
        assertTrue(bn.isTraining());
    }

    @Test
    void noBatchesLeavesFreshStatistics() {
        BatchNorm2d bn = new BatchNorm2d(LayerInit.seeded(b, DType.F32, 1), 3);
        BatchNormStats.reestimate(bn, batches(1, 3));
        assertEquals(1, bn.numBatchesTracked());
        BatchNormStats.reestimate(bn, List.of());
        assertEquals(0.0, bn.runningMean().toDoubles()[0], 0.0);
        assertEquals(1.0, bn.runningVar().toDoubles()[1], 0.0);
        assertEquals(0, bn.numBatchesTracked());
    }

    @Test
    void detectsBatchNorm() {
        assertTrue(BatchNormStats.hasBatchNorm(new BatchNorm2d(LayerInit.seeded(b, DType.F32, 1), 2)));
        assertFalse(BatchNormStats.hasBatchNorm(new Conv2d(LayerInit.seeded(b, DType.F32, 1), 1, 1, 1, 1, 0, true)));
    }

    private List<Batch> batches(int count, long seed) {
        Rng rng = new Rng(seed);
        List<Batch> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            float[] x = new float[4 * 3 * 2 * 2];
            for (int i = 0; i < x.length; i++) x[i] = (float) (rng.nextGaussian() * (k + 1) + k);
            Tensor images = b.fromFloats(x, Shape.of(4, 3, 2, 2));
            out.add(new Batch(images, b.fromInts(new int[4], Shape.of(4))));
        }
        return out;
    }
}
