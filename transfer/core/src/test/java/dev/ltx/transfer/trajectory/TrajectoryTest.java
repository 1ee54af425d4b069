package dev.ltx.transfer.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TrajectoryTest {
    private final Backend b = CpuBackend.reference();

    /** Checkpoints at −1, 4, 9 with a parameter "w" (2 values) and a buffer "bn.running_mean". */
    private SortedMap<Integer, Map<String, Tensor>> checkpoints() {
        SortedMap<Integer, Map<String, Tensor>> c = new TreeMap<>();
        c.put(-1, state(0, 10, 5));
        c.put(4, state(1, 20, 6));
        c.put(9, state(3, 0, 7));
        return c;
    }

    private Map<String, Tensor> state(float w0, float w1, float buffer) {
        Map<String, Tensor> s = new LinkedHashMap<>();
        s.put("w", b.fromFloats(new float[] {w0, w1}, Shape.of(2)));
        s.put("bn.running_mean", b.fromFloats(new float[] {buffer}, Shape.of(1)));
        return s;
    }

    @Test
    void stepsAreSegmentsTimesSplitsWithCosineAlphas() {
        Trajectory t = Trajectory.linear(checkpoints(), List.of("w"), 4, AlphaSchedule.COSINE);
        assertEquals(8, t.steps());
        double[] a = AlphaSchedule.COSINE.alphas(4);
        assertArrayEquals(new float[] {0, 10}, t.point(0).get("w").toFloats());
        for (int k = 1; k <= 4; k++) {
            assertEquals(1, t.segment(k));
            assertEquals(a[k - 1], t.alpha(k), 0.0);
            assertArrayEquals(new float[] {(float) a[k - 1], (float) (10 + 10 * a[k - 1])}, t.point(k).get("w").toFloats(),
                    1e-5f);
            assertEquals(2, t.segment(4 + k));
            assertArrayEquals(new float[] {(float) (1 + 2 * a[k - 1]), (float) (20 - 20 * a[k - 1])},
                    t.point(4 + k).get("w").toFloats(), 1e-5f);
        }
        assertArrayEquals(new float[] {3, -10}, t.displacement(8).get("w").toFloats());
        assertArrayEquals(new float[] {0, 0}, t.displacement(0).get("w").toFloats());
    }

    @Test
    void oneSplitGivesExactlyTheCheckpoints() {
        SortedMap<Integer, Map<String, Tensor>> c = new TreeMap<>();
        c.put(-1, state(0.1f, 0.3f, 0));
        c.put(0, state(0.7f, 1e-7f, 0));
        c.put(1, state(-3.3f, 123.456f, 0));
        for (Trajectory t : List.of(Trajectory.actual(c, List.of("w")),
                Trajectory.linear(c, List.of("w"), 1, AlphaSchedule.COSINE))) {
            assertEquals(2, t.steps());
            assertArrayEquals(c.get(-1).get("w").toFloats(), t.point(0).get("w").toFloats(), 0f);
            assertArrayEquals(c.get(0).get("w").toFloats(), t.point(1).get("w").toFloats(), 0f);
            assertArrayEquals(c.get(1).get("w").toFloats(), t.point(2).get("w").toFloats(), 0f);
        }
    }

    @Test
    void pointForReadingHandsOutTheCheckpointsThemselvesAndOtherwiseThePoint() {
        try (Backend.Scope scope = b.openScope()) { // scoped checkpoints: closing one would make it unreadable
            readingLeavesTheCheckpointsOpen(checkpoints());
        }
    }

    private void readingLeavesTheCheckpointsOpen(SortedMap<Integer, Map<String, Tensor>> c) {
        List<Integer> epochs = List.copyOf(c.keySet()); // -1, 4, 9
        for (AlphaSchedule schedule : AlphaSchedule.values()) {
            Trajectory t = Trajectory.linear(c, List.of("w"), 4, schedule);
            for (int k = 0; k <= t.steps(); k++) {
                Tensor read = t.pointForReading(k).get("w");
                assertArrayEquals(t.point(k).get("w").toFloats(), read.toFloats(), 0f, schedule + " step " + k);
                boolean onCheckpoint = k % 4 == 0; // steps 0, 4, 8 end on epochs -1, 4 and 9
                Tensor checkpoint = c.get(epochs.get(k / 4)).get("w");
                assertEquals(onCheckpoint, read == checkpoint, schedule + " step " + k);
                assertArrayEquals(ParameterMaps.subtract(t.point(k), t.checkpoint(0)).get("w").toFloats(),
                        t.displacement(k).get("w").toFloats(), 0f, schedule + " step " + k);
            }
        }
        // none of it closed a checkpoint (a closed tensor throws when read)
        assertArrayEquals(new float[] {0, 10}, c.get(-1).get("w").toFloats());
        assertArrayEquals(new float[] {1, 20}, c.get(4).get("w").toFloats());
        assertArrayEquals(new float[] {3, 0}, c.get(9).get("w").toFloats());
        Trajectory actual = Trajectory.actual(c, List.of("w"));
        for (int k = 0; k <= actual.steps(); k++) {
            assertSame(c.get(epochs.get(k)).get("w"), actual.pointForReading(k).get("w"), "step " + k);
        }
    }

    @Test
    void onlyNamedParametersAreInTheTrajectory() {
        Trajectory t = Trajectory.linear(checkpoints(), List.of("w"), 2, AlphaSchedule.UNIFORM);
        assertEquals(List.of("w"), List.copyOf(t.point(3).keySet()));
        assertTrue(!t.displacement(1).containsKey("bn.running_mean"));
        assertEquals(DType.F32, t.point(3).get("w").dtype());
    }

    @Test
    void rejectsBadCheckpointLists() {
        SortedMap<Integer, Map<String, Tensor>> one = new TreeMap<>();
        one.put(-1, state(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Trajectory.linear(one, List.of("w"), 2, AlphaSchedule.COSINE));
        SortedMap<Integer, Map<String, Tensor>> noInit = new TreeMap<>();
        noInit.put(0, state(0, 0, 0));
        noInit.put(1, state(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Trajectory.linear(noInit, List.of("w"), 2, AlphaSchedule.COSINE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trajectory.linear(checkpoints(), List.of("v"), 2, AlphaSchedule.COSINE));
        assertTrue(e.getMessage().contains("'v'"), e.getMessage());
        Trajectory t = Trajectory.linear(checkpoints(), List.of("w"), 2, AlphaSchedule.COSINE);
        assertThrows(IllegalArgumentException.class, () -> t.point(5));
    }
}
