package dev.ltx.transfer.experiments;

import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import dev.ltx.transfer.Method;
import java.util.EnumSet;
import java.util.List;

/**
 * The pre-trained scenario on the data this project can fetch (paper Figure 5 d–f, Figure 6;
 * reference.md §7.4, §9–§11): models pre-trained on MNIST, fine-tuned with a fresh head on
 * Fashion-MNIST, and the source's fine-tuning trajectory transferred onto the other pre-trained
 * model plus its fresh head (T = 15).
 *
 * <p><b>Why MNIST → Fashion-MNIST mirrors the paper.</b> The paper pre-trains on a large generic task
 * and fine-tunes on a smaller one with other classes and a new head (CIFAR-10's 50,000 images →
 * a 10-class CIFAR-100 subset's 5,000; ImageNet → Cars' 8,144). Here: MNIST (27,000 or 10,000
 * images) → the first 5,000 (Conv8, like the CIFAR-100 subset) or 2,500 (ResNet) Fashion-MNIST
 * images: same input format, disjoint classes, a head that must be learnt anew. The two pre-trained
 * models of a pair differ only by their seed, so, as in the paper, Naive transfer adds one model's
 * fine-tuning update to another model whose hidden units are arranged differently.
 *
 * <p>Pairs 101→102, 201→202, 301→302 of pre-training seeds; fine-tuning seeds 777 (sources) and 888
 * (targets), heads drawn from 2·seed + 1 (official); the head is the layer that outputs the class logits.
 * Gradient batches follow §10: Conv8 1 batch
 * (CIFAR-100 subset); ResNet the Cars count scaled to the fine-tuning examples,
 * ⌈10 · N / 8,144⌉, and 2 BN batches of 128 before every evaluation.
 */
final class PretrainedExperiments {
    static final double CONV8_FULL_MINUTES = 7;
    static final double CONV8_QUICK_MINUTES = 1;
    static final double RESNET_FULL_MINUTES = 28;
    static final double RESNET_QUICK_MINUTES = 1;
    static final double GENERALIZATION_FULL_MINUTES = 22;
    static final String ESTIMATE = "measured from scratch, beside other jobs; see README";
    static final int CARS_TRAIN = 8_144;
    private static final List<SeedPair> PAIRS = List.of(new SeedPair(101, 102), new SeedPair(201, 202),
            new SeedPair(301, 302));
    private static final double WIDTH = 0.0625;
    /** The pre-trained claims and the basin claim (Figure 7). */
    static final List<Claim> CLAIMS = java.util.stream.Stream.concat(Claim.PRETRAINED.stream(),
            java.util.stream.Stream.of(new Claim.InTargetsBasin())).toList();
    static final String TASKS_NOTE = "Pre-training on MNIST, fine-tuning on Fashion-MNIST with a fresh head: a large"
            + " generic task, then a smaller one with other classes and a new head, as CIFAR-10 -> CIFAR-100 subset"
            + " and ImageNet -> Cars/CUB in the paper (which this machine cannot fetch). Width factor 1/16.";

    static final String CONV8_RECIPE_NOTE = "Conv8 (no BN) pre-trains and fine-tunes with AdamW lr 1e-3 + cosine, as"
            + " fmnist-conv8's sources: the official fine-tuning recipe (SGD lr 0.05 + cosine) collapsed to 10.5%"
            + " validation accuracy from a pre-trained model with a fresh head (seed 101, 5 epochs on 5,000 examples),"
            + " SGD lr 0.01 reached 25.4%, AdamW lr 1e-3 71.9% (chosen on validation). Pre-training: 4 epochs on"
            + " 27,000 MNIST images, 90.9% validation accuracy for seed 101.";
    static final String RESNET_RECIPE_NOTE = "ResNet-18 keeps the official fine-tuning recipe, SGD lr 0.1 + cosine (seed"
            + " 101: 83.1% validation after 5 epochs on 2,500 examples; lr 0.01: 74.9%), after 2 epochs of SGD lr 0.05"
            + " pre-training on 10,000 MNIST images (95.7% validation). Gradient batches: the official Cars count"
            + " scaled to the fine-tuning examples, ceil(10 N / 8,144) = 4 of 128; BN statistics re-estimated from 2"
            + " batches of 128 before every evaluation.";

