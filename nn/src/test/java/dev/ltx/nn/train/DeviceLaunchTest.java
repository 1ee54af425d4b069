package dev.ltx.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The launches and device memory of training steps on the CUDA backend over a {@link FakeDevice}
 * (kernels do not run; what is checked is what the host asks of the device). After the first step,
 * which allocates the optimizer state, every step must launch exactly the same kernels in the same
 * order, update all parameters with ONE fused optimizer launch (no per-parameter or per-op
 * optimizer kernels), and neither hold more memory nor ask the driver for any new allocation (the
 * caching allocator serves every temporary).
 */
class DeviceLaunchTest {
    private static final int STEPS = 5;

    /** What each step launched and the memory after it. */
    private record Steps(List<List<String>> launches, List<Long> live, List<Long> allocated, List<Integer> mallocs) {
    }

    private static Steps run(ModelConfig modelConfig, boolean adamw) {
        CudaBackend gpu = FakeDevice.backend(Long.MAX_VALUE);
        FakeDevice device = FakeDevice.of(gpu);
        // the synthetic dataset's geometry (1×8×8 images, 4 classes), as DeviceMemoryTest sets it up
        TrainConfig config = TrainConfig.builder(modelConfig.kind(), DatasetKind.SYNTHETIC).model(modelConfig)
                .schedule(new LrSchedule.Constant(0.01)).build();
        Module model = Models.build(config.model(), LayerInit.seeded(gpu, DType.F32, 3));
        Optimizer optimizer = adamw ? OptimizerSettings.adamw(0.01).build(model.parameters(), 0.01)
                : OptimizerSettings.sgd(0.9, 5e-4).build(model.parameters(), 0.01);
        model.train();
        Random r = new Random(5);
        Steps s = new Steps(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int step = 0; step < STEPS; step++) {
            float[] images = new float[16 * 64];
            int[] labels = new int[16];
            for (int i = 0; i < images.length; i++) images[i] = (float) r.nextGaussian();
            for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(4);
            device.clearLaunches();
            try (Batch b = new Batch(gpu.fromFloats(images, Shape.of(16, 1, 8, 8)), gpu.fromInts(labels, Shape.of(16)))) {
                TrainingStep.run(model, optimizer, b, gpu, 0, step, DivergencePolicy.STOP);
            }
            s.launches().add(device.launchedKernels());
            s.live().add(gpu.liveBytes());
            s.allocated().add(device.allocatedBytes());
            s.mallocs().add(device.driverAllocations());
        }
        return s;
    }

    private static void check(Steps s, String fused, List<String> unfused) {
        for (int step = 0; step < STEPS; step++) {
            List<String> l = s.launches().get(step);
            assertEquals(1, Collections.frequency(l, fused), "step " + (step + 1) + " updates every parameter in one "
                    + fused + " launch: " + l);
            for (String k : unfused) {
                assertFalse(l.contains(k), "step " + (step + 1) + " launched " + k + ": " + l);
            }
        }
        for (int step = 2; step < STEPS; step++) {
            assertEquals(s.launches().get(1), s.launches().get(step), "step " + (step + 1) + " launches as step 2 did");
            assertEquals(s.live().get(1), s.live().get(step), "live device bytes per step: " + s.live());
            assertEquals(s.allocated().get(1), s.allocated().get(step), "driver bytes per step: " + s.allocated());
            assertEquals(s.mallocs().get(1), s.mallocs().get(step), "driver allocations so far: " + s.mallocs());
        }
    }

    @Test
    void sgdStepsOfAnMlpLaunchTheSameKernelsAndOneGroupUpdate() {
        Steps s = run(ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.RELU, true), false);
        check(s, "sgd_group_f32", List.of("sgd_f32", "axpby_f32"));
        // an MLP step: forward, backward and the update; nothing per parameter beyond the gradients
        assertEquals(s.launches().get(0).size(), s.launches().get(1).size(), "the first step differs only in "
                + "allocating the momentum buffers, which launches nothing: " + s.launches().get(0));
    }

    @Test
    void sgdStepsOfAConvNetWithBatchNormLaunchTheSameKernels() {
        check(run(ModelConfig.defaults(ModelKind.CONV4).withWidthFactor(0.125), false), "sgd_group_f32",
                List.of("sgd_f32"));
    }

    @Test
    void adamwStepsLaunchTheSameKernelsAndOneGroupUpdate() {
        check(run(ModelConfig.defaults(ModelKind.MLP).withMlp(16, Activation.RELU, true), true), "adamw_group_f32",
                List.of("adamw_f32", "axpby_f32", "sqrt_f32", "div_f32"));
    }
}
