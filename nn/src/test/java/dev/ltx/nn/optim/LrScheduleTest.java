package dev.ltx.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    @Test
    void conv8CosineWithoutWarmup() {
        LrSchedule s = LrSchedule.WarmupCosine.of(0.05, 60);
        assertEquals(0.05, s.lr(0, 0), 1e-15);
        assertEquals(0.025, s.lr(30, 0), 1e-15); // cos(π/2) = 0
        // 0.05·½·(1 + cos(59π/60)) = 0.05·½·(1 − cos(π/60)), written out: 3.4262e-5
        assertEquals(3.426163113565417e-05, s.lr(59, 0), 1e-17);
        assertThrows(IllegalArgumentException.class, () -> s.lr(60, 0));
        assertThrows(IllegalArgumentException.class, () -> s.lr(-1, 0));
        assertFalse(s.perStep());
    }

    @Test
    void imageNetWarmupThenCosine() {
        LrSchedule s = new LrSchedule.WarmupCosine(0.1, 5, 100);
        double[] warmup = {0.02, 0.04, 0.06, 0.08, 0.10};
        for (int e = 0; e < 5; e++) {
            assertEquals(warmup[e], s.lr(e, 0), 1e-15, "epoch " + e);
        }
        assertEquals(0.1, s.lr(5, 0), 1e-15, "the first post-warmup epoch uses the full rate");
        assertEquals(2.7337132953697554e-05, s.lr(99, 0), 1e-17); // 0.1·½·(1 + cos(94π/95))
        double previous = s.lr(5, 0);
        for (int e = 6; e < 100; e++) {
            double lr = s.lr(e, 0);
            assertTrue(lr < previous && lr > 0, "strictly decreasing and positive at epoch " + e);
            previous = lr;
        }
    }

    @Test
    void perEpochSchedulesIgnoreTheStep() {
        LrSchedule s = new LrSchedule.WarmupCosine(0.1, 5, 100);
        assertEquals(s.lr(7, 0), s.lr(7, 123_456));
        LrSchedule m = new LrSchedule.MultiStep(0.1, List.of(30, 60), 0.1);
        assertEquals(m.lr(40, 0), m.lr(40, 99_999));
    }

    @Test
    void multiStepDecaysAtEachMilestone() {
        LrSchedule s = new LrSchedule.MultiStep(0.1, List.of(30, 60), 0.1);
        assertEquals(0.1, s.lr(0, 0), 1e-15);
        assertEquals(0.1, s.lr(29, 0), 1e-15);
        assertEquals(0.01, s.lr(30, 0), 1e-15);
        assertEquals(0.01, s.lr(59, 0), 1e-15);
        assertEquals(0.001, s.lr(60, 0), 1e-15);
        assertEquals(0.001, s.lr(500, 0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.MultiStep(0.1, List.of(30, 30), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.MultiStep(0.1, List.of(0), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.MultiStep(0.1, List.of(10), 0.0));
    }

    @Test
    void linearWarmupPerStep() {
        LrSchedule s = new LrSchedule.LinearWarmup(4, new LrSchedule.Constant(0.2));
        double[] expected = {0.05, 0.1, 0.15, 0.2, 0.2, 0.2};
        for (int step = 0; step < expected.length; step++) {
            assertEquals(expected[step], s.lr(0, step), 1e-15, "step " + step);
        }
        assertTrue(s.perStep());
        LrSchedule overCosine = new LrSchedule.LinearWarmup(10, LrSchedule.WarmupCosine.of(0.1, 60));
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 30 / 60)) * 3 / 10, overCosine.lr(30, 2), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.LinearWarmup(0, new LrSchedule.Constant(0.1)));
    }

    @Test
    void applySetsTheOptimizersRate() {
        Var p = Var.param(CpuBackend.reference().fromDoubles(new double[] {1}, Shape.of(1)));
        Sgd opt = new Sgd(List.of(p), SgdConfig.of(1.0));
        new LrSchedule.WarmupCosine(0.1, 5, 100).apply(opt, 1, 0);
        assertEquals(0.04, opt.learningRate(), 1e-15);
    }

    @Test
    void parseAndSpecRoundTrip() {
        List<LrSchedule> all = List.of(
                new LrSchedule.Constant(0.01),
                LrSchedule.WarmupCosine.of(0.05, 60),
                new LrSchedule.WarmupCosine(0.1, 5, 100),
                new LrSchedule.MultiStep(0.1, List.of(30, 60, 90), 0.1),
                new LrSchedule.LinearWarmup(500, new LrSchedule.WarmupCosine(0.1, 5, 100)));
        for (LrSchedule s : all) {
            assertEquals(s, LrSchedule.parse(s.spec()), s.spec());
        }
        assertEquals(new LrSchedule.WarmupCosine(0.05, 0, 60), LrSchedule.parse(" cosine: lr=0.05, epochs=60 "));
        assertEquals(new LrSchedule.LinearWarmup(10, new LrSchedule.Constant(1e-4)),
                LrSchedule.parse("linear-warmup:steps=10 then constant:lr=1e-4"));
    }

    @Test
    void malformedTextThrowsNamingTheProblem() {
        String[] bad = {"", "cosine", "cosine:lr=0.1", "cosine:lr=0.1,epochs=x", "cosine:lr=0.1,epochs=10,warmup=10",
            "constant:lr=0.1,gamma=2", "constant:lr=0.1,lr=0.2", "step:lr=0.1", "multistep:lr=0.1,milestones=,gamma=0.1",
            "linear-warmup:steps=5", "linear-warmup:steps=5 then nonsense:x=1", "constant:lr=-1"};
        for (String s : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrSchedule.parse(s), s);
            assertFalse(e.getMessage().isBlank());
        }
    }
}
