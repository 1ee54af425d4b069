package dev.ltx.transfer.experiments;

import dev.ltx.nn.models.Activation;
import dev.ltx.nn.models.ModelConfig;
import dev.ltx.nn.models.ModelKind;
import dev.ltx.nn.optim.LrSchedule;
import dev.ltx.nn.train.DatasetKind;
import dev.ltx.nn.train.OptimizerSettings;
import java.util.EnumSet;
import java.util.List;

/**
 * The 2-MLP entries (paper Figure 5a and Figure 6; reference.md §9, §10, §17). Full: 784-4096-10
 * without biases, SGD lr 0.01 momentum 0.9, weight decay 0, batch 128, 10 epochs at a constant rate,
 * checkpoints −1 and 9; pairs 101→102, 201→202, 301→302, 3 transfer seeds; T = 10 cosine-spaced
 * steps, one gradient batch per step; fine-tuning 3 epochs of SGD lr 0.01 momentum 0.9. Quick:
 * width 128, 2 epochs, pairs 101→102 and 201→202, 1 transfer seed, 2 fine-tuning epochs, T = 10.
 */
final class MlpExperiments {
    private static final SeedPair P1 = new SeedPair(101, 102);
    private static final SeedPair P2 = new SeedPair(201, 202);
    private static final SeedPair P3 = new SeedPair(301, 302);

    private MlpExperiments() {
    }

    /** MNIST 2-MLP with ReLU ({@code linear} false) or the official code's linear network. */
    static ExperimentDefinition mnist(ExperimentRegistry.Size size, boolean linear) {
        boolean quick = size == ExperimentRegistry.Size.QUICK;
        Activation act = linear ? Activation.NONE : Activation.RELU;
        String name = "mnist-mlp" + (quick ? "-quick" : "") + (linear ? "-linear" : "");
        int epochs = quick ? 2 : 10;
        return ExperimentDefinition.builder(name, mlp(quick ? 128 : 4096, act), DatasetKind.MNIST)
                .paperFigure(linear ? "Figure 5a with the official code's linear MLP"
                        : "Figure 5a, Figure 6, Appendix E.2 ensembles")
                .training(TrainingRecipe.mnistSgd(epochs))
                .pairs(quick ? List.of(P1, P2) : List.of(P1, P2, P3))
                .transferSeeds(quick ? 1 : 3)
                .transfer(TransferRecipe.endpoints(10, 1))
                .fineTune(FineTuneRecipe.mnist(quick ? 2 : 3))
                .analyses(linear ? EnumSet.of(Analysis.TRANSFER_CURVES, Analysis.FINE_TUNING_CURVES, Analysis.COST)
                        : EnumSet.of(Analysis.TRANSFER_CURVES, Analysis.FINE_TUNING_CURVES, Analysis.COST,
                        Analysis.ENSEMBLE))
                .build();
    }

    /**
     * A seconds-long smoke version on the synthetic dataset (8×8 images, 4 classes): width 16,
     * 2 epochs of batch 32, pairs 101→102 and 201→202, T = 4, 1 fine-tuning epoch, 1 transfer seed.
     */
    static ExperimentDefinition synthetic(ExperimentRegistry.Size size) {
        return ExperimentDefinition.builder("synthetic-mlp", mlp(16, Activation.RELU), DatasetKind.SYNTHETIC)
                .paperFigure("smoke test")
                .training(new TrainingRecipe(2, 32, OptimizerSettings.sgd(0.9, 0.0), new LrSchedule.Constant(0.01)))
                .pairs(List.of(P1, P2))
                .transferSeeds(1)
                .transfer(TransferRecipe.endpoints(4, 1))
                .fineTune(FineTuneRecipe.mnist(1))
                .build();
    }

    private static ModelConfig mlp(int width, Activation act) {
        return ModelConfig.defaults(ModelKind.MLP).withMlp(width, act, false);
    }
}
