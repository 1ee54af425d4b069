package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Tensor;
import java.util.List;

/**
 * What every optimizer over a fixed parameter list shares: the validated list, the current
 * learning rate, and a step that visits each parameter holding a gradient (in list order, so its
 * index names its state). Subclasses implement only the per-parameter update.
 */
abstract class ParamOptimizer implements Optimizer {
    final List<Var> params;
    double lr;

    ParamOptimizer(List<Var> params, double lr, String name) {
        this.params = ParamList.checked(params, name);
        this.lr = ParamList.checkLr(lr);
    }

    @Override
    public final List<Var> parameters() {
        return params;
    }

    @Override
    public final double learningRate() {
        return lr;
    }

    @Override
    public final void setLearningRate(double lr) {
        this.lr = ParamList.checkLr(lr);
    }

    @Override
    public final void step() {
        for (int i = 0; i < params.size(); i++) {
            Var p = params.get(i);
            Tensor g = p.grad();
            if (g != null) {
                update(i, p.value(), g);
            }
        }
    }

    /** Updates parameter {@code i} (value {@code p}, gradient {@code g}) in place. */
    abstract void update(int i, Tensor p, Tensor g);
}
