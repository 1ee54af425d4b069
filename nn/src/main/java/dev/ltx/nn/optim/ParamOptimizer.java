package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;

/**
 * What every optimizer over a fixed parameter list shares: the validated list, the current
 * learning rate, and a step that collects the parameters holding a gradient (in list order, so an
 * index names its state) and hands them to the subclass, which updates them in groups with one
 * fused backend op per group ({@link Backend#sgdStep}, {@link Backend#adamwStep}): one device
 * launch per group on a GPU.
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
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).grad() != null) {
                live.add(i);
            }
        }
        if (!live.isEmpty()) {
            update(live);
        }
    }

    /**
     * Updates, in place, the parameters at {@code indices} (those holding a gradient, in index
     * order) through the backend's fused group ops.
     */
    abstract void update(List<Integer> indices);

    /** The key of one group launch: parameters on one backend that share {@code tag} (a step number, a flag). */
    record GroupKey(Backend backend, long tag) {
    }

    /**
     * {@code indices} split into the groups one fused op can update together (same backend, same
     * {@code tag}), in order of first appearance, each keeping index order.
     */
    final Map<GroupKey, List<Integer>> groups(List<Integer> indices, IntToLongFunction tag) {
        Map<GroupKey, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : indices) {
            GroupKey key = new GroupKey(params.get(i).value().backend(), tag.applyAsLong(i));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        return groups;
    }

    /** The value (or, with {@code grads}, the gradient) of each parameter at {@code indices}. */
    final List<Tensor> tensors(List<Integer> indices, boolean grads) {
        List<Tensor> out = new ArrayList<>(indices.size());
        for (int i : indices) {
            out.add(grads ? params.get(i).grad() : params.get(i).value());
        }
        return out;
    }
}
