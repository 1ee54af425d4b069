package dev.ltx.transfer.perm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.autograd.NoGrad;
import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.Module;
import dev.ltx.nn.NamedModule;
import dev.ltx.nn.layers.BatchNorm2d;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A network permuted with the derived spec computes the same function (train and eval mode), and
 * a deliberately inconsistent permutation does not (so the equivalence check can fail).
 */
class FunctionEquivalenceTest {
    private final Backend b = CpuBackend.create();

    static Iterable<TestModels.Arch> archs() {
        return TestModels.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archs")
    void permutedNetworkComputesTheSameFunction(TestModels.Arch arch) {
        for (DType dtype : new DType[] {DType.F64, DType.F32}) {
            Rng rng = new Rng(arch.name().hashCode());
            Module model = arch.build(b, dtype, 11);
            PermutationSpec spec = PermutationSpec.of(model);
            randomizeRunningStats(model, rng);
            Permutations pi = TestModels.randomPerms(spec, rng);
            assertFalse(pi.isIdentity(), arch.name());

            Map<String, Tensor> permuted = withRunningStats(model, spec, pi,
                    PermutationApplier.apply(spec, pi, model.stateDict(), b));
            assertTrue(differs(model.stateDict(), permuted), arch + ": the permutation changed nothing");
            Module twin = arch.build(b, dtype, 99);
            twin.loadStateDict(permuted, true);

            Tensor x = TestModels.randomLike(b.zeros(Shape.of(4, arch.channels(), arch.size(), arch.size()), dtype), rng);
            // F64 shows the permutation is exact; in F32 the permuted convs sum channels in another
            // order, and train-mode BN over the 4 values of a 1×1 map amplifies that rounding
            double tol = dtype == DType.F64 ? 1e-10 : 2e-4;
            for (boolean training : new boolean[] {false, true}) {
                Tensor ref = forward(model.train(training), x);
                Tensor got = forward(twin.train(training), x);
                Compare.Result r = Compare.tensors(ref, got, tol, tol);
                assertTrue(r.ok(), arch + " " + dtype + (training ? " train" : " eval") + ": " + r);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archs")
    void inconsistentPermutationChangesTheFunction(TestModels.Arch arch) {
        Rng rng = new Rng(5);
        Module model = arch.build(b, DType.F64, 11);
        PermutationSpec spec = PermutationSpec.of(model);
        // permute only the first member of the first group: the next layer no longer agrees
        PermutationGroup g = spec.groups().get(0);
        AxisRef first = spec.members(g.name()).get(0);
        int[] p = new int[g.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = (i + 1) % p.length;
        }
        Map<String, Tensor> broken = new LinkedHashMap<>(model.stateDict());
        broken.put(first.param(), b.indexSelect(broken.get(first.param()), first.axis(), b.fromInts(p, Shape.of(p.length))));
        Module twin = arch.build(b, DType.F64, 99);
        twin.loadStateDict(broken, true);
        Tensor x = TestModels.randomLike(b.zeros(Shape.of(4, arch.channels(), arch.size(), arch.size()), DType.F64), rng);
        Compare.Result r = Compare.tensors(forward(model.eval(), x), forward(twin.eval(), x), 1e-10, 1e-10);
        assertFalse(r.ok(), arch + ": permuting " + first + " alone should change the outputs");
    }

    private static Tensor forward(Module m, Tensor x) {
        try (NoGrad ng = NoGrad.enter()) {
            return m.forward(Var.constant(x)).value();
        }
    }

    /** Running mean/var set to non-trivial values, so eval mode depends on them. */
    private void randomizeRunningStats(Module model, Rng rng) {
        for (BatchNorm2d bn : model.modules(BatchNorm2d.class)) {
            b.copyInto(bn.runningMean(), TestModels.randomLike(bn.runningMean(), rng));
            Tensor var = b.addScalar(b.unary(dev.ltx.engine.UnaryOp.ABS, TestModels.randomLike(bn.runningVar(), rng)), 0.5);
            b.copyInto(bn.runningVar(), var);
        }
    }

    /**
     * The spec excludes BN running statistics; permute them here with the group of the same BN's
     * weight (its output channels), as any consumer that keeps them must.
     */
    private Map<String, Tensor> withRunningStats(Module model, PermutationSpec spec, Permutations pi,
                                                Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>(state);
        for (NamedModule nm : model.namedModules()) {
            if (nm.module() instanceof BatchNorm2d) {
                PermutationGroup g = spec.axes(nm.name() + ".weight").get(0);
                if (g == null) {
                    continue;
                }
                Tensor idx = b.fromInts(pi.perm(g.name()), Shape.of(g.size()));
                for (String stat : new String[] {"running_mean", "running_var"}) {
                    String key = nm.name() + "." + stat;
                    out.put(key, b.indexSelect(state.get(key), 0, idx));
                }
            }
        }
        return out;
    }

    private static boolean differs(Map<String, Tensor> a, Map<String, Tensor> c) {
        for (String k : a.keySet()) {
            if (!Arrays.equals(a.get(k).toDoubles(), c.get(k).toDoubles())) {
                return true;
            }
        }
        return false;
    }
}
