package dev.ltx.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/** Each layer's forward pass against {@link Direct}, on the reference backend in F64. */
class LayerForwardTest {
    private static final double ATOL = 1e-12;
    private static final double RTOL = 1e-10;
    private final Backend b = CpuBackend.reference();
    private final Rng rng = new Rng(42);
    private final LayerInit init = new LayerInit(b, DType.F64, new Rng(7));

    private Tensor random(int... dims) {
        return Init.uniform(b, Shape.of(dims), DType.F64, -1, 1, rng);
    }

    private static void assertClose(double[] expected, Var got) {
        Compare.Result r = Compare.arrays(expected, got.value().toDoubles(), ATOL, RTOL);
        assertTrue(r.ok(), r.toString());
    }

    /** Replaces a parameter's value with random numbers (so BN's γ/β are not the trivial 1/0). */
    private void randomize(Var p) {
        b.copyInto(p.value(), Init.uniform(b, p.shape(), DType.F64, 0.5, 1.5, rng));
    }

    @Test
    void linearWithAndWithoutBias() {
        Tensor x = random(3, 5);
        Linear withBias = new Linear(init, 5, 4, true);
        assertClose(Direct.linear(x.toDoubles(), 3, 5, withBias.weight().value().toDoubles(), 4,
                withBias.bias().value().toDoubles()), withBias.forward(Var.constant(x)));
        Linear noBias = new Linear(init, 5, 1, false);
        assertNull(noBias.bias());
        assertEquals(1, noBias.namedParameters().size());
        assertClose(Direct.linear(x.toDoubles(), 3, 5, noBias.weight().value().toDoubles(), 1, null),
                noBias.forward(Var.constant(x)));
    }

    @Test
    void linearInitIsWithinPyTorchBound() {
        Linear l = new Linear(init, 9, 50, true);
        for (double v : l.weight().value().toDoubles()) {
            assertTrue(Math.abs(v) <= 1.0 / 3.0, "weight " + v + " outside ±1/sqrt(9)");
        }
        for (double v : l.bias().value().toDoubles()) {
            assertTrue(Math.abs(v) <= 1.0 / 3.0, "bias " + v + " outside ±1/sqrt(9)");
        }
    }

    @Test
    void conv2dStridePaddingBias() {
        Tensor x = random(2, 3, 7, 6);
        Conv2d c = new Conv2d(init, 3, 4, 3, 2, 1, true);
        Var y = c.forward(Var.constant(x));
        assertEquals(Shape.of(2, 4, 4, 3), y.shape());
        assertClose(Direct.conv2d(x.toDoubles(), 2, 3, 7, 6, c.weight().value().toDoubles(), 4, 3,
                c.bias().value().toDoubles(), 2, 1), y);
        Conv2d noBias = new Conv2d(init, 3, 2, 1, 1, 0, false);
        assertClose(Direct.conv2d(x.toDoubles(), 2, 3, 7, 6, noBias.weight().value().toDoubles(), 2, 1, null, 1, 0),
                noBias.forward(Var.constant(x)));
    }

    @Test
    void batchNormTrainAndEval() {
        Tensor x = random(4, 3, 2, 5);
        BatchNorm2d bn = new BatchNorm2d(init, 3);
        randomize(bn.weight());
        randomize(bn.bias());
        double[] g = bn.weight().value().toDoubles();
        double[] beta = bn.bias().value().toDoubles();
        assertClose(Direct.batchNormTrain(x.toDoubles(), 4, 3, 10, g, beta, 1e-5), bn.forward(Var.constant(x)));
        bn.eval();
        double[] rm = bn.runningMean().toDoubles();
        double[] rv = bn.runningVar().toDoubles();
        assertClose(Direct.normalize(x.toDoubles(), 4, 3, 10, rm, rv, g, beta, 1e-5), bn.forward(Var.constant(x)));
    }

    @Test
    void batchNormWithoutAffine() {
        Tensor x = random(3, 2, 3, 3);
        BatchNorm2d bn = new BatchNorm2d(init, 2, 1e-3, 0.1, false);
        assertTrue(bn.namedParameters().isEmpty());
        assertEquals(3, bn.namedBuffers().size());
        assertClose(Direct.batchNormTrain(x.toDoubles(), 3, 2, 9, new double[] {1, 1}, new double[] {0, 0}, 1e-3),
                bn.forward(Var.constant(x)));
    }

