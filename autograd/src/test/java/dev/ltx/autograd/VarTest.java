package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.B;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VarTest {

    private static Var param(double... v) {
        return Var.param(B.fromDoubles(v, Shape.of(v.length)));
    }

    @Test
    void gradientsAccumulateWhenAVarIsUsedTwice() {
        Var x = param(3, -2);
        F.sum(F.mul(x, x)).backward();
        assertArrayEquals(new double[] {6, -4}, x.grad().toDoubles());
    }

    @Test
    void sharedGradientTensorsAreNotAliased() {
        // x + y hands one upstream tensor to both operands; the sweep reaches that add before
        // scale(x), so x's later accumulation must not leak into y's gradient
        Var x = param(1, 2);
        Var y = param(5, 7);
        F.sum(F.add(F.scale(x, 5), F.add(x, y))).backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubles());
        assertArrayEquals(new double[] {1, 1}, y.grad().toDoubles());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Var x = param(1, 2);
        F.sum(F.scale(x, 3)).backward();
        F.sum(F.scale(x, 3)).backward();
        assertArrayEquals(new double[] {6, 6}, x.grad().toDoubles());
        Tensor kept = x.grad();
        x.zeroGrad();
        assertArrayEquals(new double[] {0, 0}, x.grad().toDoubles());
        F.sum(x).backward();
        assertTrue(kept == x.grad(), "zeroGrad keeps the gradient's storage");
        x.clearGrad();
        assertNull(x.grad());
    }

    @Test
    void backwardWithASeedAndScalarChecks() {
        Var x = param(1, 2, 3);
        Var y = F.scale(x, 2);
        assertThrows(IllegalArgumentException.class, y::backward);
        y.backward(B.fromDoubles(new double[] {1, 10, 100}, Shape.of(3)));
        assertArrayEquals(new double[] {2, 20, 200}, x.grad().toDoubles());
        Var z = F.scale(x, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> z.backward(B.zeros(Shape.of(4), x.dtype())));
        assertTrue(e.getMessage().contains("(4,)") && e.getMessage().contains("(3,)"), e.getMessage());
    }

    @Test
    void gradientsFlowOnlyToInputsThatRequireThem() {
        Var w = param(2, 3);
        Var c = Var.constant(B.fromDoubles(new double[] {5, 7}, Shape.of(2)));
        Var loss = F.sum(F.mul(w, c));
        assertTrue(loss.requiresGrad());
        loss.backward();
        assertArrayEquals(new double[] {5, 7}, w.grad().toDoubles());
        assertNull(c.grad());
        Var onlyConstants = F.mul(c, c);
        assertFalse(onlyConstants.requiresGrad());
        assertEquals(0, onlyConstants.parentCount());
        assertThrows(IllegalStateException.class, F.sum(onlyConstants)::backward);
    }

    @Test
    void graphIsFreedAfterBackwardAndASecondBackwardThrows() {
        Var x = param(1, 2);
        Var h = F.relu(x);
        Var loss = F.sum(F.mul(h, h));
        assertEquals(1, h.parentCount());
        loss.backward();
        assertTrue(h.isFreed() && loss.isFreed());
        assertEquals(0, h.parentCount());
        assertEquals(0, loss.parentCount());
        assertNull(h.grad(), "interior gradients are released");
        assertFalse(x.isFreed(), "leaves survive");
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        // another root over the freed part also fails, naming where
        Var other = F.sum(F.scale(h, 2));
        IllegalStateException e2 = assertThrows(IllegalStateException.class, other::backward);
        assertTrue(e2.getMessage().contains("relu"), e2.getMessage());
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Var x = param(1, 2);
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(F.mul(x, x).requiresGrad());
            }
            Var y = F.mul(x, x);
            assertTrue(NoGrad.active(), "still inside the outer scope");
            assertFalse(y.requiresGrad());
            assertEquals(0, y.parentCount());
            assertArrayEquals(new double[] {1, 4}, y.value().toDoubles());
        }
        assertFalse(NoGrad.active());
        assertTrue(F.mul(x, x).requiresGrad());
    }

    @Test
    void noGradIsPerThreadAndClosingTwiceIsHarmless() throws InterruptedException {
        Var x = param(1);
        AtomicBoolean otherRecords = new AtomicBoolean();
        NoGrad ng = NoGrad.enter();
        Thread t = new Thread(() -> otherRecords.set(F.mul(x, x).requiresGrad()));
        t.start();
        t.join();
        ng.close();
        ng.close();
        assertTrue(otherRecords.get(), "another thread is not affected");
        assertFalse(NoGrad.active(), "a double close must not unbalance the depth");
        try (NoGrad again = NoGrad.enter()) {
            assertTrue(NoGrad.active());
        }
    }

    @Test
    void deepChainsNeedNoRecursion() {
        Var x = param(1.0);
        Var y = x;
        int depth = 20_000;
        for (int i = 0; i < depth; i++) {
            y = F.addScalar(y, 1e-3);
        }
        F.sum(y).backward();
        assertArrayEquals(new double[] {1.0}, x.grad().toDoubles());
    }

    @Test
    void diamondGraphVisitsEachNodeOnce() {
        // y = a·a with a = 2x used on two paths: dy/dx = 8x
        Var x = param(3);
        Var a = F.scale(x, 2);
        F.sum(F.mul(a, a)).backward();
        assertArrayEquals(new double[] {24}, x.grad().toDoubles());
    }

    @Test
    void setValueOnlyForLeavesWithMatchingShape() {
        Var x = param(1, 2);
        x.setValue(B.fromDoubles(new double[] {4, 5}, Shape.of(2)));
        assertArrayEquals(new double[] {4, 5}, x.value().toDoubles());
        assertThrows(IllegalArgumentException.class, () -> x.setValue(B.zeros(Shape.of(3), x.dtype())));
        Var y = F.scale(x, 1);
        assertThrows(IllegalStateException.class, () -> y.setValue(B.zeros(Shape.of(2), x.dtype())));
    }
}
