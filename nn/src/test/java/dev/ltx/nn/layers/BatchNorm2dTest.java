package dev.ltx.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Running statistics follow PyTorch's update formulas; evaluation mode uses them. */
class BatchNorm2dTest {
    private static final int N = 3;
    private static final int C = 2;
    private static final int HW = 4;
    private final Backend b = CpuBackend.reference();
    private final Rng rng = new Rng(5);
    private final LayerInit init = new LayerInit(b, DType.F64, new Rng(1));

    private Tensor batch(double shift) {
        return b.addScalar(Init.uniform(b, Shape.of(N, C, 2, 2), DType.F64, -1, 2, rng), shift);
    }

    private static void assertClose(double[] expected, Tensor got) {
        Compare.Result r = Compare.arrays(expected, got.toDoubles(), 1e-13, 1e-12);
        assertTrue(r.ok(), r.toString());
    }

    private static double[] unbiased(double[] x) {
        double[] v = Direct.channelVar(x, N, C, HW);
        double n = N * HW;
        for (int c = 0; c < C; c++) {
            v[c] *= n / (n - 1);
        }
        return v;
    }

    @Test
    void momentumUpdateMatchesPyTorchFormula() {
        BatchNorm2d bn = new BatchNorm2d(init, C);
        double[] rm = {0, 0};
        double[] rv = {1, 1};
        for (int step = 1; step <= 3; step++) {
            Tensor x = batch(step);
            bn.forward(Var.constant(x));
            double[] m = Direct.channelMean(x.toDoubles(), N, C, HW);
            double[] v = unbiased(x.toDoubles());
            for (int c = 0; c < C; c++) {
                rm[c] = 0.9 * rm[c] + 0.1 * m[c];
                rv[c] = 0.9 * rv[c] + 0.1 * v[c];
            }
            assertClose(rm, bn.runningMean());
            assertClose(rv, bn.runningVar());
            assertEquals(step, bn.numBatchesTracked());
            assertEquals(step, bn.stateDict().get("num_batches_tracked").toLongs()[0]);
        }
    }

    @Test
    void cumulativeAverageIsThePlainMeanOfBatchStatistics() {
        BatchNorm2d bn = new BatchNorm2d(init, C, 1e-5, null, true);
        assertTrue(bn.momentum().isEmpty());
        double[] sumM = new double[C];
        double[] sumV = new double[C];
        int k = 4;
        try (NoGrad ng = NoGrad.enter()) {
            for (int step = 0; step < k; step++) {
                Tensor x = batch(step * 0.5);
                bn.forward(Var.constant(x));
                double[] m = Direct.channelMean(x.toDoubles(), N, C, HW);
                double[] v = unbiased(x.toDoubles());
                for (int c = 0; c < C; c++) {
                    sumM[c] += m[c];
                    sumV[c] += v[c];
                }
            }
        }
        for (int c = 0; c < C; c++) {
            sumM[c] /= k;
            sumV[c] /= k;
        }
        assertClose(sumM, bn.runningMean());
        assertClose(sumV, bn.runningVar());
        assertEquals(k, bn.numBatchesTracked());
    }

    @Test
    void resetThenCumulativeIgnoresEarlierBatches() {
        BatchNorm2d bn = new BatchNorm2d(init, C);
        bn.forward(Var.constant(batch(5)));
        bn.forward(Var.constant(batch(-3)));
        bn.resetRunningStats();
        assertClose(new double[] {0, 0}, bn.runningMean());
        assertClose(new double[] {1, 1}, bn.runningVar());
        assertEquals(0, bn.numBatchesTracked());
        assertEquals(0, bn.stateDict().get("num_batches_tracked").toLongs()[0]);
        bn.useCumulativeAverage();
        Tensor x = batch(1);
        bn.forward(Var.constant(x));
        assertClose(Direct.channelMean(x.toDoubles(), N, C, HW), bn.runningMean());
        assertClose(unbiased(x.toDoubles()), bn.runningVar());
    }

    @Test
    void evalUsesRunningStatisticsAndDoesNotUpdateThem() {
        BatchNorm2d bn = new BatchNorm2d(init, C);
        bn.setMomentum(0.5);
        bn.forward(Var.constant(batch(2)));
        bn.forward(Var.constant(batch(-1)));
        bn.eval();
        double[] rm = bn.runningMean().toDoubles();
        double[] rv = bn.runningVar().toDoubles();
        Tensor x = batch(0);
        Var y = bn.forward(Var.constant(x));
        assertClose(Direct.normalize(x.toDoubles(), N, C, HW, rm, rv, new double[] {1, 1}, new double[] {0, 0}, 1e-5),
                y.value());
        assertClose(rm, bn.runningMean());
        assertClose(rv, bn.runningVar());
        assertEquals(2, bn.numBatchesTracked());
    }

    @Test
    void loadingStateRestoresTheBatchCounter() {
        BatchNorm2d source = new BatchNorm2d(init, C, 1e-5, null, true);
        for (int i = 0; i < 3; i++) {
            source.forward(Var.constant(batch(i)));
        }
        BatchNorm2d target = new BatchNorm2d(init, C, 1e-5, null, true);
        target.loadStateDict(source.stateDictCopy(), true);
        assertEquals(3, target.numBatchesTracked());
        Tensor x = batch(7);
        source.forward(Var.constant(x));
        target.forward(Var.constant(x));
        Map<String, Tensor> a = source.stateDict();
        Map<String, Tensor> t = target.stateDict();
        assertClose(a.get("running_mean").toDoubles(), t.get("running_mean"));
        assertClose(a.get("running_var").toDoubles(), t.get("running_var"));
        assertEquals(4, target.numBatchesTracked());
    }

    @Test
    void stateHasPyTorchNamesShapesAndDtypes() {
        BatchNorm2d bn = new BatchNorm2d(init, 5);
        Map<String, Tensor> sd = bn.stateDict();
        assertEquals(java.util.List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                java.util.List.copyOf(sd.keySet()));
        assertEquals(DType.I64, sd.get("num_batches_tracked").dtype());
        assertEquals(Shape.scalar(), sd.get("num_batches_tracked").shape());
        assertEquals(DType.F64, sd.get("running_var").dtype());
        assertClose(new double[] {1, 1, 1, 1, 1}, sd.get("weight"));
        assertClose(new double[] {0, 0, 0, 0, 0}, sd.get("bias"));
    }

    @Test
    void invalidMomentumIsRejected() {
        BatchNorm2d bn = new BatchNorm2d(init, C);
        assertThrows(IllegalArgumentException.class, () -> bn.setMomentum(0));
        assertThrows(IllegalArgumentException.class, () -> bn.setMomentum(1.5));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(init, C, 1e-5, -0.1, true));
        assertEquals(0.1, bn.momentum().getAsDouble());
    }

    @Test
    void float32LayerUpdatesStatisticsToo() {
        LayerInit f32 = new LayerInit(CpuBackend.create(), DType.F32, new Rng(1));
        BatchNorm2d bn = new BatchNorm2d(f32, C);
        Tensor x = f32.backend().fromFloats(batch(3).toFloats(), Shape.of(N, C, 2, 2));
        bn.forward(Var.constant(x));
        double[] m = Direct.channelMean(x.toDoubles(), N, C, HW);
        double[] expected = {0.1 * m[0], 0.1 * m[1]};
        Compare.Result r = Compare.arrays(expected, bn.runningMean().toDoubles(), 1e-6, 1e-5);
        assertTrue(r.ok(), r.toString());
    }
}