    @Test
    void activationsPoolsFlattenIdentity() {
        Tensor x = random(2, 3, 7, 7);
        double[] xs = x.toDoubles();
        assertClose(Direct.relu(xs), new ReLU().forward(Var.constant(x)));
        assertClose(Direct.pool(xs, 2, 3, 7, 7, 3, 2, 1, true), new MaxPool2d(3, 2, 1).forward(Var.constant(x)));
        assertClose(Direct.pool(xs, 2, 3, 7, 7, 2, 2, 0, true), new MaxPool2d(2).forward(Var.constant(x)));
        assertClose(Direct.pool(xs, 2, 3, 7, 7, 7, 7, 0, false), new AvgPool2d(7).forward(Var.constant(x)));
        assertClose(Direct.pool(xs, 2, 3, 7, 7, 3, 2, 1, false), new AvgPool2d(3, 2, 1).forward(Var.constant(x)));
        Var flat = new Flatten().forward(Var.constant(x));
        assertEquals(Shape.of(2, 147), flat.shape());
        assertArrayEquals(xs, flat.value().toDoubles());
        Var same = Var.constant(x);
        assertTrue(new Identity().forward(same) == same);
    }

    @Test
    void sequentialComposesInOrder() {
        Tensor x = random(2, 2, 4, 4);
        Conv2d c = new Conv2d(init, 2, 3, 3, 1, 1, true);
        Sequential s = new Sequential(c, new ReLU(), new MaxPool2d(2), new Flatten());
        double[] expected = Direct.pool(Direct.relu(Direct.conv2d(x.toDoubles(), 2, 2, 4, 4,
                c.weight().value().toDoubles(), 3, 3, c.bias().value().toDoubles(), 1, 1)), 2, 3, 4, 4, 2, 2, 0, true);
        Var y = s.forward(Var.constant(x));
        assertEquals(Shape.of(2, 12), y.shape());
        assertClose(expected, y);
        assertEquals(4, s.size());
        assertTrue(s.get(0) == c);
    }

    @Test
    void basicBlockWithProjectionShortcut() {
        Tensor x = random(2, 3, 6, 6);
        BasicBlock blk = new BasicBlock(init, 3, 4, 2);
        assertTrue(blk.projection().isPresent());
        for (BatchNorm2d bn : blk.modules(BatchNorm2d.class)) {
            randomize(bn.weight());
            randomize(bn.bias());
        }
        double[] expected = Direct.relu(Direct.add(
                convNorm(blk.convnb2(), Direct.relu(convNorm(blk.convnb1(), x.toDoubles(), 2, 3, 6)), 2, 4, 3),
                convNorm(blk.projection().get(), x.toDoubles(), 2, 3, 6)));
        assertClose(expected, blk.forward(Var.constant(x)));
    }

    @Test
    void basicBlockWithIdentityShortcut() {
        Tensor x = random(2, 4, 5, 5);
        BasicBlock blk = new BasicBlock(init, 4, 4, 1);
        assertTrue(blk.projection().isEmpty());
        double[] expected = Direct.relu(Direct.add(
                convNorm(blk.convnb2(), Direct.relu(convNorm(blk.convnb1(), x.toDoubles(), 2, 4, 5)), 2, 4, 5),
                x.toDoubles()));
        assertClose(expected, blk.forward(Var.constant(x)));
    }

    /** Training-mode conv + BN of a square (n, c, h, h) input via {@link Direct}. */
    private static double[] convNorm(ConvNormBlock cn, double[] x, int n, int c, int h) {
        Conv2d conv = cn.conv();
        double[] y = Direct.conv2d(x, n, c, h, h, conv.weight().value().toDoubles(), conv.outChannels(),
                conv.kernelSize(), null, conv.params().strideH(), conv.params().padH());
        int oh = conv.outSize(h);
        return Direct.batchNormTrain(y, n, conv.outChannels(), oh * oh, cn.norm().weight().value().toDoubles(),
                cn.norm().bias().value().toDoubles(), cn.norm().eps());
    }

    @Test
    void wrongInputShapesNameBothShapes() {
        Linear l = new Linear(init, 5, 4, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.forward(Var.constant(random(2, 6))));
        assertTrue(e.getMessage().contains("(2, 6)") && e.getMessage().contains("(4, 5)"), e.getMessage());
        Conv2d c = new Conv2d(init, 3, 4, 3, 1, 1, false);
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Var.constant(random(1, 2, 4, 4))));
        assertTrue(e.getMessage().contains("(1, 2, 4, 4)") && e.getMessage().contains("(4, 3, 3, 3)"), e.getMessage());
        BatchNorm2d bn = new BatchNorm2d(init, 3);
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Var.constant(random(2, 4, 2, 2))));
        assertTrue(e.getMessage().contains("(2, 4, 2, 2)") && e.getMessage().contains("(3,)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Var.constant(random(1, 3, 1, 1))));
    }
}
