package dev.ltx.transfer.experiments;

import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.PretrainedStart;
import dev.ltx.nn.train.TrainConfig;
import dev.ltx.transfer.FineTuneConfig;
import dev.ltx.transfer.Method;
import dev.ltx.transfer.TransferConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One reproduction as data (design.md "Experiments as data"): what to train, which pairs to
 * transfer with which methods and settings, how to fine-tune, what to report and which of the
 * paper's claims to check. {@link ExperimentRunner} runs any definition and
 * {@link ExperimentReport} writes its report; {@link ExperimentRegistry} names the paper's.
 * Build one with {@link #builder}.
 *
 * @param name           experiment name (report title, default output folder)
 * @param paperFigure    what it reproduces, e.g. "Figure 5a, Figure 6" (free text for the list)
 * @param scenario       random init, or pre-trained (then {@code pretraining} is set)
 * @param model          the model (input shape and classes are fitted to the dataset)
 * @param dataset        the dataset
 * @param dataDir        dataset folder, null for the dataset's default location
 * @param classSubset    CIFAR-100 class split (0 for every other dataset)
 * @param trainExamples  train (and fine-tune, and draw gradient batches) on the first this many
 *                       examples of the seeded training split; 0 for all of it. Validation and test
 *                       sets are never reduced by it
 * @param evalExamples   evaluate on the first this many examples of the validation split and of
 *                       the test set, 0 for all (quick sizes only: coarser accuracies)
 * @param training       how source and target runs are trained
 * @param pairs          (source seed, target seed) pairs
 * @param transferSeeds  transfer seeds per pair: seeds 1..N (each seeds the transfer's batches and
 *                       the fine-tuning)
 * @param methods        methods every pair is transferred with, in report order
 * @param transfer       transfer settings shared by the methods
 * @param fineTune       subsequent training from the best step
 * @param analyses       figures and tables beside the summary
 * @param claims         the paper's claims to check, in report order
 * @param threads        CPU threads (0: the backend default)
 * @param notes          deviations from the paper and known findings, printed in the summary
 * @param pretraining    the pre-trained scenario's pre-training stage (null for random init); then
 *                       {@code dataset} and {@code training} describe the fine-tuning task whose
 *                       trajectory is transferred
 */
public record ExperimentDefinition(String name, String paperFigure, Scenario scenario, ModelConfig model,
                                   DatasetKind dataset, Path dataDir, int classSubset, int trainExamples, int evalExamples,
                                   TrainingRecipe training,
                                   List<SeedPair> pairs, int transferSeeds, List<Method> methods,
                                   TransferRecipe transfer, FineTuneRecipe fineTune, Set<Analysis> analyses,
                                   List<Claim> claims, int threads, List<String> notes, Pretraining pretraining) {
    public ExperimentDefinition {
        if (name == null || name.isBlank() || paperFigure == null || scenario == null || model == null
                || dataset == null || training == null || pairs == null || pairs.isEmpty() || methods == null
                || methods.isEmpty() || transfer == null || fineTune == null || analyses == null || claims == null) {
            throw new IllegalArgumentException("an experiment needs a name, a model, a dataset, recipes, at least one"
                    + " pair and at least one method");
        }
        if (transferSeeds < 1 || threads < 0) {
            throw new IllegalArgumentException("invalid experiment '" + name + "': transfer seeds " + transferSeeds
                    + ", threads " + threads);
        }
        pairs = List.copyOf(pairs);
        methods = List.copyOf(methods);
        if (methods.stream().distinct().count() != methods.size()) {
            throw new IllegalArgumentException("experiment '" + name + "' lists a method twice: " + methods);
        }
        analyses = analyses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(analyses));
        claims = List.copyOf(claims);
        notes = notes == null ? List.of() : List.copyOf(notes);
        if ((scenario == Scenario.PRETRAINED) != (pretraining != null)) {
            throw new IllegalArgumentException("experiment '" + name + "': the pre-trained scenario needs a pre-training"
                    + " stage and random init must not have one (" + scenario + ", " + pretraining + ")");
        }
        if (pretraining != null) {
            for (SeedPair p : pairs) {
                for (SeedPair q : pairs) {
                    if (p.source() == q.target()) {
                        throw new IllegalArgumentException("experiment '" + name + "': seed " + p.source()
                                + " is a source and a target; in the pre-trained scenario they are fine-tuned with"
                                + " different seeds, so a seed can only be one of them");
                    }
                }
            }
        }
        // validates model, dataset, schedule and checkpoints together (fields are not assigned yet)
        trainConfig(model, dataset, dataDir, classSubset, trainExamples, evalExamples, training, transfer, threads,
                pairs.get(0).source(), true);
    }

    /** A builder for an experiment named {@code name} on {@code model} and {@code dataset}. */
    public static ExperimentBuilder builder(String name, ModelConfig model, DatasetKind dataset) {
        return new ExperimentBuilder(name, model, dataset);
    }

    /** A builder starting from this definition. */
    public ExperimentBuilder toBuilder() {
        return toBuilder(model);
    }

    private ExperimentBuilder toBuilder(ModelConfig m) {
        ExperimentBuilder b = new ExperimentBuilder(name, m, dataset);
        b.paperFigure = paperFigure;
        b.scenario = scenario;
        b.dataDir = dataDir;
        b.classSubset = classSubset;
        b.trainExamples = trainExamples;
        b.evalExamples = evalExamples;
        b.training = training;
        b.pairs = pairs;
        b.transferSeeds = transferSeeds;
        b.methods = methods;
        b.transfer = transfer;
        b.fineTune = fineTune;
        b.analyses = analyses;
        b.claims = claims;
        b.threads = threads;
        b.notes = notes;
        b.pretraining = pretraining;
        return b;
    }

    /** This definition with {@code n} transfer seeds per pair. */
    public ExperimentDefinition withTransferSeeds(int n) {
        return toBuilder().transferSeeds(n).build();
    }

    /** This definition with {@code n} gradient batches per GMT/FGMT gradient. */
    public ExperimentDefinition withGradientBatches(int n) {
        return toBuilder().transfer(transfer.withGradientBatches(n)).build();
    }

    /**
     * This definition with the conv nets' and ResNet's channel multiplier set to {@code factor}
     * (a wider or narrower run of the same recipe).
     *
     * @throws IllegalArgumentException for an MLP (its width is {@code mlpWidth}) or a factor out of range
     */
    public ExperimentDefinition withWidthFactor(double factor) {
        if (model.kind() == ModelKind.MLP) {
            throw new IllegalArgumentException("a width factor applies to the conv nets and ResNet, not to experiment '"
                    + name + "' (an MLP)");
        }
        List<String> n = new ArrayList<>(notes);
        n.add(String.format(Locale.ROOT, "Run at width factor %s instead of the entry's %s (--width-factor); notes"
                + " above about the entry's width describe the default.", factor, model.widthFactor()));
        return toBuilder(model.withWidthFactor(factor)).notes(n).build();
    }

    /** This definition with only its first {@code n} seed pairs (at most as many as it has). */
    public ExperimentDefinition withFirstPairs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an experiment needs at least one pair, got " + n);
        }
        return toBuilder().pairs(pairs.subList(0, Math.min(n, pairs.size()))).build();
    }

    /** This definition reading the dataset from {@code dir} (null: the default location) with {@code n} threads. */
    public ExperimentDefinition withEnvironment(Path dir, int n) {
        return toBuilder().dataDir(dir).threads(n).build();
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

    /** The transfer seeds 1..{@link #transferSeeds}. */
    public List<Long> transferSeedList() {
        List<Long> out = new ArrayList<>();
        for (long s = 1; s <= transferSeeds; s++) out.add(s);
        return out;
    }

    /**
     * The training run of {@code seed}: checkpoints −1 and the final epoch, and for a source (a seed
     * some pair transfers from) the trajectory's epochs too; a target only lends its init, so its
     * run is the same whatever the trajectory (the trajectory ablation shares it).
     */
    public TrainConfig trainConfig(long seed) {
        return trainConfig(model, dataset, dataDir, classSubset, trainExamples, evalExamples, training, transfer,
                threads, seed, isSource(seed));
    }

    /** Whether some pair transfers from {@code seed}. */
    public boolean isSource(long seed) {
        return pairs.stream().anyMatch(p -> p.source() == seed);
    }

    private static TrainConfig trainConfig(ModelConfig model, DatasetKind dataset, Path dataDir, int classSubset,
                                           int trainExamples, int evalExamples, TrainingRecipe training,
                                           TransferRecipe transfer,
                                           int threads, long seed, boolean source) {
        List<Integer> ckpt = new ArrayList<>(List.of(-1, training.epochs() - 1));
        if (source) for (int e : transfer.checkpointEpochs()) if (!ckpt.contains(e)) ckpt.add(e);
        return TrainConfig.builder(model.kind(), dataset)
                .model(model)
                .dataDir(dataDir)
                .classSubset(classSubset)
                .maxTrainExamples(trainExamples)
                .maxEvalExamples(evalExamples)
                .epochs(training.epochs())
                .batchSize(training.batchSize())
                .optimizer(training.optimizer())
                .schedule(training.schedule())
                .seed(seed)
                .checkpointEpochs(ckpt)
                .threads(threads)
                .logEvery(0)
                .build();
    }

    /**
     * The pre-trained scenario's run behind pair seed {@code seed}: the fine-tuning of the pre-trained
     * model {@code pretrainedCheckpoint} with a fresh head, seeded as a source or a target
     * ({@link Pretraining}); random init: {@link #trainConfig(long)}.
     */
    public TrainConfig trainConfig(long seed, Path pretrainedCheckpoint) {
        if (pretraining == null) {
            return trainConfig(seed);
        }
        boolean source = isSource(seed);
        long ft = source ? pretraining.sourceFineTuneSeed() : pretraining.targetFineTuneSeed();
        return trainConfig(model, dataset, dataDir, classSubset, trainExamples, evalExamples, training, transfer,
                threads, ft, source).toBuilder()
                .pretrained(new PretrainedStart(pretrainedCheckpoint, PretrainedStart.officialHeadSeed(ft))).build();
    }

    /** The pre-training run of pair seed {@code seed} (its final checkpoint is the pre-trained model). */
    public TrainConfig pretrainConfig(long seed) {
        if (pretraining == null) {
            throw new IllegalStateException("experiment '" + name + "' has no pre-training stage");
        }
        boolean source = isSource(seed);
        TrainingRecipe r = pretraining.recipe(source);
        return TrainConfig.builder(model.kind(), pretraining.dataset()).model(model)
                .maxTrainExamples(pretraining.examples(source)).maxEvalExamples(evalExamples)
                .epochs(r.epochs()).batchSize(r.batchSize()).optimizer(r.optimizer()).schedule(r.schedule())
                .seed(seed).checkpointEpochs(List.of()).threads(threads).logEvery(0).build();
    }

    /** The transfer of {@code method} with transfer seed {@code seed}. */
    public TransferConfig transferConfig(Method method, long seed) {
        return transfer.config(method, seed);
    }

    /** Subsequent training with transfer seed {@code seed}. */
    public FineTuneConfig fineTuneConfig(long seed) {
        return fineTune.config(seed);
    }

    /** The model that is actually built (input shape and classes fitted to the dataset). */
    public ModelConfig fittedModel() {
        return trainConfig(pairs.get(0).source()).model();
    }

    /** Classes of the dataset (chance accuracy is 100 / classes percent). */
    public int classes() {
        return fittedModel().numClasses();
    }

    /** The model in words, e.g. "mlp 784-4096-10 (relu, no bias)" or "conv8 1x32x32 -> 10, width factor 0.125". */
    public String describeModel() {
        ModelConfig m = fittedModel();
        if (m.kind() == ModelKind.MLP) {
            return String.format(Locale.ROOT, "mlp %d-%d-%d (%s, %s)", m.inChannels() * m.imageSize() * m.imageSize(),
                    m.mlpWidth(), m.numClasses(), m.activation() == Activation.NONE ? "linear" : "relu",
                    m.bias() ? "with bias" : "no bias");
        }
        return String.format(Locale.ROOT, "%s %dx%dx%d -> %d, width factor %s", m.kind().cliName(), m.inChannels(),
                m.imageSize(), m.imageSize(), m.numClasses(), m.widthFactor());
    }
}
