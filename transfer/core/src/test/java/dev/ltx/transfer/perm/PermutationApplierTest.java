package dev.ltx.transfer.perm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Applying permutations to state dicts: hand-computed values, an independent per-axis oracle, exact inversion. */
class PermutationApplierTest {
    private final Backend b = CpuBackend.create();

    @Test
    void handComputedTwoAxisGather() {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup p = sb.group("P", 3);
        PermutationGroup q = sb.group("Q", 2);
        PermutationSpec spec = sb.param("w", Shape.of(3, 2), p, q).param("bias", Shape.of(3), p)
                .param("head", Shape.of(1, 3), null, p).param("v", Shape.of(2), q).build();
        Permutations pi = Permutations.of(spec, Map.of("P", new int[] {2, 0, 1}, "Q", new int[] {1, 0}));
        Tensor w = b.fromDoubles(new double[] {1, 2, 3, 4, 5, 6}, Shape.of(3, 2)); // rows (1,2) (3,4) (5,6)
        Map<String, Tensor> out = PermutationApplier.apply(spec, pi, Map.of("w", w,
                "bias", b.fromDoubles(new double[] {10, 20, 30}, Shape.of(3)),
                "head", b.fromDoubles(new double[] {7, 8, 9}, Shape.of(1, 3)),
                "v", b.fromDoubles(new double[] {1, 2}, Shape.of(2))), b);
        // (πW)[i, j] = W[P[i], Q[j]]: row 0 = W[2] swapped = (6, 5); row 1 = (2, 1); row 2 = (4, 3)
        assertArrayEquals(new double[] {6, 5, 2, 1, 4, 3}, out.get("w").toDoubles());
        assertArrayEquals(new double[] {30, 10, 20}, out.get("bias").toDoubles());
        assertArrayEquals(new double[] {9, 7, 8}, out.get("head").toDoubles());
        assertArrayEquals(new double[] {2, 1}, out.get("v").toDoubles());
        assertEquals(DType.F64, out.get("w").dtype());
    }

    @Test
    void onePassGatherAgreesWithPerAxisIndexSelect() {
        Rng rng = new Rng(8);
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            PermutationSpec.Builder sb = PermutationSpec.builder();
            PermutationGroup o = sb.group("out", 5);
            PermutationGroup i = sb.group("in", 7);
            PermutationSpec spec = sb.param("conv", Shape.of(5, 7, 3, 2), o, i, null, null)
                    .param("inOnly", Shape.of(4, 7, 1, 1), null, i, null, null)
                    .param("outOnly", Shape.of(5, 1), o, null).build();
            Permutations pi = TestModels.randomPerms(spec, rng);
            for (String name : spec.parameters()) {
                Tensor x = TestModels.randomLike(b.zeros(spec.shape(name), dtype), rng);
                Tensor expected = x;
                List<PermutationGroup> axes = spec.axes(name);
                for (int a = 0; a < axes.size(); a++) {
                    if (axes.get(a) != null) {
                        int[] perm = pi.perm(axes.get(a).name());
                        expected = b.indexSelect(expected, a, b.fromInts(perm, Shape.of(perm.length)));
                    }
                }
                Tensor got = PermutationApplier.apply(spec, pi, Map.of(name, x), b).get(name);
                assertEquals(x.shape(), got.shape());
                assertEquals(dtype, got.dtype());
                assertArrayEquals(expected.toDoubles(), got.toDoubles(), name + " " + dtype);
            }
        }
    }

    @Test
    void permutedDotEqualsTheDotWithTheMaterializedPermutation() {
        Rng rng = new Rng(9);
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            PermutationSpec.Builder sb = PermutationSpec.builder();
            PermutationGroup o = sb.group("out", 5);
            PermutationGroup i = sb.group("in", 7);
            PermutationSpec spec = sb.param("conv", Shape.of(5, 7, 3, 2), o, i, null, null)
                    .param("inOnly", Shape.of(4, 7, 1, 1), null, i, null, null)
                    .param("outOnly", Shape.of(5, 1), o, null).param("free", Shape.of(3, 2), null, null).build();
            Permutations pi = TestModels.randomPerms(spec, rng);
            for (String name : spec.parameters()) {
                Tensor t = TestModels.randomLike(b.zeros(spec.shape(name), dtype), rng);
                Tensor s = TestModels.randomLike(b.zeros(spec.shape(name), dtype), rng);
                double[] x = t.toDoubles();
                double[] y = PermutationApplier.permute(s, spec.axes(name), pi, -1, b).toDoubles();
                double expected = 0;
                double scale = 0;
                for (int k = 0; k < x.length; k++) {
                    expected += x[k] * y[k];
                    scale += Math.abs(x[k] * y[k]);
                }
                assertEquals(expected, PermutationApplier.permutedDot(t, s, spec.axes(name), pi), 1e-14 * scale,
                        name + " " + dtype);
            }
        }
        Tensor a = b.zeros(Shape.of(2, 3), DType.F32);
        assertThrows(IllegalArgumentException.class, () -> PermutationApplier.permutedDot(a, b.zeros(Shape.of(3, 2),
                DType.F32), java.util.Arrays.asList(null, null), null));
    }

    @Test
    void permuteThenInverseIsExactIdentityOnEveryArchitecture() {
        for (TestModels.Arch arch : TestModels.all()) {
            Module m = arch.build(b, DType.F32, 4);
            PermutationSpec spec = PermutationSpec.of(m);
            Permutations pi = TestModels.randomPerms(spec, new Rng(arch.name().hashCode()));
            Map<String, Tensor> state = m.stateDict();
            Map<String, Tensor> there = PermutationApplier.apply(spec, pi, state, b);
            Map<String, Tensor> back = PermutationApplier.apply(spec, pi.inverse(), there, b);
            assertEquals(List.copyOf(state.keySet()), List.copyOf(back.keySet()), arch.name());
            for (String k : state.keySet()) {
                assertArrayEquals(state.get(k).toFloats(), back.get(k).toFloats(), arch + " " + k);
                if (!spec.contains(k)) {
                    assertSame(state.get(k), there.get(k), arch + ": buffer " + k + " is copied by reference");
                }
            }
            // identity leaves every tensor's values unchanged
            Map<String, Tensor> same = PermutationApplier.apply(spec, Permutations.identity(spec), state, b);
            for (String k : state.keySet()) {
                assertArrayEquals(state.get(k).toFloats(), same.get(k).toFloats(), arch + " " + k);
            }
        }
    }

    @Test
    void mismatchedStateOrPermutationsAreRejected() {
        PermutationSpec.Builder sb = PermutationSpec.builder();
        PermutationGroup p = sb.group("P", 3);
        PermutationSpec spec = sb.param("w", Shape.of(3, 2), p, null).build();
        Permutations pi = Permutations.identity(spec);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                PermutationApplier.apply(spec, pi, Map.of("w", b.zeros(Shape.of(2, 3), DType.F32)), b));
        assertTrue(e.getMessage().contains("w ") && e.getMessage().contains(Shape.of(2, 3).toString())
                && e.getMessage().contains(Shape.of(3, 2).toString()), e.getMessage());

        PermutationSpec.Builder ob = PermutationSpec.builder();
        PermutationGroup other = ob.group("R", 3);
        PermutationSpec otherSpec = ob.param("w", Shape.of(3, 2), other, null).build();
        e = assertThrows(IllegalArgumentException.class, () ->
                PermutationApplier.apply(spec, Permutations.identity(otherSpec), Map.of(), b));
        assertTrue(e.getMessage().contains("R") && e.getMessage().contains("P"), e.getMessage());
    }
}
