package dev.ltx.transfer.experiments;

import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.transfer.FineTuneConfig;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of one MNIST 2-MLP reproduction. {@link #full} is the paper's experiment
 * (reference.md §9, §10, §17): 784-4096-10 without biases, SGD lr 0.01 momentum 0.9, weight decay 0,
 * batch 128, 10 epochs at a constant rate, checkpoints −1 and 9; pairs 101→102, 201→202, 301→302;
 * T = 10 cosine-spaced steps, one gradient batch per step; fine-tuning 3 epochs of SGD lr 0.01
 * momentum 0.9. {@link #quick} shrinks width, epochs and pairs so the whole pipeline runs in a
 * couple of minutes on two cores.
 *
 * @param name            experiment name (report title and summary.json name)
 * @param dataset         MNIST, or SYNTHETIC for tests
 * @param dataDir         dataset folder, null for the default cache
 * @param activation      hidden activation (NONE is the official code's linear MLP)
 * @param width           hidden width
 * @param epochs          source training epochs
 * @param batchSize       training batch size
 * @param pairs           (source seed, target seed) pairs
 * @param steps           transfer steps T (one segment [−1, final], so T = splits)
 * @param gmIters         gradient batches per gradient pair
 * @param finetuneEpochs  epochs of subsequent training from the best step
 * @param transferSeed    seed of every transfer and fine-tuning
 * @param threads         CPU threads (0: the backend default)
 */
public record MnistMlpSetup(String name, DatasetKind dataset, Path dataDir, Activation activation, int width, int epochs,
                            int batchSize, List<MnistMlpSetup.SeedPair> pairs, int steps, int gmIters, int finetuneEpochs,
                            long transferSeed, int threads) {
    /** The methods every pair is transferred with, in report order. */
    public static final List<Method> METHODS = List.of(Method.NAIVE, Method.ORACLE, Method.GMT, Method.FGMT);

    /**
     * A source run's seed and a target run's seed.
     *
     * @param source seed of the source run (its trajectory is transferred)
     * @param target seed of the target run (its init receives the trajectory; its training is the Oracle's)
     */
    public record SeedPair(long source, long target) {
        public SeedPair {
            if (source == target) {
                throw new IllegalArgumentException("a pair is two different seeds, got " + source + " twice");
            }
        }

        /** "101→102". */
        public String label() {
            return source + "→" + target;
        }
    }

    public MnistMlpSetup {
        if (name == null || name.isBlank() || dataset == null || activation == null || pairs == null || pairs.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs a name, a dataset, an activation and at least one pair");
        }
        if (width < 1 || epochs < 1 || batchSize < 1 || steps < 1 || gmIters < 1 || finetuneEpochs < 0 || threads < 0) {
            throw new IllegalArgumentException("invalid experiment sizes: width " + width + ", epochs " + epochs
                    + ", batch " + batchSize + ", steps " + steps + ", gradient batches " + gmIters
                    + ", fine-tune epochs " + finetuneEpochs + ", threads " + threads);
        }
        pairs = List.copyOf(pairs);
    }

    /** The paper's MNIST experiment (reference.md §17). */
    public static MnistMlpSetup full(Activation activation, Path dataDir, int threads) {
        return new MnistMlpSetup("mnist-mlp" + suffix(activation), DatasetKind.MNIST, dataDir, activation, 4096, 10, 128,
                List.of(new SeedPair(101, 102), new SeedPair(201, 202), new SeedPair(301, 302)), 10, 1, 3, 1, threads);
    }

    /**
     * The CI-sized version: width 128, 2 epochs, pairs 101→102 and 201→202, 2 fine-tuning epochs,
     * T = 10 as in the paper (well under a minute on two cores).
     */
    public static MnistMlpSetup quick(Activation activation, Path dataDir, int threads) {
        return new MnistMlpSetup("mnist-mlp-quick" + suffix(activation), DatasetKind.MNIST, dataDir, activation, 128, 2,
                128, List.of(new SeedPair(101, 102), new SeedPair(201, 202)), 10, 1, 2, 1, threads);
    }

    /**
     * A seconds-long smoke version on the synthetic dataset (8×8 images, 4 classes): width 16,
     * 2 epochs of batch 32, pairs 101→102 and 201→202, T = 4, 1 fine-tuning epoch.
     */
    public static MnistMlpSetup synthetic(Activation activation, int threads) {
        return new MnistMlpSetup("synthetic-mlp" + suffix(activation), DatasetKind.SYNTHETIC, null, activation, 16, 2, 32,
                List.of(new SeedPair(101, 102), new SeedPair(201, 202)), 4, 1, 1, 1, threads);
    }

    /** These settings with {@code n} gradient batches per GMT/FGMT gradient pair (the paper's knob; official MNIST: 1). */
    public MnistMlpSetup withGradientBatches(int n) {
        return new MnistMlpSetup(name, dataset, dataDir, activation, width, epochs, batchSize, pairs, steps, n,
                finetuneEpochs, transferSeed, threads);
    }

    private static String suffix(Activation a) {
        return a == Activation.NONE ? "-linear" : "";
    }

    /** Every seed to train, in order (sources and targets of all pairs, without repeats). */
    public List<Long> seeds() {
        List<Long> out = new ArrayList<>();
        for (SeedPair p : pairs) {
            if (!out.contains(p.source())) out.add(p.source());
            if (!out.contains(p.target())) out.add(p.target());
        }
        return out;
    }

    /** The training run of {@code seed}: checkpoints −1 and the final epoch only. */
    public TrainConfig trainConfig(long seed) {
        return TrainConfig.builder(ModelKind.MLP, dataset)
                .model(ModelConfig.defaults(ModelKind.MLP).withMlp(width, activation, false))
                .dataDir(dataDir)
                .epochs(epochs)
                .batchSize(batchSize)
                .optimizer(OptimizerSettings.sgd(0.9, 0.0))
                .schedule(new LrSchedule.Constant(0.01))
                .seed(seed)
                .checkpointEpochs(List.of(-1, epochs - 1))
                .threads(threads)
                .logEvery(0)
                .build();
    }

    /** The transfer of {@code method}: [−1, final], T = {@link #steps} cosine steps, {@link #gmIters} batches. */
    public TransferConfig transferConfig(Method method) {
        return TransferConfig.defaults(method, transferSeed).withSplits(steps).withGradientBatches(gmIters);
    }

    /** Subsequent training from the best step: SGD lr 0.01 momentum 0.9, {@link #finetuneEpochs} epochs. */
    public FineTuneConfig fineTuneConfig() {
        return FineTuneConfig.mnist(transferSeed).withEpochs(finetuneEpochs);
    }

    /** Inputs of the MLP (channels × side × side). */
    public int inputs() {
        ModelConfig m = trainConfig(pairs.get(0).source()).model();
        return m.inChannels() * m.imageSize() * m.imageSize();
    }

    /** Classes of the dataset (chance accuracy is 100 / classes percent). */
    public int classes() {
        return trainConfig(pairs.get(0).source()).model().numClasses();
    }
}
