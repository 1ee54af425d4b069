package dev.ltx.transfer.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.FakeDevice;
import dev.ltx.nn.Module;
import dev.ltx.transfer.perm.PermutationApplier;
import dev.ltx.transfer.perm.PermutationGroup;
import dev.ltx.transfer.perm.PermutationSpec;
import dev.ltx.transfer.perm.Permutations;
import dev.ltx.transfer.perm.TestModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launches of the transfer path on the CUDA backend over a {@link FakeDevice} (kernels do not
 * run, values are meaningless; the CPU tests check them): applying permutations to a state dict is
 * one {@code permute_axes_f32} launch per permuted tensor, and building cost matrices uses
 * {@code match_cost_f32} with no copy to move an axis first and no GEMM; repeating either launches
 * the same kernels, holds no more memory, and asks the driver for no new allocation.
 */
class DeviceTransferLaunchTest {
    private final CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
    private final FakeDevice device = FakeDevice.of(gpu);

    private static Module model(String arch, CudaBackend gpu, long seed) {
        return TestModels.all().stream().filter(a -> a.name().equals(arch)).findFirst().orElseThrow()
                .build(gpu, DType.F32, seed);
    }

    private static Map<String, Tensor> params(Module m, PermutationSpec spec) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.stateDict().forEach((n, t) -> {
            if (spec.contains(n)) out.put(n, t);
        });
        return out;
    }

    /** What one repetition launched, and the memory after it. */
    private record Round(List<String> launches, long live, long allocated, int mallocs) {
    }

    private Round round(Runnable work) {
        device.clearLaunches();
        try (Backend.Scope ignored = gpu.openScope()) {
            work.run();
        }
        return new Round(device.launchedKernels(), gpu.liveBytes(), device.allocatedBytes(), device.driverAllocations());
    }

    private static void assertRepeats(List<Round> rounds, String what) {
        for (int i = 2; i < rounds.size(); i++) {
            assertEquals(rounds.get(1), rounds.get(i), what + ": round " + (i + 1) + " repeats round 2 exactly");
        }
    }

    @Test
    void applyingPermutationsToAStateDictIsOneLaunchPerPermutedTensor() {
        for (String arch : List.of("conv8", "resnet18-32", "mlp-relu")) {
            Module m = model(arch, gpu, 1);
            PermutationSpec spec = PermutationSpec.of(m);
            Map<String, Tensor> state = m.stateDict();
            Permutations perms = TestModels.randomPerms(spec, new Rng(3));
            long permuted = spec.parameters().stream()
                    .filter(p -> spec.axes(p).stream().anyMatch(g -> g != null)).count();
            long before = gpu.liveBytes();
            List<Round> rounds = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rounds.add(round(() -> PermutationApplier.apply(spec, perms, state, gpu)));
            }
            List<String> l = rounds.get(0).launches();
            assertEquals(permuted, Collections.frequency(l, "permute_axes_f32"), arch + ": " + l);
            assertEquals(permuted, l.size(), arch + ": nothing but the permutation applies: " + l);
            assertEquals(before, rounds.get(0).live(), arch + ": the scope released the permuted copies");
            assertRepeats(rounds, arch);
        }
    }

    @Test
    void costMatricesUseTheMatchKernelWithoutMovingAxesOrGemm() {
        for (String arch : List.of("conv8", "resnet18-32")) {
            PermutationSpec spec = PermutationSpec.of(model(arch, gpu, 1));
            Map<String, Tensor> target = params(model(arch, gpu, 1), spec);
            Map<String, Tensor> source = params(model(arch, gpu, 2), spec);
            List<StatePair> pairs = List.of(new StatePair(target, source));
            MatchOptions o = new MatchOptions(2, 0.0, 5, false);
            long before = gpu.liveBytes();
            List<Round> rounds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                rounds.add(round(() -> WeightMatching.match(spec, pairs, o, gpu)));
            }
            List<String> l = rounds.get(0).launches();
            int members = 0;
            for (PermutationGroup g : spec.groups()) {
                members += spec.members(g.name()).size();
            }
            assertTrue(Collections.frequency(l, "match_cost_f32") >= members,
                    arch + ": every (parameter, axis) member is a match_cost_f32 launch: " + members + " members, " + l);
            assertTrue(l.contains("permute_axes_f32"), arch + ": the other axes are gathered in one launch");
            for (String k : List.of("strided_copy_f32", "sgemm_tiled_f32", "index_select_f32")) {
                assertFalse(l.contains(k), arch + " launched " + k + ": " + l);
            }
            assertEquals(before, rounds.get(0).live(), arch + ": the cost temporaries are released");
            assertRepeats(rounds, arch);
        }
    }
}