    static final String CONV8_FINDING = "Finding (full run, 3 pairs x 3 seeds): every method stays near chance"
            + " (best-step val 12.1-13.5%, the Oracle included), so the claims FAIL, as in fmnist-conv8 and for the"
            + " same reason: narrow no-BN Conv8s cannot be aligned by permutation. `ltx match` on the pre-trained"
            + " seeds 101 and 102 (90.9% / 90.0% val) gives 10.6% at the midpoint unmatched and 9.7% after weight"
            + " matching (16.4% vs 42.3% at lambda 0.25): the best permutation does not bring the two pre-trained"
            + " models closer, so no transferred trajectory lands in the target's basin. The basin claim is not"
            + " evidence here: FGMT+FT itself is at chance.";

    static final String RESNET_FINDING = "Finding (full run, 3 pairs x 3 seeds): the paper's picture holds. Naive"
            + " stays at 11.4% best-step validation accuracy while GMT (31.8%) and FGMT (32.4%) reach the Oracle's"
            + " 32.6%, all peaking mid-trajectory (best steps 5-6 of 15) and falling towards the end, as the paper"
            + " describes for its pre-trained panels; fine-tuning from GMT/FGMT leads Naive and standard training after"
            + " one epoch, and FGMT+FT lies in the target's basin (barrier 0.06 vs 2.55 for the weight-matched"
            + " source). Far from the fine-tuned models' 82-83%: at width 1/16 and 15 steps the transferred models are"
            + " starts, not finished models. FGMT costs 95% of one (12.6 s) fine-tuning run here, GMT 771%.";

    static final String GENERALIZATION_NOTE = "Generalization study (paper Figure 8): the source inits are pre-trained"
            + " on 10% of the pre-training examples for 10x the epochs (the same number of steps), the target inits on"
            + " all of them; the claim is that the transferred model, fine-tuned, inherits the better init's"
            + " generalization (test accuracy above the weak source's own fine-tuned model). Subsequent training after"
            + " the transfer follows the paper's text (D.3.5: the source's optimizer and schedule at a smaller rate"
            + " chosen on Naive's validation accuracy): SGD + cosine lr 0.05 (Naive+FT 75.9% validation; lr 0.01:"
            + " 74.2%) for as many epochs as the fine-tuning runs (lr 0.1 there).";
    static final String GENERALIZATION_FINDING = "Finding (full run, 3 pairs x 3 seeds): the claim FAILs. FGMT+FT"
            + " reaches 64.5 +- 10.8% test accuracy (lr 0.01: 72.9 +- 2.6%), below the weak source's own fine-tuned"
            + " model (78.8 +- 3.1%) and the strong target's (82.1 +- 1.6%); Naive+FT does as well (75.6%). The weak"
            + " inits are not very weak here (91-95% MNIST test after 10% of the data; downstream gap 3.3 points), and"
            + " subsequent training from a transferred start does not beat training from the pre-trained model itself.";

    private PretrainedExperiments() {
    }

    /** pretrained-conv8 (Figure 5d, Figure 6). */
    static ExperimentDefinition conv8(ExperimentRegistry.Size size) {
        boolean quick = size == ExperimentRegistry.Size.QUICK;
        int preEpochs = quick ? 1 : 4;
        int epochs = quick ? 2 : 5;
        ModelConfig model = ModelConfig.defaults(ModelKind.CONV8).withWidthFactor(WIDTH);
        TrainingRecipe pre = new TrainingRecipe(preEpochs, 128, OptimizerSettings.adamw(1e-4),
                new LrSchedule.WarmupCosine(1e-3, 0, preEpochs));
        return ExperimentDefinition.builder(quick ? "pretrained-conv8-quick" : "pretrained-conv8", model,
                        DatasetKind.FASHION_MNIST)
                .paperFigure("Figure 5d, Figure 6")
                .pretraining(Pretraining.official(DatasetKind.MNIST, 27_000, pre))
                .trainExamples(quick ? 2_560 : 5_000)
                .evalExamples(2_000)
                .training(new TrainingRecipe(epochs, 128, OptimizerSettings.adamw(1e-4),
                        new LrSchedule.WarmupCosine(1e-3, 0, epochs)))
                .pairs(quick ? PAIRS.subList(0, 1) : PAIRS)
                .transferSeeds(quick ? 1 : 3)
                .transfer(TransferRecipe.endpoints(quick ? 4 : 15, 1))
                .fineTune(FineTuneRecipe.cnn(quick ? 1 : 2))
                .analyses(EnumSet.allOf(Analysis.class))
                .claims(CLAIMS)
                .notes(List.of(TASKS_NOTE, CONV8_RECIPE_NOTE, CONV8_FINDING))
                .build();
    }

