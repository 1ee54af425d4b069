package dev.ltx.transfer.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.FakeDevice;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.transfer.FineTuneConfig;
import dev.ltx.transfer.FineTuneResult;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.perm.TestModels;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Learning transfer on the CUDA backend over a {@link FakeDevice} (no GPU: kernels do not run, so
 * every value is meaningless, but every allocation, release, launch and download is real; the CPU
 * tests check the values). A transfer that releases something still used later fails where it
 * happens; one that leaks shows up as device memory growing by more than it must from step to
 * step; one that copies the model to the host shows up in the recorded downloads. Covered: FGMT
 * (cached and uncached) on a two-group MLP, GMT on a tiny ResNet with batch norms, fine-tuning.
 */
class DeviceTransferMemoryTest {
    private static final int STEPS = 4;
    /** Sizes of the two hidden layers of the chain model: its two permutation groups. */
    private static final int H1 = 20;
    private static final int H2 = 12;

    private final CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
    private final FakeDevice device = FakeDevice.of(gpu);

    private TransferData data() {
        Dataset train = SyntheticDataset.generate("tiny", 200, 4, 1, 8, 8, 11);
        Dataset val = SyntheticDataset.generate("tiny-val", 60, 4, 1, 8, 8, 12);
        return new TransferData(train, val, val, Normalization.MNIST, Augmentation.identity(), 16, 32);
    }

    private Supplier<Module> chain(long seed) {
        return () -> TestModels.mlpChain(LayerInit.seeded(gpu, DType.F32, seed), 64, H1, H2, 4);
    }

    /** What one FGMT run on the fake device measured. */
    private record Run(TransferResult result, long before, List<Long> livePerStep, List<List<Long>> downloadsPerStep,
                       long after, long parameterBytes, long factorBytes) {
    }

    /**
     * Device bytes of one side's linear-layer gradient factors (per layer: output gradients (N, out)
     * and inputs (N, in) over the one batch of N = 16) as the allocator counts them.
     */
    private long factorBytes() {
        int[] dims = {64, H1, H2, 4};
        long empty = gpu.liveBytes();
        List<Tensor> probe = new ArrayList<>();
        for (int l = 0; l + 1 < dims.length; l++) {
            probe.add(gpu.zeros(dev.ltx.engine.Shape.of(16, dims[l + 1]), DType.F32));
            probe.add(gpu.zeros(dev.ltx.engine.Shape.of(16, dims[l]), DType.F32));
        }
        long bytes = gpu.liveBytes() - empty;
        probe.forEach(Tensor::close);
        return bytes;
    }

    private Run fgmt(boolean cached) {
        Supplier<Module> factory = chain(1);
        Map<String, Tensor> init = ModelState.parameters(factory.get());
        // device bytes of one parameter set as the allocator counts them (size classes)
        long empty = gpu.liveBytes();
        Map<String, Tensor> probe = ParameterMaps.copy(init);
        long parameterBytes = gpu.liveBytes() - empty;
        ParameterMaps.close(probe);
        Rng rng = new Rng(5);
        Map<String, Tensor> step = new LinkedHashMap<>();
        init.forEach((n, t) -> {
            float[] v = new float[t.numel()];
            for (int i = 0; i < v.length; i++) v[i] = (float) (2 * rng.nextDouble() - 1);
            step.put(n, gpu.fromFloats(v, t.shape()));
        });
        SortedMap<Integer, Map<String, Tensor>> checkpoints =
                new TreeMap<>(Map.of(-1, init, 0, ParameterMaps.add(init, step)));
        Trajectory source = Trajectory.linear(checkpoints, List.copyOf(init.keySet()), STEPS, AlphaSchedule.COSINE);
        Map<String, Tensor> targetInit = ModelState.parameters(chain(2).get());
        TransferConfig config = TransferConfig.defaults(Method.FGMT, 3).withSplits(STEPS);

        List<Long> live = new ArrayList<>();
        List<List<Long>> downloads = new ArrayList<>();
        long before = gpu.liveBytes();
        device.clearDownloads();
        TransferResult r = new TransferRunner(factory, source, targetInit, null, data(), gpu, null)
                .cacheMatching(cached)
                .afterStep(t -> {
                    live.add(gpu.liveBytes());
                    downloads.add(device.downloads());
                    device.clearDownloads();
                })
                .run(config);
        return new Run(r, before, live, downloads, gpu.liveBytes(), parameterBytes, factorBytes());
    }

