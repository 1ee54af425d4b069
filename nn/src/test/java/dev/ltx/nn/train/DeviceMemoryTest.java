package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.FakeDevice;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.optim.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device memory of training on the CUDA backend over a {@link FakeDevice} (no GPU: kernels do not
 * run, so the numbers are meaningless, but every allocation, release and launch is real). A step
 * that released something still used later fails at once (a closed tensor cannot reach a launch);
 * a step that leaks shows up as memory growing from one step to the next.
 */
class DeviceMemoryTest {
    private static final int STEPS = 6;

    @TempDir
    Path tmp;

    private static TrainConfig config(ModelConfig model, OptimizerSettings optimizer) {
        return TrainConfig.builder(model.kind(), DatasetKind.SYNTHETIC).model(model).optimizer(optimizer)
                .epochs(2).batchSize(16).evalBatchSize(64).schedule(new LrSchedule.Constant(0.01)).seed(3)
                .checkpointEpochs(List.of(-1, 0)).logEvery(0).build();
    }

    private static ModelConfig tinyMlp() {
        return ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.RELU, true);
    }

    private static ModelConfig tinyConv() {
        return ModelConfig.defaults(ModelKind.CONV4).withWidthFactor(0.125);
    }

    /** Device bytes in use after each of {@link #STEPS} steps (index 0: after building model and optimizer). */
    private static List<Long> liveBytesPerStep(CudaBackend gpu, TrainConfig config) {
        Module model = Models.build(config.model(), LayerInit.seeded(gpu, DType.F32, config.seed()));
        Optimizer optimizer = config.optimizer().build(model.parameters(), 0.01);
        model.train();
        Random r = new Random(5);
        List<Long> live = new ArrayList<>();
        live.add(gpu.liveBytes());
        for (int s = 0; s < STEPS; s++) {
            float[] images = new float[16 * 64];
            int[] labels = new int[16];
            for (int i = 0; i < images.length; i++) images[i] = (float) r.nextGaussian();
            for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(4);
            try (Batch b = new Batch(gpu.fromFloats(images, Shape.of(16, 1, 8, 8)), gpu.fromInts(labels, Shape.of(16)))) {
                TrainingStep.run(model, optimizer, b, gpu, 0, s, DivergencePolicy.STOP);
            }
            live.add(gpu.liveBytes());
        }
        return live;
    }

    private static void assertConstantAfterFirstStep(List<Long> live) {
        for (int s = 2; s <= STEPS; s++) {
            assertEquals(live.get(1), live.get(s), "device bytes in use after each step: " + live);
        }
    }

    @Test
    void sgdMlpStepsKeepExactlyTheMomentumBuffers() {
        CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
        List<Long> live = liveBytesPerStep(gpu, config(tinyMlp(), OptimizerSettings.sgd(0.9, 1e-4)));
        assertConstantAfterFirstStep(live);
        // the MLP has only parameters, and SGD keeps one momentum buffer of each one's size
        assertEquals(2 * live.get(0), live.get(1), "parameters plus momentum buffers: " + live);
    }

    @Test
    void adamwMlpStepsKeepExactlyTheTwoMoments() {
        CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
        List<Long> live = liveBytesPerStep(gpu, config(tinyMlp(), OptimizerSettings.adamw(0.01)));
        assertConstantAfterFirstStep(live);
        assertEquals(3 * live.get(0), live.get(1), "parameters plus exp_avg and exp_avg_sq: " + live);
    }

    @Test
    void convNetStepsDoNotGrowDeviceMemory() {
        CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
        List<Long> live = liveBytesPerStep(gpu, config(tinyConv(), OptimizerSettings.sgd(0.9, 0)));
        assertConstantAfterFirstStep(live);
        assertTrue(live.get(1) > live.get(0), "momentum buffers were kept: " + live);
    }

    @Test
    void aWholeRunOnTheDeviceReleasesEverythingAndRecordsTheBackend() throws IOException {
        for (ModelConfig model : List.of(tinyMlp(), tinyConv())) {
            CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Path dir = tmp.resolve(model.kind().cliName());
            try (PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                new Trainer(config(model, OptimizerSettings.sgd(0.9, 0)), gpu, log).run(dir);
            }
            assertEquals(0, gpu.liveBytes(), "model, optimizer state and every temporary are released");
            RunFolder run = RunFolder.open(dir);
            assertTrue(run.isFinished(), bytes.toString(StandardCharsets.UTF_8));
            assertEquals(gpu.name(), run.metadata().orElseThrow().backend());
            assertEquals(List.of(-1, 0, 1), run.checkpointEpochs());
            assertFalse(run.metrics().isEmpty());
        }
    }

    @Test
    void evaluationReleasesEachBatch() throws IOException {
        CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
        TrainConfig config = config(tinyConv(), OptimizerSettings.sgd(0.9, 0));
        TrainingData data = TrainingData.load(config);
        Module model = Models.build(config.model(), LayerInit.seeded(gpu, DType.F32, 1));
        long before = gpu.liveBytes();
        Evaluator.evaluate(model, data.test(), data.normalization(), gpu, 32);
        assertEquals(before, gpu.liveBytes());
    }
}