    /** pretrained-resnet18 (Figure 5e–f, Figure 6). */
    static ExperimentDefinition resnet18(ExperimentRegistry.Size size) {
        boolean quick = size == ExperimentRegistry.Size.QUICK;
        int preEpochs = quick ? 1 : 2;
        int epochs = quick ? 2 : 5;
        int examples = quick ? 1_000 : 2_500;
        ModelConfig model = ModelConfig.defaults(ModelKind.RESNET18_32).withWidthFactor(WIDTH);
        TrainingRecipe pre = new TrainingRecipe(preEpochs, 128, OptimizerSettings.sgd(0.9, 1e-4),
                new LrSchedule.WarmupCosine(0.05, 0, preEpochs));
        return ExperimentDefinition.builder(quick ? "pretrained-resnet18-quick" : "pretrained-resnet18", model,
                        DatasetKind.FASHION_MNIST)
                .paperFigure("Figure 5e-f, Figure 6")
                .pretraining(Pretraining.official(DatasetKind.MNIST, quick ? 5_000 : 10_000, pre))
                .trainExamples(examples)
                .evalExamples(quick ? 500 : 2_000)
                .training(new TrainingRecipe(epochs, 128, OptimizerSettings.sgd(0.9, 1e-4),
                        new LrSchedule.WarmupCosine(0.1, 0, epochs)))
                .pairs(quick ? PAIRS.subList(0, 1) : PAIRS)
                .transferSeeds(quick ? 1 : 3)
                .transfer(TransferRecipe.endpoints(quick ? 4 : 15, carsBatches(examples)).withBatchNormBatches(2, 128))
                .fineTune(FineTuneRecipe.cnn(quick ? 1 : 2))
                .analyses(EnumSet.allOf(Analysis.class))
                .claims(CLAIMS)
                .notes(List.of(TASKS_NOTE, RESNET_RECIPE_NOTE, RESNET_FINDING))
                .build();
    }

    /**
     * generalization-resnet18 (Figure 8): pretrained-resnet18 with the sources pre-trained on 10% of the
     * pre-training examples and the targets on all of them; the weak init's fine-tuning trajectory is
     * transferred onto the strong init (Naive, Oracle, FGMT; no GMT, whose 465-pair cost buys nothing here).
     */
    static ExperimentDefinition generalization(ExperimentRegistry.Size size) {
        ExperimentDefinition base = resnet18(size);
        Pretraining pre = base.pretraining();
        TrainingRecipe r = pre.recipe();
        int epochs = r.epochs() * 10;
        TrainingRecipe weak = new TrainingRecipe(epochs, r.batchSize(), r.optimizer(),
                new LrSchedule.WarmupCosine(0.05, 0, epochs));
        int ftEpochs = base.training().epochs();
        return base.toBuilder()
                .name(size == ExperimentRegistry.Size.QUICK ? "generalization-resnet18-quick" : "generalization-resnet18")
                .paperFigure("Figure 8")
                .pretraining(pre.withSources(pre.trainExamples() / 10, weak))
                .methods(List.of(Method.NAIVE, Method.ORACLE, Method.FGMT))
                .fineTune(new FineTuneRecipe(ftEpochs, dev.ltx.transfer.FineTuneConfig.Optimizer.SGD,
                        new LrSchedule.WarmupCosine(0.05, 0, ftEpochs), 0.9, 1e-4))
                .analyses(EnumSet.of(Analysis.TRANSFER_CURVES, Analysis.FINE_TUNING_CURVES, Analysis.COST))
                .claims(List.of(new Claim.FarAboveNaive(Method.FGMT, 10),
                        new Claim.InheritsGeneralization(Method.FGMT)))
                .notes(List.of(GENERALIZATION_NOTE, GENERALIZATION_FINDING, TASKS_NOTE, RESNET_RECIPE_NOTE))
                .build();
    }

    /** The official Cars gradient batches (10 of 128 for 8,144 images) scaled to {@code examples}: ⌈10 · N / 8,144⌉. */
    static int carsBatches(int examples) {
        return (int) Math.ceil(10.0 * examples / CARS_TRAIN);
    }
}
