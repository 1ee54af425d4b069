package dev.ltx.autograd;

import static dev.ltx.autograd.GradTesting.B;
import static dev.ltx.autograd.GradTesting.normal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.BinaryOp;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradCheckTest {

    /** x² whose backward forgets the factor 2 on one entry only: a planted bug. */
    private static Var buggySquare(Var x, int buggyEntry) {
        Tensor xv = x.value();
        Tensor y = B.unary(UnaryOp.SQUARE, xv);
        return Var.fromOp("buggySquare", y, g -> {
            double[] mask = new double[xv.numel()];
            java.util.Arrays.fill(mask, 2.0);
            mask[buggyEntry] = 1.0;
            Tensor factor = B.fromDoubles(mask, xv.shape());
            x.accumulateOwned(B.binary(BinaryOp.MUL, g, B.binary(BinaryOp.MUL, factor, xv)));
        }, x);
    }

    @Test
    void failsOnAPlantedBugAndNamesTheWorstEntry() {
        Tensor a = normal(new Rng(1), 3, 1);
        Tensor b = B.addScalar(normal(new Rng(2), 3, 4), 3.0);
        GradCheck.Result r = GradCheck.check(
                v -> F.sum(F.mul(v.get(0), buggySquare(v.get(1), 7))), List.of(a, b));
        assertFalse(r.ok(), r::toString);
        assertEquals(1, r.worstInput(), r::toString);
        assertEquals(7, r.worstIndex(), r::toString);
        assertTrue(r.failures() >= 1, r::toString);
        assertEquals(Shape.of(3, 4), r.worstShape());
        // numeric is 2·a[1]·b[1, 3]; the buggy analytic value is half of it
        assertEquals(r.numeric() / 2, r.analytic(), 1e-6 * Math.abs(r.numeric()), r::toString);
        assertTrue(r.toString().contains("input 1") && r.toString().contains("[1, 3]"), r::toString);
    }

    @Test
    void passesOnTheCorrectRuleWithTheSameFunction() {
        Tensor a = normal(new Rng(1), 3, 1);
        Tensor b = B.addScalar(normal(new Rng(2), 3, 4), 3.0);
        GradCheck.Result r = GradCheck.check(v -> F.sum(F.mul(v.get(0), F.square(v.get(1)))), List.of(a, b));
        assertTrue(r.ok(), r::toString);
        assertEquals(3 + 12, r.checked());
    }

    @Test
    void subsetChecksASeededSampleOfEachInput() {
        Tensor x = normal(new Rng(3), 10, 10);
        GradCheck.Options o = GradCheck.Options.defaults().withSubset(15, 42);
        GradCheck.Result r = GradCheck.check(v -> F.sum(F.square(v.get(0))), List.of(x), o);
        assertTrue(r.ok(), r::toString);
        assertEquals(15, r.checked());
        assertEquals(r, GradCheck.check(v -> F.sum(F.square(v.get(0))), List.of(x), o), "same seed, same sample");
        GradCheck.Result full = GradCheck.check(v -> F.sum(buggySquare(v.get(0), 99)), List.of(x));
        assertFalse(full.ok(), full::toString);
        assertEquals(99, full.worstIndex());
    }

    @Test
    void entriesWithoutAGradientCountAsZero() {
        Tensor x = normal(new Rng(4), 3);
        Tensor unused = normal(new Rng(5), 2);
        GradCheck.Result r = GradCheck.check(v -> F.sum(v.get(0)), List.of(x, unused));
        assertTrue(r.ok(), r::toString);
        assertEquals(5, r.checked());
    }

    @Test
    void rejectsF32InputsAndNonScalarFunctions() {
        Tensor f32 = B.zeros(Shape.of(2), DType.F32);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(v -> F.sum(v.get(0)), List.of(f32)));
        Tensor x = normal(new Rng(6), 2);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(v -> v.get(0), List.of(x)));
    }
}
