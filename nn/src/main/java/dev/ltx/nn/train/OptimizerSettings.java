package dev.ltx.nn.train;

import dev.ltx.autograd.Var;
import dev.ltx.nn.optim.AdamW;
import dev.ltx.nn.optim.AdamWConfig;
import dev.ltx.nn.optim.Optimizer;
import dev.ltx.nn.optim.Sgd;
import dev.ltx.nn.optim.SgdConfig;
import java.util.List;

/**
 * The optimizer of a training run, without its learning rate (the {@link dev.ltx.nn.optim.LrSchedule}
 * of the {@link TrainConfig} owns that). Fields of the other kind are kept but unused
 * ({@code momentum}, {@code nesterov} only concern SGD; {@code beta1}, {@code beta2}, {@code eps} AdamW).
 *
 * @param kind        SGD or AdamW
 * @param momentum    SGD momentum (the paper: 0.9)
 * @param weightDecay SGD: L2 coupled into the gradient; AdamW: decoupled decay
 * @param nesterov    SGD Nesterov momentum
 * @param beta1       AdamW first-moment decay
 * @param beta2       AdamW second-moment decay
 * @param eps         AdamW epsilon
 */
public record OptimizerSettings(OptimizerKind kind, double momentum, double weightDecay, boolean nesterov,
                                double beta1, double beta2, double eps) {

    /** Validates by building the optimizer's config with a unit learning rate. */
    public OptimizerSettings {
        if (kind == null) {
            throw new IllegalArgumentException("optimizer kind must not be null");
        }
        configFor(kind, 1.0, momentum, weightDecay, nesterov, beta1, beta2, eps);
    }

    /** The paper's source-training SGD: momentum 0.9, no Nesterov, coupled weight decay. */
    public static OptimizerSettings sgd(double momentum, double weightDecay) {
        return new OptimizerSettings(OptimizerKind.SGD, momentum, weightDecay, false, 0.9, 0.999, 1e-8);
    }

    /** AdamW with β 0.9/0.999, eps 1e-8 (the official fine-tuning setting). */
    public static OptimizerSettings adamw(double weightDecay) {
        return new OptimizerSettings(OptimizerKind.ADAMW, 0.9, weightDecay, false, 0.9, 0.999, 1e-8);
    }

    /** The optimizer config record for learning rate {@code lr} ({@link SgdConfig} or {@link AdamWConfig}). */
    public Record config(double lr) {
        return configFor(kind, lr, momentum, weightDecay, nesterov, beta1, beta2, eps);
    }

    private static Record configFor(OptimizerKind kind, double lr, double momentum, double weightDecay,
                                    boolean nesterov, double beta1, double beta2, double eps) {
        return switch (kind) {
            case SGD -> new SgdConfig(lr, momentum, 0.0, weightDecay, nesterov);
            case ADAMW -> new AdamWConfig(lr, beta1, beta2, eps, weightDecay);
        };
    }

    /** A fresh optimizer over {@code params} starting at learning rate {@code lr}. */
    public Optimizer build(List<Var> params, double lr) {
        return switch (kind) {
            case SGD -> new Sgd(params, (SgdConfig) config(lr));
            case ADAMW -> new AdamW(params, (AdamWConfig) config(lr));
        };
    }
}
