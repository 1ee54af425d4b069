package dev.ltx.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.io.SafetensorsReader;
import dev.ltx.nn.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizerStateTest {
    private final Backend b = new CpuBackend(CpuBackend.Mode.FAST, 2);
    private final Rng rng = new Rng(21);
    private final double[] c = SgdTest.random(rng, 10);
    private final double[] a = SgdTest.random(rng, 10);

    @TempDir
    Path dir;

    private List<Var> params(double[][] values) {
        return List.of(
                Var.param(b.cast(b.fromDoubles(values[0], Shape.of(4)), DType.F32)),
                Var.param(b.cast(b.fromDoubles(values[1], Shape.of(2, 3)), DType.F32)));
    }

    private double[][] initial() {
        Rng r = new Rng(4);
        return new double[][] {SgdTest.random(r, 4), SgdTest.random(r, 6)};
    }

    private void train(Optimizer opt, int steps) {
        for (int k = 0; k < steps; k++) {
            opt.zeroGrad();
            Var p = opt.parameters().get(0);
            Var q = opt.parameters().get(1);
            OptimFixtures.backwardQuadratic(p, Arrays.copyOf(c, 4), Arrays.copyOf(a, 4));
            OptimFixtures.backwardQuadratic(q, Arrays.copyOfRange(c, 4, 10), Arrays.copyOfRange(a, 4, 10));
            opt.step();
        }
    }

    /** Trains 3 steps, saves optimizer state to a safetensors file, resumes in a new optimizer. */
    private void roundTrip(Function<List<Var>, Optimizer> make, String expectedName) throws IOException {
        List<Var> original = params(initial());
        Optimizer first = make.apply(original);
        train(first, 3);
        Map<String, Tensor> state = first.stateDict();
        assertTrue(state.containsKey(expectedName), state.keySet().toString());
        Path file = dir.resolve("optim.safetensors");
        SafetensorsWriter.write(file, state);
        Map<String, Tensor> loaded = SafetensorsReader.read(file, b).tensors();
        assertEquals(state.keySet(), loaded.keySet());

        double[][] values = {original.get(0).value().toDoubles(), original.get(1).value().toDoubles()};
        List<Var> resumedParams = params(values);
        Optimizer resumed = make.apply(resumedParams);
        resumed.loadStateDict(loaded);
        List<Var> freshParams = params(values);
        Optimizer fresh = make.apply(freshParams);

        train(first, 3);
        train(resumed, 3);
        train(fresh, 3);
        for (int i = 0; i < 2; i++) {
            float[] want = original.get(i).value().toFloats();
            assertArrayEquals(want, resumedParams.get(i).value().toFloats(), "parameter " + i + " after resuming");
            assertFalse(Arrays.equals(want, freshParams.get(i).value().toFloats()),
                    "without the saved state the continuation should differ (parameter " + i + ")");
        }
    }

    @Test
    void sgdStateRoundTripGivesIdenticalContinuation() throws IOException {
        roundTrip(ps -> new Sgd(ps, SgdConfig.paper(0.05, 1e-2)), "state.1.momentum_buffer");
    }

    @Test
    void adamWStateRoundTripGivesIdenticalContinuation() throws IOException {
        roundTrip(ps -> new AdamW(ps, AdamWConfig.of(1e-2, 1e-2)), "state.1.exp_avg_sq");
    }

    @Test
    void stateDictIsASnapshotWithDocumentedNames() {
        AdamW opt = new AdamW(params(initial()), AdamWConfig.of(1e-2, 0));
        assertTrue(opt.stateDict().isEmpty());
        train(opt, 1);
        Map<String, Tensor> snapshot = opt.stateDict();
        assertEquals(Set.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq",
                "state.1.step", "state.1.exp_avg", "state.1.exp_avg_sq"), snapshot.keySet());
        assertEquals(DType.I64, snapshot.get("state.0.step").dtype());
        double[] before = snapshot.get("state.1.exp_avg").toDoubles();
        train(opt, 1);
        assertArrayEquals(before, snapshot.get("state.1.exp_avg").toDoubles(), "the snapshot must not follow later steps");
        assertEquals(1L, snapshot.get("state.0.step").item());
        assertEquals(2L, opt.stateDict().get("state.0.step").item());
    }

    @Test
    void sgdRejectsBadStateAndKeepsItsOwn() {
        Sgd opt = new Sgd(params(initial()), SgdConfig.paper(0.05, 0));
        train(opt, 2);
        Map<String, Tensor> good = opt.stateDict();
        double[] kept = good.get("state.0.momentum_buffer").toDoubles();
        Tensor buf4 = b.zeros(Shape.of(4), DType.F32);
        List<Map<String, Tensor>> bad = List.of(
                Map.of("state.0.momentum_buffer", buf4, "state.0.exp_avg", buf4),
                Map.of("momentum_buffer", buf4),
                Map.of("state.x.momentum_buffer", buf4),
                Map.of("state.00.momentum_buffer", buf4),
                Map.of("state.0.momentum_buffer", buf4, "state.2.momentum_buffer", buf4),
                Map.of("state.1.momentum_buffer", buf4),
                Map.of("state.0.momentum_buffer", b.zeros(Shape.of(4), DType.F64)));
        for (Map<String, Tensor> state : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(state),
                    state.keySet().toString());
            assertTrue(e.getMessage().contains("SGD"), e.getMessage());
        }
        assertArrayEquals(kept, opt.stateDict().get("state.0.momentum_buffer").toDoubles());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> opt.loadStateDict(Map.of("state.1.momentum_buffer", buf4)));
        assertTrue(shape.getMessage().contains(Shape.of(4).toString()) && shape.getMessage().contains(Shape.of(2, 3).toString()), shape.getMessage());
        opt.loadStateDict(Map.of());
        assertTrue(opt.stateDict().isEmpty(), "an empty state resets the optimizer");
    }

    @Test
    void adamWRejectsIncompleteOrInvalidEntries() {
        AdamW opt = new AdamW(params(initial()), AdamWConfig.of(1e-2, 0));
        train(opt, 2);
        Map<String, Tensor> good = opt.stateDict();
        Map<String, Tensor> missing = new HashMap<>(good);
        missing.remove("state.1.exp_avg_sq");
        Map<String, Tensor> zeroStep = new HashMap<>(good);
        zeroStep.put("state.0.step", b.fromLongs(new long[] {0}, Shape.scalar()));
        Map<String, Tensor> floatStep = new HashMap<>(good);
        floatStep.put("state.0.step", b.fromDoubles(new double[] {2}, Shape.scalar()));
        for (Map<String, Tensor> state : List.of(missing, zeroStep, floatStep)) {
            assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(state));
        }
        Map<String, Tensor> onlyFirst = new HashMap<>(good);
        onlyFirst.keySet().removeIf(k -> k.startsWith("state.1."));
        opt.loadStateDict(onlyFirst);
        assertEquals(Set.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq"), opt.stateDict().keySet());
    }
}
