package dev.ltx.transfer.method;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Augmentation;
import dev.ltx.nn.data.Dataset;
import dev.ltx.nn.data.Normalization;
import dev.ltx.nn.data.SyntheticDataset;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.Mlp;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import dev.ltx.transfer.TransferData;
import dev.ltx.transfer.TransferResult;
import dev.ltx.transfer.trajectory.AlphaSchedule;
import dev.ltx.transfer.trajectory.ParameterMaps;
import dev.ltx.transfer.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The source side of every gradient pair is computed once per pass, whatever the number of targets. */
class SourceGradientSharingTest {
    private final Backend b = new CpuBackend(CpuBackend.Mode.FAST, 1);

    @Test
    void sourceGradientsAreComputedOncePerPointAndSeed() {
        Dataset train = SyntheticDataset.generate("tiny", 200, 4, 1, 8, 8, 11);
        Dataset val = SyntheticDataset.generate("tiny-val", 60, 4, 1, 8, 8, 12);
        TransferData data = new TransferData(train, val, val, Normalization.MNIST, Augmentation.identity(), 32, 256);
        Supplier<Module> factory = () -> new Mlp(LayerInit.seeded(b, DType.F32, 1), 64, 12, 4, Activation.RELU, false);
        Map<String, Tensor> init = ModelState.parameters(factory.get());
        Map<String, Tensor> end = ParameterMaps.add(init, init);
        Trajectory source = Trajectory.linear(new TreeMap<>(Map.of(-1, init, 0, end)), List.copyOf(init.keySet()), 4,
                AlphaSchedule.COSINE);
        List<TransferTarget> targets = new ArrayList<>();
        for (long seed = 2; seed <= 4; seed++) {
            long s = seed;
            targets.add(new TransferTarget(ModelState.parameters(
                    new Mlp(LayerInit.seeded(b, DType.F32, s), 64, 12, 4, Activation.RELU, false)), null));
        }
        for (Method m : List.of(Method.FGMT, Method.GMT)) {
            TransferRunner runner = new TransferRunner(factory, source, targets, data, b, null);
            List<TransferResult> results = runner.runAll(TransferConfig.defaults(m, 3).withSplits(4));
            long pairsPerTarget = m == Method.FGMT ? 4 : 4 * 5 / 2;
            for (TransferResult r : results) {
                assertEquals(pairsPerTarget, r.gradientPairs(), m + ": pairs per target");
            }
            assertEquals(pairsPerTarget, runner.sourceGradientsComputed(), m + ": source sides computed");
            assertEquals(2 * pairsPerTarget, runner.sourceGradientsReused(), m + ": source sides reused");
        }
    }
}
