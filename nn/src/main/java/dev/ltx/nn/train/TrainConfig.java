package dev.ltx.nn.train;

import dev.ltx.nn.data.AugmentationPipeline;
import dev.ltx.nn.data.TrainValSplit;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Everything that determines a training run. Two runs with equal configs on the same backend
 * produce byte-identical checkpoints: {@code seed} fixes the model's initialization (through the
 * model's {@link dev.ltx.nn.LayerInit} generator), the per-epoch shuffling and the per-sample
 * augmentation; {@code splitSeed} fixes the 9:1 train/validation split.
 *
 * <p>The compact constructor fits {@code model} to the dataset: input channels, image size and
 * class count come from {@link TrainingData#inputShape}, so {@link #model()} is always the model
 * that is actually built (CNNs get 28×28 data zero-padded to 32×32).
 *
 * @param model            the model (its input shape and classes are overwritten from the dataset)
 * @param dataset          the dataset
 * @param dataDir          where the dataset's files are; null for its default location
 * @param classSubset      CIFAR-100 only: 1..5 selects the paper's 10-class split, 0 keeps all 100 classes
 * @param augmentation     the training augmentation (evaluation never augments)
 * @param splitSeed        seed of the train/validation split (the paper: 777)
 * @param epochs           number of epochs (&ge; 1)
 * @param batchSize        training batch size (the paper: 128)
 * @param evalBatchSize    validation/test batch size (the paper: 512)
 * @param optimizer        the optimizer, without its learning rate
 * @param schedule         the learning rate per epoch (or step); must be defined for every epoch
 * @param seed             model init, shuffling and augmentation seed
 * @param checkpointEpochs epochs after which the model is saved, sorted and distinct, in
 *                         {@code [-1, epochs)}; -1 is the initial model; the final epoch is
 *                         always saved as well
 * @param threads          CPU threads (0: the backend's default)
 * @param logEvery         a progress line every this many steps (0: only per epoch)
 * @param maxTrainExamples train on the first this many examples of the (randomly ordered) training
 *                         split, 0 for all of it (the official code's {@code max_train_dataset_size});
 *                         validation and test sets are not reduced by it
 * @param maxEvalExamples  evaluate on the first this many examples of the validation split and of the
 *                         test set, 0 for all of them (smoke and CI-sized runs only: smaller sets
 *                         give coarser accuracies)
 * @param pretrained       start from a pre-trained checkpoint with a fresh head instead of the
 *                         seed's random init (the pre-trained scenario), or null
 */
public record TrainConfig(ModelConfig model, DatasetKind dataset, Path dataDir, int classSubset,
                          AugmentationPipeline augmentation, long splitSeed, int epochs, int batchSize,
                          int evalBatchSize, OptimizerSettings optimizer, LrSchedule schedule, long seed,
                          List<Integer> checkpointEpochs, int threads, int logEvery, int maxTrainExamples,
                          int maxEvalExamples, PretrainedStart pretrained) {
    /** Largest number of epochs accepted. */
    public static final int MAX_EPOCHS = 1_000_000;
    /** Largest training or evaluation batch accepted (larger ones overflow tensor sizes of big images). */
    public static final int MAX_BATCH = 1 << 16;


    public TrainConfig {
        if (model == null || dataset == null || augmentation == null || optimizer == null || schedule == null
                || checkpointEpochs == null) {
            throw new IllegalArgumentException("model, dataset, augmentation, optimizer, schedule and checkpoint epochs"
                    + " must not be null");
        }
        if (classSubset != 0 && dataset != DatasetKind.CIFAR100) {
            throw new IllegalArgumentException("a class subset applies to cifar100 only, got subset " + classSubset
                    + " for " + dataset.cliName());
        }
        if (classSubset < 0 || classSubset > 5) {
            throw new IllegalArgumentException("CIFAR-100 class subset must be 0 (all classes) or a split 1..5, got "
                    + classSubset);
        }
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new IllegalArgumentException("epochs must be >= 1 and <= " + MAX_EPOCHS + ", got " + epochs);
        }
        if (batchSize < 1 || evalBatchSize < 1 || batchSize > MAX_BATCH || evalBatchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batch sizes must be >= 1 and <= " + MAX_BATCH + ", got " + batchSize
                    + " and " + evalBatchSize);
        }
        if (maxTrainExamples < 0 || maxEvalExamples < 0) {
            throw new IllegalArgumentException("max training and evaluation examples must be >= 0 (0: all), got "
                    + maxTrainExamples + " and " + maxEvalExamples);
        }
        if (threads < 0 || logEvery < 0) {
            throw new IllegalArgumentException("threads and log interval must be >= 0, got " + threads + " and "
                    + logEvery);
        }
        checkpointEpochs = checkedCheckpoints(checkpointEpochs, epochs);
        for (int e = 0; e < epochs; e++) {
            double lr = schedule.lr(e, 0);
            if (!(lr >= 0) || Double.isInfinite(lr)) {
                throw new IllegalArgumentException("schedule " + schedule.spec() + " gives learning rate " + lr
                        + " at epoch " + e);
            }
        }
        int[] in = TrainingData.inputShape(dataset, classSubset, model.kind());
        model = model.withInput(in[0], in[1]).withNumClasses(in[2]);
        if (dataDir != null) {
            dataDir = dataDir.toAbsolutePath().normalize();
        }
    }

    private static List<Integer> checkedCheckpoints(List<Integer> epochsList, int epochs) {
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer e : epochsList) {
            if (e == null || e < -1 || e >= epochs) {
                throw new IllegalArgumentException("checkpoint epoch " + e + " is outside [-1, " + (epochs - 1)
                        + "] for a " + epochs + "-epoch run");
            }
            sorted.add(e);
        }
        return List.copyOf(sorted);
    }

    /** The epochs whose checkpoints the run writes: the requested ones plus the final epoch. */
    public List<Integer> savedEpochs() {
        TreeSet<Integer> s = new TreeSet<>(checkpointEpochs);
        s.add(epochs - 1);
        return List.copyOf(s);
    }

    /** Every epoch from -1 (initial) to {@code epochs - 1}, the official {@code range(-1, E)}. */
    public static List<Integer> allEpochs(int epochs) {
        List<Integer> out = new ArrayList<>();
        for (int e = -1; e < epochs; e++) {
            out.add(e);
        }
        return out;
    }

    /** A builder with the paper's defaults for {@code kind} on {@code dataset}. */
    public static Builder builder(ModelKind kind, DatasetKind dataset) {
        return new Builder(kind, dataset);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder(model.kind(), dataset);
        b.model = model;
        b.dataDir = dataDir;
        b.classSubset = classSubset;
        b.augmentation = augmentation;
        b.splitSeed = splitSeed;
        b.epochs = epochs;
        b.batchSize = batchSize;
        b.evalBatchSize = evalBatchSize;
        b.optimizer = optimizer;
        b.schedule = schedule;
        b.seed = seed;
        b.checkpointEpochs = checkpointEpochs;
        b.threads = threads;
        b.logEvery = logEvery;
        b.maxTrainExamples = maxTrainExamples;
        b.maxEvalExamples = maxEvalExamples;
        b.pretrained = pretrained;
        return b;
    }

    /**
     * Optional settings of a {@link TrainConfig}. Defaults: the model kind's paper config, the
     * dataset's default augmentation (CIFAR-100: split 1), split seed 777, 10 epochs, batch 128,
     * evaluation batch 512, SGD momentum 0.9 without weight decay, constant learning rate 0.01,
     * seed 0, checkpoints at every epoch from -1 (unless set), default threads, a progress line
     * every 100 steps.
     */
    public static final class Builder {
        private ModelConfig model;
        private final DatasetKind dataset;
        private Path dataDir;
        private int classSubset;
        private AugmentationPipeline augmentation;
        private long splitSeed = TrainValSplit.DEFAULT_SEED;
        private int epochs = 10;
        private int batchSize = 128;
        private int evalBatchSize = 512;
        private OptimizerSettings optimizer = OptimizerSettings.sgd(0.9, 0.0);
        private LrSchedule schedule = new LrSchedule.Constant(0.01);
        private long seed;
        private List<Integer> checkpointEpochs;
        private int threads;
        private int logEvery = 100;
        private int maxTrainExamples;
        private int maxEvalExamples;
        private PretrainedStart pretrained;

        private Builder(ModelKind kind, DatasetKind dataset) {
            this.model = ModelConfig.defaults(kind);
            this.dataset = dataset;
            this.augmentation = dataset.defaultAugmentation();
            this.classSubset = dataset == DatasetKind.CIFAR100 ? 1 : 0;
        }

        public Builder model(ModelConfig value) {
            this.model = value;
            return this;
        }

        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        public Builder classSubset(int value) {
            this.classSubset = value;
            return this;
        }

        public Builder augmentation(AugmentationPipeline value) {
            this.augmentation = value;
            return this;
        }

        public Builder splitSeed(long value) {
            this.splitSeed = value;
            return this;
        }

        public Builder epochs(int value) {
            this.epochs = value;
            return this;
        }

        public Builder batchSize(int value) {
            this.batchSize = value;
            return this;
        }

        public Builder evalBatchSize(int value) {
            this.evalBatchSize = value;
            return this;
        }

        public Builder optimizer(OptimizerSettings value) {
            this.optimizer = value;
            return this;
        }

        public Builder schedule(LrSchedule value) {
            this.schedule = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Checkpoint epochs; when never set, every epoch from -1 to the last. */
        public Builder checkpointEpochs(List<Integer> value) {
            this.checkpointEpochs = value;
            return this;
        }

        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        public Builder logEvery(int value) {
            this.logEvery = value;
            return this;
        }

        /** Trains on the first {@code value} examples of the training split (0: all). */
        public Builder maxTrainExamples(int value) {
            this.maxTrainExamples = value;
            return this;
        }

        /** Evaluates on the first {@code value} examples of the validation split and the test set (0: all). */
        public Builder maxEvalExamples(int value) {
            this.maxEvalExamples = value;
            return this;
        }

        /** Starts from a pre-trained checkpoint with a fresh head (null: the seed's random init). */
        public Builder pretrained(PretrainedStart value) {
            this.pretrained = value;
            return this;
        }

        /** The validated config. */
        public TrainConfig build() {
            List<Integer> ckpt = checkpointEpochs != null ? checkpointEpochs : allEpochs(epochs);
            return new TrainConfig(model, dataset, dataDir, classSubset, augmentation, splitSeed, epochs, batchSize,
                    evalBatchSize, optimizer, schedule, seed, ckpt, threads, logEvery, maxTrainExamples,
                    maxEvalExamples, pretrained);
        }
    }
}
