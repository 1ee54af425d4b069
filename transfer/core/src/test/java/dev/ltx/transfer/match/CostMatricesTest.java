package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
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
 * A_p is exactly the part of the objective that depends on perm_p: for any two choices q1, q2 of
 * perm_p (others fixed), {@code obj(q1) − obj(q2) = Σ_i A[i, q1_i] − Σ_i A[i, q2_i]}. Checked for
 * every architecture (both GEMM orientations, conv input axes, BN vectors, shared residual streams).
 */
class CostMatricesTest {
    private final Backend b = CpuBackend.create();

    @Test
    void costMatrixIsTheObjectivesDependenceOnEachGroup() {
        for (TestModels.Arch arch : TestModels.all()) {
            Rng rng = new Rng(arch.name().hashCode());
            Module m = arch.build(b, DType.F64, 1);
            PermutationSpec spec = PermutationSpec.of(m);
            List<StatePair> pairs = List.of(randomPair(spec, rng), randomPair(spec, rng));
            CostMatrices costs = new CostMatrices(spec, pairs, false, b, null);
            Permutations base = TestModels.randomPerms(spec, rng);
            for (PermutationGroup g : spec.groups()) {
                GroupCost a = costs.cost(g.name(), base);
                assertSame(a, costs.cost(g.name(), base), "unchanged dependencies reuse A_p");
                int[] q1 = rng.permutation(g.size());
                int[] q2 = rng.permutation(g.size());
                double lhs = WeightMatching.objective(spec, pairs, with(spec, base, g.name(), q1), b)
                        - WeightMatching.objective(spec, pairs, with(spec, base, g.name(), q2), b);
                double rhs = 0;
                for (int i = 0; i < g.size(); i++) {
                    rhs += a.at(i * g.size() + q1[i]) - a.at(i * g.size() + q2[i]);
                }
                assertEquals(lhs, rhs, 1e-9 * (1 + Math.abs(lhs)), arch + " group " + g.name());
            }
        }
    }

    private static Permutations with(PermutationSpec spec, Permutations base, String group, int[] p) {
        Map<String, int[]> m = base.asMap();
        m.put(group, p);
        return Permutations.of(spec, m);
    }

    private StatePair randomPair(PermutationSpec spec, Rng rng) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        Map<String, Tensor> s = new LinkedHashMap<>();
        for (String n : spec.parameters()) {
            Tensor like = b.zeros(spec.shape(n), DType.F64);
            t.put(n, TestModels.randomLike(like, rng));
            s.put(n, TestModels.randomLike(like, rng));
        }
        return new StatePair(t, s);
    }
}