    /**
     * How many parameter sets the runner holds after each step t (index t − 1): one when step t is
     * the best so far (current = best), two otherwise. The accuracies are meaningless numbers read
     * from recycled device memory, but they are what the runner compared.
     */
    private static int[] setsHeld(TransferResult r) {
        int[] sets = new int[r.steps().size()];
        double best = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < sets.length; t++) {
            double acc = r.steps().get(t).validationAccuracy();
            sets[t] = acc > best ? 1 : 2;
            best = Math.max(best, acc);
        }
        return sets;
    }

    @Test
    void fgmtStepsGrowDeviceMemoryOnlyByTheKeptGradientPair() {
        // the cached sums: one n×n matrix per group, both groups having members that depend on no
        // other group (1600 and 576 bytes, in the allocator's 2048- and 1024-byte classes)
        long sums = 2048 + 1024;
        for (boolean cached : new boolean[] {true, false}) {
            Run run = fgmt(cached);
            String label = "cached " + cached + ": ";
            List<Long> live = run.livePerStep();
            assertEquals(STEPS, live.size(), "one measurement per step");
            long p = run.parameterBytes();
            long f = run.factorBytes();
            int[] sets = setsHeld(run.result());
            // step 1: two scratch models, the first gradient pair (two sets and their factors), θ²_1, the cached sums
            assertEquals(2 * p + 2 * p + 2 * f + p + (cached ? sums : 0), live.get(0) - run.before(),
                    label + "after step 1: " + live + ", one parameter set " + p + ", one side's factors " + f);
            for (int t = 1; t < STEPS; t++) {
                assertEquals(2 * p + 2 * f + (sets[t] - sets[t - 1]) * p, live.get(t) - live.get(t - 1),
                        label + "step " + (t + 1) + " keeps one more gradient pair, and best/current as they are: "
                                + live + ", one parameter set " + p);
            }
            // the run's scope leaves only the result's parameter sets
            assertEquals(sets[STEPS - 1] * p, run.after() - run.before(),
                    label + "after the run only the best and final parameters remain");
        }
    }

    @Test
    void fgmtDownloadsOnlyCostMatricesAndScalars() {
        Run run = fgmt(true);
        Set<Long> costMatrices = Set.of((long) H1 * H1 * 4, (long) H2 * H2 * 4);
        int matrices = 0;
        for (int t = 0; t < STEPS; t++) {
            for (long bytes : run.downloadsPerStep().get(t)) {
                if (costMatrices.contains(bytes)) {
                    matrices++;
                } else {
                    assertTrue(bytes <= 8, "step " + (t + 1) + " downloaded " + bytes
                            + " bytes, neither a scalar nor an n×n cost matrix; all: " + run.downloadsPerStep().get(t));
                }
            }
        }
        assertTrue(matrices >= 2 * STEPS, "each step's matching reads both groups' cost matrices: " + matrices);
    }

    /** GMT on a tiny ResNet (batch norms: BN warm-up in every gradient pair, re-estimation every step). */
    @Test
    void gmtWithBatchNormsHoldsNothingButCurrentAndBestBetweenSteps() {
        TestModels.Arch arch = TestModels.all().stream().filter(a -> a.name().equals("resnet18-32")).findFirst()
                .orElseThrow();
        Supplier<Module> factory = () -> arch.build(gpu, DType.F32, 1);
        Map<String, Tensor> init = ModelState.parameters(factory.get());
        long empty = gpu.liveBytes();
        Map<String, Tensor> probe = ParameterMaps.copy(init);
        long p = gpu.liveBytes() - empty;
        ParameterMaps.close(probe);
        Map<String, Tensor> end = ParameterMaps.add(init, init);
        Trajectory source = Trajectory.linear(new TreeMap<>(Map.of(-1, init, 0, end)), List.copyOf(init.keySet()),
                3, AlphaSchedule.UNIFORM);
        Map<String, Tensor> targetInit = ModelState.parameters(arch.build(gpu, DType.F32, 2));
        Dataset train = SyntheticDataset.generate("tiny", 64, 3, 2, 8, 8, 11);
        Dataset val = SyntheticDataset.generate("tiny-val", 24, 3, 2, 8, 8, 12);
        TransferData data = new TransferData(train, val, val, Normalization.unitScale(2), Augmentation.identity(), 8, 16);
        TransferConfig config = TransferConfig.defaults(Method.GMT, 4).withSplits(3).withBatchNormBatches(2, 8);

        List<Long> live = new ArrayList<>();
        long before = gpu.liveBytes();
        TransferResult r = new TransferRunner(factory, source, targetInit, null, data, gpu, null)
                .afterStep(t -> live.add(gpu.liveBytes())).run(config);
        int[] sets = setsHeld(r);
        assertEquals(6, r.gradientPairs(), "GMT recomputes 1 + 2 + 3 pairs");
        for (int t = 1; t < sets.length; t++) {
            assertEquals((sets[t] - sets[t - 1]) * p, live.get(t) - live.get(t - 1),
                    "step " + (t + 1) + ": GMT's pairs die with their step: " + live + ", one parameter set " + p);
        }
        assertEquals(sets[sets.length - 1] * p, gpu.liveBytes() - before,
                "after the run only the best and final parameters remain");
    }

    /** Fine-tuning: the same memory at every epoch's end, and only the result's parameters afterwards. */
    @Test
    void fineTuningKeepsOnlyTheOptimizerStateBetweenStepsAndReleasesItAtTheEnd() {
        Module model = chain(1).get();
        long empty = gpu.liveBytes();
        Map<String, Tensor> probe = ModelState.parameters(model);
        long p = gpu.liveBytes() - empty;
        ParameterMaps.close(probe);
        List<Long> atEpochEnd = new ArrayList<>();
        PrintStream log = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public PrintStream printf(String format, Object... args) {
                atEpochEnd.add(gpu.liveBytes());
                return this;
            }
        };
        long before = gpu.liveBytes();
        FineTuneResult r = FineTuner.train(model, 0, FineTuneConfig.mnist(3), data(), gpu, log);
        assertEquals(3, atEpochEnd.size());
        // model, and SGD's momentum buffers: one parameter set
        assertEquals(before + p, atEpochEnd.get(0), "momentum buffers only: " + atEpochEnd);
        assertEquals(atEpochEnd.get(0), atEpochEnd.get(1), "epoch 2: " + atEpochEnd);
        assertEquals(atEpochEnd.get(0), atEpochEnd.get(2), "epoch 3: " + atEpochEnd);
        assertEquals(before + p, gpu.liveBytes(), "the result's parameters only (momentum released)");
        ParameterMaps.close(r.parameters());
        assertEquals(before, gpu.liveBytes());
    }

    @Test
    void aRunReleasesEverythingOnceItsResultIsClosed() {
        Run run = fgmt(true);
        ParameterMaps.close(run.result().bestParameters());
        ParameterMaps.close(run.result().finalParameters());
        assertEquals(run.before(), gpu.liveBytes(), "scratch models, pairs and cached sums are released");
    }
}
