package dev.ltx.transfer.experiments;

import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import java.util.List;

/**
 * The random-init CNN entries on Fashion-MNIST (28×28 zero-padded to 32×32, data.md; paper
 * Figure 5b/5c and Figure 6): Conv8 without BN (reference.md §7.2) and the 32-px ResNet-18 with BN
 * (§7.3), both at a reduced width factor so that a run fits two cores, six runs (pairs 101→102,
 * 201→202, 301→302), T = 30 cosine steps over [−1, final] (§10), fine-tuning with the official CNN
 * recipe (AdamW lr 1e-4, weight decay 1e-4, constant; §11) for fewer epochs than the official 10.
 *
 * <p>ResNet transfer batches are the official ImageNet ones scaled to the data size:
 * gm_iters = ⌈100 · 54,000 / 1,153,051⌉ = 5 and bn_stats_iters = max(2, ⌈20 · 54,000 / 1,153,051⌉)
 * = 2 (the floor of 2 is the official Cars/CUB value: one batch is a noisy BN estimate), batch 128.
 *
 * <p>Quick versions: one pair, 1 transfer seed, T = 6, one epoch of training and fine-tuning, width
 * factor 1/16 — end to end, to prove the pipeline (not the paper's numbers).
 */
final class CnnExperiments {
    /** How the CNN estimates were obtained. */
    static final String ESTIMATE = "extrapolated from measured per-batch times, see README";
    static final double CONV8_FULL_MINUTES = 60;
    static final double CONV8_QUICK_MINUTES = 2;
    static final double RESNET_FULL_MINUTES = 60;
    static final double RESNET_QUICK_MINUTES = 2;

    private static final List<SeedPair> PAIRS = List.of(new SeedPair(101, 102), new SeedPair(201, 202),
            new SeedPair(301, 302));
    private static final double QUICK_WIDTH = 0.0625;

    private CnnExperiments() {
    }

    /** fmnist-conv8 (Figure 5b, Figure 6). */
    static ExperimentDefinition conv8(ExperimentRegistry.Size size) {
        boolean quick = size == ExperimentRegistry.Size.QUICK;
        int epochs = quick ? 1 : 4;
        ModelConfig model = ModelConfig.defaults(ModelKind.CONV8).withWidthFactor(quick ? QUICK_WIDTH : 0.125);
        return ExperimentDefinition.builder(quick ? "fmnist-conv8-quick" : "fmnist-conv8", model, DatasetKind.FASHION_MNIST)
                .paperFigure("Figure 5b, Figure 6")
                .training(new TrainingRecipe(epochs, 128, OptimizerSettings.sgd(0.9, 1e-4),
                        new LrSchedule.WarmupCosine(0.02, quick ? 0 : 1, epochs)))
                .pairs(quick ? PAIRS.subList(0, 1) : PAIRS)
                .transferSeeds(quick ? 1 : 3)
                .transfer(TransferRecipe.endpoints(quick ? 6 : 30, 2))
                .fineTune(FineTuneRecipe.cnn(quick ? 1 : 2))
                .build();
    }

    /** fmnist-resnet18 (Figure 5c, Figure 6). */
    static ExperimentDefinition resnet18(ExperimentRegistry.Size size) {
        boolean quick = size == ExperimentRegistry.Size.QUICK;
        int epochs = quick ? 1 : 3;
        ModelConfig model = ModelConfig.defaults(ModelKind.RESNET18_32).withWidthFactor(quick ? QUICK_WIDTH : 0.125);
        return ExperimentDefinition.builder(quick ? "fmnist-resnet18-quick" : "fmnist-resnet18", model,
                        DatasetKind.FASHION_MNIST)
                .paperFigure("Figure 5c, Figure 6")
                .training(new TrainingRecipe(epochs, 128, OptimizerSettings.sgd(0.9, 1e-4),
                        new LrSchedule.WarmupCosine(0.05, 0, epochs)))
                .pairs(quick ? PAIRS.subList(0, 1) : PAIRS)
                .transferSeeds(quick ? 1 : 3)
                .transfer(TransferRecipe.endpoints(quick ? 6 : 30, quick ? 2 : 5).withBatchNormBatches(2, 128))
                .fineTune(FineTuneRecipe.cnn(quick ? 1 : 2))
                .build();
    }
}
