package dev.ltx.bench;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Init;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cpu.CpuBackend;
import dev.ltx.engine.cpu.gemm.SgemmWarmup;
import dev.ltx.nn.LayerInit;
import dev.ltx.nn.Module;
import dev.ltx.nn.data.Batch;
import dev.ltx.nn.data.DataLoader;
import dev.ltx.nn.metrics.Losses;
import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.models.Models;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.DivergencePolicy;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.nn.train.TrainingData;
import dev.ltx.nn.train.TrainingStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Side-by-side timings with the same protocol as the PyTorch peer scripts in
 * {@code shared/peers/} ({@code bench_mlp.py}, {@code bench_cnn.py}), so ratios can be taken from
 * one run on one machine. Not a JMH benchmark: these are whole training epochs and steps.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.ltx.bench.SideBySide mlp [widths] [threads] [epochs]
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.ltx.bench.SideBySide cnn [threads] [repeats]
 * </pre>
 *
 * <p>MLP: 784-H-10 with biases and ReLU, SGD lr 0.01, momentum 0.9, weight decay 5e-4, batch 128,
 * MNIST 54,000 training images (the ltx loader, prefetching on a background thread); reports
 * the median of the epochs after the first (steady state) and the first epoch apart (cold: it
 * includes the JIT's warm-up), and median forward+backward(+step) milliseconds of one batch.
 * Every step is the one {@code ltx train} runs ({@link TrainingStep#run}: a memory scope that recycles
 * the step's arrays, the loss read back, a finite check of the gradients), and the other timed
 * calls run in memory scopes too. Without them every op allocated a fresh array for the collector:
 * the 1-thread MLP epochs (H = 1024) read 3.8–4.5, 1.5 and 2.5 s, and Conv8's 1-thread
 * forward+backward 2.8 s, against 1.35–1.54 s per epoch and 1.1 s with them.
 * CNN: Conv8 on 1×32×32, batch 128, 10 classes; reports median forward+backward,
 * forward+backward+SGD step and forward-only milliseconds.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "mlp";
        // As every ltx command does (it runs while they load data): the GEMM kernels compile before the
        // first measured step. Without it the 1-thread MLP step time read 23.7 ms of interpretation (6.3 ms
        // with it).
        if (Boolean.parseBoolean(System.getProperty("ltx.warmup", "true"))) SgemmWarmup.run();
        switch (what) {
            case "mlp" -> mlp(ints(args, 1, "64,512,1024"), ints(args, 2, "1,2"), args.length > 3 ? Integer.parseInt(args[3]) : 3);
            case "cnn" -> cnn(ints(args, 1, "1,2"), args.length > 2 ? Integer.parseInt(args[2]) : 5);
            default -> throw new IllegalArgumentException("usage: SideBySide mlp|cnn ...");
        }
    }

    private static int[] ints(String[] args, int i, String dflt) {
        return Arrays.stream((args.length > i ? args[i] : dflt).split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static void mlp(int[] widths, int[] threads, int epochs) throws Exception {
        TrainingData data = TrainingData.load(TrainConfig.builder(ModelKind.MLP, DatasetKind.MNIST).build());
        for (int t : threads) {
            try (CpuBackend cpu = new CpuBackend(CpuBackend.Mode.FAST, t)) {
                for (int width : widths) {
                    Module model = Models.build(ModelConfig.defaults(ModelKind.MLP).withMlp(width, Activation.RELU, true),
                            LayerInit.seeded(cpu, DType.F32, 1));
                    Sgd opt = new Sgd(model.parameters(), SgdConfig.of(0.01).withMomentum(0.9).withWeightDecay(5e-4));
                    int[] all = new int[data.train().size()];
                    for (int i = 0; i < all.length; i++) all[i] = i;
                    double[] step = stepTimes(model, opt, cpu, Shape.of(128, 1, 28, 28), 10, 7);
                    List<Double> epochTimes = new ArrayList<>();
                    try (Backend.Scope run = cpu.openScope(); // as Trainer does: each step recycles its arrays
                         DataLoader loader = DataLoader.training(data.train(), all, cpu, data.normalization(), dev.ltx.nn.data.Augmentation.identity(), 2)) {
                        long stepNo = 0;
                        for (int e = 0; e < epochs; e++) {
                            long t0 = System.nanoTime();
                            try (DataLoader.Epoch it = loader.epoch(e)) {
                                while (it.hasNext()) {
                                    try (Batch b = it.next()) {
                                        TrainingStep.run(model, opt, b, cpu, e, stepNo++, DivergencePolicy.STOP);
                                    }
                                }
                            }
                            epochTimes.add((System.nanoTime() - t0) / 1e9);
                        }
                    }
                    // The first epoch of each width is reported apart: it includes the JIT's warm-up
                    // for that width's shapes; "steady" is the median of the epochs after it.
                    double steady = median(epochTimes.subList(Math.min(1, epochTimes.size() - 1), epochTimes.size()));
                    System.out.printf(Locale.ROOT, "ltx mlp threads=%d H=%d epoch_s steady median %.3f first %.3f all %s"
                                    + " | fwd+bwd ms %.3f | +step ms %.3f | fwd ms %.3f%n",
                            t, width, steady, epochTimes.get(0), epochTimes, step[0], step[1], step[2]);
                }
            }
        }
    }

    private static void cnn(int[] threads, int repeats) {
        for (int t : threads) {
            try (CpuBackend cpu = new CpuBackend(CpuBackend.Mode.FAST, t)) {
                Module model = Models.build(ModelConfig.defaults(ModelKind.CONV8).withInput(1, 32),
                        LayerInit.seeded(cpu, DType.F32, 1));
                Sgd opt = new Sgd(model.parameters(), SgdConfig.of(0.01).withMomentum(0.9));
                double[] step = stepTimes(model, opt, cpu, Shape.of(128, 1, 32, 32), 2, repeats);
                System.out.printf(Locale.ROOT, "ltx conv8 threads=%d batch=128 fwd+bwd ms %.1f | +step ms %.1f | fwd ms %.1f | train img/s %.0f%n",
                        t, step[0], step[1], step[2], 128 / (step[1] / 1e3));
            }
        }
    }

    /** Median milliseconds of forward+backward, forward+backward+step, and no-grad forward on one random batch. */
    private static double[] stepTimes(Module model, Sgd opt, CpuBackend cpu, Shape input, int warmup, int reps) {
        Rng rng = new Rng(3);
        Tensor x = Init.normal(cpu, input, DType.F32, 0, 1, rng);
        int[] labels = new int[input.dim(0)];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(10);
        Tensor y = cpu.fromInts(labels, Shape.of(labels.length));
        Batch batch = new Batch(x, y);
        model.train();
        // each in its own memory scope, as the training step is (its arrays recycled, not left to the GC)
        Runnable fb = () -> {
            try (Backend.Scope scope = cpu.openScope()) {
                Losses.crossEntropy(model.forward(Var.constant(x)), y).backward();
                opt.zeroGrad(); // drops the gradients before the scope releases them
            }
        };
        Runnable fbs = () -> TrainingStep.run(model, opt, batch, cpu, 0, 0, DivergencePolicy.STOP);
        Runnable fwd = () -> {
            try (Backend.Scope scope = cpu.openScope(); dev.ltx.autograd.NoGrad ng = dev.ltx.autograd.NoGrad.enter()) {
                model.forward(Var.constant(x));
            }
        };
        double[] out = new double[3];
        Runnable[] fns = {fb, fbs, fwd};
        for (int f = 0; f < 3; f++) {
            for (int i = 0; i < warmup; i++) fns[f].run();
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                fns[f].run();
                ms.add((System.nanoTime() - t0) / 1e6);
            }
            out[f] = median(ms);
        }
        return out;
    }

    private static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
