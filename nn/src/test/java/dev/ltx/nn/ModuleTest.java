package dev.ltx.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.F;
import dev.ltx.autograd.GradCheck;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.io.StrictLoad.StateDictMismatchException;
import dev.ltx.nn.layers.BatchNorm2d;
import dev.ltx.nn.layers.Conv2d;
import dev.ltx.nn.layers.ReLU;
import dev.ltx.nn.layers.Sequential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Registration, naming, modes, gradients and state-dict loading of {@link Module}. */
class ModuleTest {
    private final Backend b = CpuBackend.reference();

    private Sequential net(long seed) {
        LayerInit init = LayerInit.seeded(b, DType.F64, seed);
        return new Sequential(new Conv2d(init, 2, 3, 3, 1, 1, true), new BatchNorm2d(init, 3), new ReLU(),
                new Sequential(new Conv2d(init, 3, 1, 1, 1, 0, false)));
    }

    private Tensor input() {
        return Init.uniform(b, Shape.of(2, 2, 4, 4), DType.F64, -1, 1, new Rng(11));
    }

    @Test
    void namesFollowPyTorchOrder() {
        Sequential s = net(1);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "3.0.weight"), List.copyOf(s.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "3.0.weight"),
                s.namedParameters().stream().map(NamedParameter::name).toList());
        assertEquals(List.of("1.running_mean", "1.running_var", "1.num_batches_tracked"),
                s.namedBuffers().stream().map(NamedBuffer::name).toList());
        assertEquals(List.of("", "0", "1", "2", "3", "3.0"), s.namedModules().stream().map(NamedModule::name).toList());
        assertEquals(List.of("0", "1", "2", "3"), s.children().stream().map(NamedModule::name).toList());
        assertEquals(2, s.modules(Conv2d.class).size());
        assertEquals(5, s.parameters().size());
        assertEquals(2 * 9 * 3 + 3 + 3 + 3 + 3, s.parameterCount());
        for (Var p : s.parameters()) {
            assertTrue(p.requiresGrad() && p.isLeaf());
        }
    }

    @Test
    void registrationRejectsDuplicateAndDottedNames() {
        class Bad extends Module {
            Bad(String first, String second) {
                addBuffer(first, b.zeros(Shape.of(1), DType.F64));
                addParameter(second, b.zeros(Shape.of(1), DType.F64));
            }

            @Override
            public Var forward(Var x) {
                return x;
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad("a", "a"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("a", "b.c"));
        assertThrows(IllegalArgumentException.class, () -> new Bad("", "b"));
    }

    @Test
    void trainAndEvalPropagateToDescendants() {
        Sequential s = net(1);
        assertTrue(s.namedModules().stream().allMatch(m -> m.module().isTraining()));
        s.eval();
        assertTrue(s.namedModules().stream().noneMatch(m -> m.module().isTraining()));
        s.train();
        assertTrue(s.namedModules().stream().allMatch(m -> m.module().isTraining()));
    }

    @Test
    void zeroGradClearsAccumulatedGradients() {
        Sequential s = net(1);
        F.sum(s.forward(Var.constant(input()))).backward();
        assertTrue(s.parameters().stream().allMatch(p -> p.grad() != null));
        assertTrue(s.parameters().stream().anyMatch(p -> maxAbs(p.grad()) > 0));
        s.zeroGrad();
        for (Var p : s.parameters()) {
            assertEquals(0.0, maxAbs(p.grad()));
        }
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubles()) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void strictRoundTripGivesIdenticalOutputs() {
        Sequential a = net(1);
        Sequential c = net(2);
        a.forward(Var.constant(input()));  // moves running statistics away from their initial values
        a.eval();
        c.eval();
        assertFalse(java.util.Arrays.equals(a.forward(Var.constant(input())).value().toDoubles(),
                c.forward(Var.constant(input())).value().toDoubles()));
        LoadResult r = c.loadStateDict(a.stateDict(), true);
        assertTrue(r.missing().isEmpty() && r.unexpected().isEmpty());
        assertArrayEquals(a.forward(Var.constant(input())).value().toDoubles(),
                c.forward(Var.constant(input())).value().toDoubles());
        // values were copied, not shared
        assertFalse(a.stateDict().get("0.weight") == c.stateDict().get("0.weight"));
    }

    @Test
    void strictLoadReportsEveryProblemTogetherAndCopiesNothing() {
        Sequential a = net(1);
        Map<String, Tensor> state = new LinkedHashMap<>(net(2).stateDict());
        state.remove("0.bias");
        state.remove("1.running_var");
        state.put("extra.weight", b.zeros(Shape.of(2), DType.F64));
        state.put("3.0.weight", b.zeros(Shape.of(1, 3, 3, 3), DType.F64));
        double[] before = a.stateDict().get("0.weight").toDoubles();
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class, () -> a.loadStateDict(state, true));
        assertEquals(List.of("0.bias", "1.running_var"), e.missing());
        assertEquals(List.of("extra.weight"), e.unexpected());
        assertEquals(1, e.mismatched().size());
        assertTrue(e.mismatched().get(0).contains("3.0.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("(1, 3, 3, 3)") && e.getMessage().contains("(1, 3, 1, 1)"), e.getMessage());
        assertArrayEquals(before, a.stateDict().get("0.weight").toDoubles());
    }

    @Test
    void nonStrictLoadCopiesSharedNamesAndReportsTheRest() {
        Sequential a = net(1);
        Sequential src = net(2);
        Map<String, Tensor> state = new LinkedHashMap<>(src.stateDict());
        state.remove("0.bias");
        state.put("extra", b.zeros(Shape.of(2), DType.F64));
        double[] ownBias = a.stateDict().get("0.bias").toDoubles();
        LoadResult r = a.loadStateDict(state, false);
        assertEquals(List.of("0.bias"), r.missing());
        assertEquals(List.of("extra"), r.unexpected());
        assertArrayEquals(src.stateDict().get("0.weight").toDoubles(), a.stateDict().get("0.weight").toDoubles());
        assertArrayEquals(ownBias, a.stateDict().get("0.bias").toDoubles());
        state.put("0.weight", b.zeros(Shape.of(3), DType.F64));
        StateDictMismatchException e = assertThrows(StateDictMismatchException.class, () -> a.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("0.weight"), e.getMessage());
    }

    @Test
    void loadConvertsDtypeAndBackend() {
        LayerInit f32 = LayerInit.seeded(CpuBackend.create(), DType.F32, 5);
        Sequential small = new Sequential(new Conv2d(f32, 2, 3, 3, 1, 1, true), new BatchNorm2d(f32, 3), new ReLU(),
                new Sequential(new Conv2d(f32, 3, 1, 1, 1, 0, false)));
        Sequential a = net(1);
        a.loadStateDict(small.stateDict(), true);
        assertEquals(DType.F64, a.stateDict().get("0.weight").dtype());
        float[] expected = small.stateDict().get("0.weight").toFloats();
        double[] got = a.stateDict().get("0.weight").toDoubles();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 0.0);
        }
    }

    @Test
    void stateDictIsLiveAndCopyIsASnapshot() {
        Sequential a = net(1);
        Map<String, Tensor> live = a.stateDict();
        Map<String, Tensor> snap = a.stateDictCopy();
        a.forward(Var.constant(input()));
        assertFalse(java.util.Arrays.equals(live.get("1.running_mean").toDoubles(), snap.get("1.running_mean").toDoubles()));
        assertEquals(0L, snap.get("1.num_batches_tracked").toLongs()[0]);
        assertEquals(1L, live.get("1.num_batches_tracked").toLongs()[0]);
    }

    @Test
    void gradCheckHelperDetectsAMissingGradient() {
        Module broken = new Module() {
            private final Var w = addParameter("w", Init.uniform(b, Shape.of(3), DType.F64, 1, 2, new Rng(1)));

            @Override
            public Var forward(Var x) {
                return F.mul(x, w.detach());  // drops w's gradient
            }
        };
        ModuleGradCheck.Result r = ModuleGradCheck.checkWeightedSum(broken,
                Init.uniform(b, Shape.of(2, 3), DType.F64, 1, 2, new Rng(2)), GradCheck.Options.defaults());
        assertFalse(r.ok(), r.toString());
        assertTrue(r.worst().startsWith("w"), r.toString());
    }
}
