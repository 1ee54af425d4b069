package dev.ltx.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Shape;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuOptimFast}'s one-pass SGD momentum step has the bits of the default composition (two
 * axpby passes per tensor), and leaves every other case to it without touching anything.
 */
class CpuOptimFastTest {
    private static final int[] SIZES = {1, 37, 70_001}; // tails and several parallel ranges
    private static CpuBackend b;

    @BeforeAll
    static void setUp() {
        b = new CpuBackend(CpuBackend.Mode.FAST, 2);
    }

    @AfterAll
    static void tearDown() {
        b.close();
    }

    private static List<Tensor> group(SplittableRandom rnd, double scale) {
        List<Tensor> out = new ArrayList<>();
        for (int n : SIZES) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) v[i] = (float) ((rnd.nextDouble() - 0.5) * scale);
            out.add(b.fromFloats(v, Shape.of(n)));
        }
        return out;
    }

    private static List<Tensor> copies(List<Tensor> ts) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : ts) out.add(b.copy(t));
        return out;
    }

    private static void assertSameBits(List<Tensor> expected, List<Tensor> actual, String what) {
        for (int k = 0; k < expected.size(); k++) {
            assertArrayEquals(expected.get(k).toFloats(), actual.get(k).toFloats(), what + " tensor " + k);
        }
    }

    @Test
    void momentumStepsHaveTheBitsOfTwoAxpbyPasses() {
        for (double dampening : new double[] {0.0, 0.1}) {
            SgdUpdate u = new SgdUpdate(0.037, 0.9, dampening, 0.0, false);
            SplittableRandom rnd = new SplittableRandom(5);
            List<Tensor> p = group(rnd, 2.0);
            List<Tensor> buf = group(rnd, 0.5);
            List<Tensor> pRef = copies(p);
            List<Tensor> bufRef = copies(buf);
            for (int step = 0; step < 4; step++) {
                List<Tensor> g = group(rnd, 1.0);
                List<Tensor> gBefore = copies(g);
                b.sgdStep(u, p, g, buf, false);
                for (int k = 0; k < p.size(); k++) { // GenericFusedOps' composition for this case
                    b.axpby(1.0 - dampening, g.get(k), 0.9, bufRef.get(k));
                    b.axpby(-0.037, bufRef.get(k), 1.0, pRef.get(k));
                }
                assertSameBits(bufRef, buf, "buffer, dampening " + dampening + " step " + step);
                assertSameBits(pRef, p, "parameter, dampening " + dampening + " step " + step);
                assertSameBits(gBefore, g, "gradient untouched");
            }
        }
    }

    @Test
    void otherCasesAreLeftToTheDefaultUntouched() {
        SgdUpdate[] others = {new SgdUpdate(0.1, 0.0, 0.0, 0.0, false), new SgdUpdate(0.1, 0.9, 0.0, 1e-4, false),
                new SgdUpdate(0.1, 0.9, 0.0, 0.0, true)};
        SplittableRandom rnd = new SplittableRandom(7);
        List<Tensor> p = group(rnd, 2.0);
        List<Tensor> g = group(rnd, 1.0);
        List<Tensor> buf = group(rnd, 0.5);
        List<Tensor> pBefore = copies(p);
        List<Tensor> bufBefore = copies(buf);
        for (SgdUpdate u : others) {
            assertFalse(CpuOptimFast.sgdMomentum(b, u, p, g, buf, false), u.toString());
        }
        assertFalse(CpuOptimFast.sgdMomentum(b, new SgdUpdate(0.1, 0.9, 0.0, 0.0, false), p, g, buf, true), "first step");
        CpuBackend ref = CpuBackend.reference();
        List<Tensor> refTensors = List.of(ref.fromFloats(new float[] {1f}, Shape.of(1)));
        assertFalse(CpuOptimFast.sgdMomentum(ref, new SgdUpdate(0.1, 0.9, 0.0, 0.0, false), refTensors, refTensors,
                refTensors, false), "REFERENCE mode");
        assertSameBits(pBefore, p, "parameters untouched");
        assertSameBits(bufBefore, buf, "buffers untouched");
        assertTrue(CpuOptimFast.sgdMomentum(b, new SgdUpdate(0.1, 0.9, 0.0, 0.0, false), p, g, buf, false));
    }
}
