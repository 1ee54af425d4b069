package dev.ltx.bench.cuda;

import dev.ltx.autograd.Var;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.engine.cuda.DeviceScope;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import java.io.PrintStream;

/**
 * Training throughput (images/s) of Conv8 and ResNet-18 (32-px stem) on CIFAR-shaped random
 * batches: forward, mean cross-entropy, backward, SGD step with momentum. The first step runs
 * outside any device scope, so that the state that lives across steps (gradients' first owners
 * aside, the momentum buffers) is not released; each timed step then runs in its own
 * {@link DeviceScope}, which releases the step's activations and gradients.
 */
final class TrainThroughput {
    private TrainThroughput() {
    }

    static boolean run(CudaBackend gpu, int batch, int steps, PrintStream out) {
        boolean ok = true;
        for (ModelKind kind : new ModelKind[] {ModelKind.CONV8, ModelKind.RESNET18_32}) {
            try {
                double ips = imagesPerSecond(gpu, kind, batch, steps, out);
                out.printf("train %-12s batch %d: %.0f images/s%n", kind.name().toLowerCase(java.util.Locale.ROOT), batch, ips);
            } catch (RuntimeException e) {
                out.println("train " + kind + ": not supported end to end on CUDA: " + e);
                ok = false;
            }
        }
        return ok;
    }

    private static double imagesPerSecond(CudaBackend gpu, ModelKind kind, int batch, int steps, PrintStream out) {
        ModelConfig cfg = ModelConfig.defaults(kind);
        Module model = Models.build(cfg, LayerInit.seeded(gpu, DType.F32, 7)).train();
        Sgd opt = new Sgd(model.parameters(), new SgdConfig(0.01, 0.9, 0.0, 5e-4, false));
        Rng rng = new Rng(11);
        int side = 32;
        float[] images = new float[batch * 3 * side * side];
        for (int i = 0; i < images.length; i++) images[i] = (float) rng.nextGaussian();
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) labels[i] = rng.nextInt(10);
        Tensor x = gpu.fromFloats(images, Shape.of(batch, 3, side, side));
        Tensor y = gpu.fromLongs(labels, Shape.of(batch));
        double first = step(model, opt, x, y);      // allocates the state that outlives a step
        gpu.synchronize();
        long start = System.nanoTime();
        double last = Double.NaN;
        for (int s = 0; s < steps; s++) {
            try (DeviceScope scope = gpu.openScope()) {
                last = step(model, opt, x, y);
            }
        }
        gpu.synchronize();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("  %s: loss %.4f after the first step, %.4f after %d more (same batch: should fall)%n",
                kind, first, last, steps);
        if (!Double.isFinite(last)) throw new IllegalStateException("loss became " + last);
        return batch * steps / seconds;
    }

    private static double step(Module model, Sgd opt, Tensor x, Tensor y) {
        Var loss = Losses.crossEntropy(model.forward(Var.constant(x)), y);
        double value = loss.item();
        loss.backward();
        opt.step();
        opt.zeroGrad();
        return value;
    }
}
