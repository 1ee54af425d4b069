package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.perm.TestModels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Cost matrices built through {@link RankFactors} (a linear layer's gradient as output gradients
 * times inputs) equal those built from the tensors: both orientations (a group on a weight's rows,
 * as the first layer's hidden units, and on its columns), wide and narrow layers (the factors used
 * only where cheaper), one and several pairs; so does the objective taken through them, at the
 * identity and under random permutations; and weights held as factors only (no tensor) give the
 * same costs, objectives and matchings, plain and normalized.
 */
class FactoredCostTest {
    private final Backend b = CpuBackend.create();

    @Test
    void factoredProductsEqualTheDirectOnes() {
        // ranks 5-6: a first layer 64 wide goes through the factors (group on its rows), so does a last
        // layer 50 wide (group on its columns); a last layer of 3 outputs stays direct
        for (Module m : List.of(TestModels.mlpChain(LayerInit.seeded(b, DType.F64, 1), 64, 40, 24, 3),
                TestModels.mlpChain(LayerInit.seeded(b, DType.F64, 2), 64, 40, 50))) {
            check(m);
        }
    }

    private void check(Module m) {
        PermutationSpec spec = PermutationSpec.of(m);
        Rng rng = new Rng(9);
        for (int pairs = 1; pairs <= 3; pairs++) {
            List<StatePair> plain = new java.util.ArrayList<>();
            List<StatePair> factored = new java.util.ArrayList<>();
            List<StatePair> factorsOnly = new java.util.ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                Map<String, Tensor> t = new LinkedHashMap<>();
                Map<String, Tensor> s = new LinkedHashMap<>();
                Map<String, RankFactors> tf = new LinkedHashMap<>();
                Map<String, RankFactors> sf = new LinkedHashMap<>();
                for (String w : spec.parameters()) {
                    Shape shape = spec.shape(w);
                    if (shape.rank() != 2) { // biases: no factors
                        t.put(w, TestModels.randomLike(b.zeros(shape, DType.F64), rng));
                        s.put(w, TestModels.randomLike(b.zeros(shape, DType.F64), rng));
                        continue;
                    }
                    RankFactors ft = factors(shape, 6, rng);
                    RankFactors fs = factors(shape, 5, rng);
                    t.put(w, ft.product(b));
                    s.put(w, fs.product(b));
                    tf.put(w, ft);
                    sf.put(w, fs);
                }
                plain.add(new StatePair(t, s));
                factored.add(new StatePair(t, s, tf, sf));
                Map<String, Tensor> tOnly = new LinkedHashMap<>(t);
                Map<String, Tensor> sOnly = new LinkedHashMap<>(s);
                tOnly.keySet().removeAll(tf.keySet());
                sOnly.keySet().removeAll(sf.keySet());
                factorsOnly.add(new StatePair(tOnly, sOnly, tf, sf));
            }
            // weights held as factors only: what needs a tensor (middle layers, narrow last layers) forms
            // the product; the results are those of the tensors
            for (boolean normalized : new boolean[] {false, true}) {
                MatchOptions o = new MatchOptions(10, 1e-12, 4, normalized);
                assertEquals(WeightMatching.match(spec, plain, o, b).permutations(),
                        WeightMatching.match(spec, factorsOnly, o, b).permutations(), "pairs " + pairs);
            }
            assertCostsEqual(spec, new CostMatrices(spec, plain, true, b, null),
                    new CostMatrices(spec, factorsOnly, true, b, null), "factors only, normalized, pairs " + pairs);
            // the objective through the factors (both axes permuted on middle layers, one on the others)
            for (Permutations perms : List.of(Permutations.identity(spec), TestModels.randomPerms(spec, rng))) {
                double x = WeightMatching.objective(spec, plain, perms, b);
                for (List<StatePair> other : List.of(factored, factorsOnly)) {
                    double y = WeightMatching.objective(spec, other, perms, b);
                    assertEquals(x, y, 1e-12 * Math.max(1, Math.abs(x)), "objective, pairs " + pairs);
                }
            }
            CostMatrices direct = new CostMatrices(spec, plain, false, b, null);
            assertCostsEqual(spec, direct, new CostMatrices(spec, factored, false, b, null), "pairs " + pairs);
            assertCostsEqual(spec, direct, new CostMatrices(spec, factorsOnly, false, b, null),
                    "factors only, pairs " + pairs);
        }
    }

    /** Every group's cost at the identity is the same, relative to its largest entry. */
    private static void assertCostsEqual(PermutationSpec spec, CostMatrices want, CostMatrices got, String what) {
        Permutations id = Permutations.identity(spec);
        for (PermutationGroup g : spec.groups()) {
            GroupCost x = want.cost(g.name(), id);
            GroupCost y = got.cost(g.name(), id);
            int n = g.size();
            double scale = 0;
            for (int k = 0; k < n * n; k++) {
                scale = Math.max(scale, Math.abs(x.at(k)));
            }
            assertTrue(scale > 0);
            for (int k = 0; k < n * n; k++) {
                assertEquals(x.at(k), y.at(k), 1e-12 * scale, "group " + g.name() + " " + what + " entry " + k);
            }
        }
    }

    @Test
    void factorsThatDoNotFactorTheirTensorAreRejected() {
        Rng rng = new Rng(3);
        RankFactors f = factors(Shape.of(4, 7), 2, rng);
        Map<String, Tensor> t = Map.of("w", f.product(b));
        Map<String, Tensor> wrong = Map.of("w", b.zeros(Shape.of(7, 4), DType.F64));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StatePair(wrong, t, Map.of("w", f), Map.of()));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("(7, 4)"), e.getMessage());
        // factors of an absent tensor hold it as factors only; a spec sees their product's shape
        StatePair only = new StatePair(Map.of(), t, Map.of("w", f), Map.of());
        PermutationSpec.Builder builder = PermutationSpec.builder();
        PermutationGroup h = builder.group("h", 7);
        PermutationSpec wrongShape = builder.param("w", Shape.of(7, 4), h, null).build();
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> only.requireState(wrongShape, "pair 0"));
        assertTrue(shape.getMessage().contains("pair 0 target parameter w has shape (4, 7) (as factors)"),
                shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RankFactors(b.zeros(Shape.of(2, 4), DType.F64), b.zeros(Shape.of(3, 7), DType.F64)));
    }

    private RankFactors factors(Shape shape, int r, Rng rng) {
        Tensor left = TestModels.randomLike(b.zeros(Shape.of(r, shape.dim(0)), DType.F64), rng);
        Tensor right = TestModels.randomLike(b.zeros(Shape.of(r, shape.dim(1)), DType.F64), rng);
        return new RankFactors(left, right);
    }
}
