package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.AdamWUpdate;
import dev.ltx.engine.Backend;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adam with decoupled weight decay, following PyTorch's {@code torch.optim.AdamW} (single-tensor
 * path, amsgrad and maximize off). For each parameter {@code p} with gradient {@code g}:
 *
 * <pre>
 *   t = t + 1                                   (per parameter)
 *   p = p · (1 − lr·wd)                         (decoupled weight decay)
 *   m = β1·m + (1 − β1)·g
 *   v = β2·v + (1 − β2)·g²
 *   denom = sqrt(v) / sqrt(1 − β2^t) + eps
 *   p = p − (lr / (1 − β1^t)) · m / denom
 * </pre>
 *
 * <p>Each step is one {@link Backend#adamwStep} per group of parameters at the same step count
 * (one launch per group on a GPU). On the CPU ({@link dev.ltx.engine.GenericFusedOps}) the moments
 * are updated in place with axpby; the decay and the update of
 * {@code p} are one in-place axpby. The last two lines are evaluated in the equivalent form
 * {@code p = (1 − lr·wd)·p − (lr·c / (1 − β1^t)) · m / (sqrt(v) + eps·c)} with
 * {@code c = sqrt(1 − β2^t)}, which saves one temporary and one pass over the parameter; the
 * result equals PyTorch's up to floating-point rounding. The weight-decay factor {@code 1 − lr·wd}
 * is applied as one multiplier, as PyTorch's {@code p.mul_(1 − lr·wd)} does. The four temporaries
 * ({@code g²}, {@code sqrt(v)}, the denominator and {@code m / denom}) come from the op set's
 * allocating ops (it has no in-place unary ops) and are closed as soon as they are used, so a device
 * backend frees them at once. The CUDA kernel evaluates PyTorch's form in float directly.
 * Moments start at zero and take the parameter's dtype; the step count is per parameter, so a
 * parameter skipped for lack of a gradient keeps its own bias correction, as in PyTorch.
 *
 * <p>State: {@code state.<i>.exp_avg}, {@code state.<i>.exp_avg_sq} (parameter's shape and dtype)
 * and {@code state.<i>.step} (one-element I64) for every parameter that has taken a step; the three
 * entries come together.
 */
public final class AdamW extends ParamOptimizer {
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String STEP = "step";
    private static final String NAME = "AdamW";

    private final AdamWConfig config;
    private final Tensor[] expAvg;
    private final Tensor[] expAvgSq;
    private final long[] steps;

    /** AdamW over {@code params} (distinct floating leaves that require gradients). */
    public AdamW(List<Var> params, AdamWConfig config) {
        super(params, config.lr(), NAME);
        this.config = config;
        int n = params.size();
        this.expAvg = new Tensor[n];
        this.expAvgSq = new Tensor[n];
        this.steps = new long[n];
    }

    /** The settings this optimizer was built with (its learning rate may since have changed). */
    public AdamWConfig config() {
        return config;
    }

    /** One {@link Backend#adamwStep} per group of parameters at the same step count (usually one group). */
    @Override
    void update(List<Integer> indices) {
        for (int i : indices) {
            if (expAvg[i] == null) {
                Tensor p = params.get(i).value();
                expAvg[i] = p.backend().zeros(p.shape(), p.dtype());
                expAvgSq[i] = p.backend().zeros(p.shape(), p.dtype());
            }
            steps[i]++;
        }
        AdamWUpdate u = new AdamWUpdate(lr, config.beta1(), config.beta2(), config.eps(), config.weightDecay());
        groups(indices, i -> steps[i]).forEach((key, group) -> {
            List<Tensor> m = new ArrayList<>(group.size());
            List<Tensor> v = new ArrayList<>(group.size());
            for (int i : group) {
                m.add(expAvg[i]);
                v.add(expAvgSq[i]);
            }
            key.backend().adamwStep(u, key.tag(), tensors(group, false), tensors(group, true), m, v);
        });
    }

    @Override
    public List<Tensor> stateTensors() {
        List<Tensor> live = new ArrayList<>();
        for (int i = 0; i < expAvg.length; i++) {
            if (expAvg[i] != null) {
                live.add(expAvg[i]);
                live.add(expAvgSq[i]);
            }
        }
        return live;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            if (expAvg[i] != null) {
                Backend b = expAvg[i].backend();
                state.put(StateNames.key(i, STEP), b.fromLongs(new long[] {steps[i]}, Shape.scalar()));
                state.put(StateNames.key(i, EXP_AVG), b.copy(expAvg[i]));
                state.put(StateNames.key(i, EXP_AVG_SQ), b.copy(expAvgSq[i]));
            }
        }
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Set<String> names = Set.of(EXP_AVG, EXP_AVG_SQ, STEP);
        Map<Integer, Map<String, Tensor>> byParam = StateNames.group(state, params, names, NAME);
        int n = params.size();
        long[] loadedSteps = new long[n];
        for (Map.Entry<Integer, Map<String, Tensor>> e : byParam.entrySet()) {
            int i = e.getKey();
            Map<String, Tensor> entries = e.getValue();
            if (!entries.keySet().equals(names)) {
                throw new IllegalArgumentException(NAME + ": parameter " + i + " has state entries " + entries.keySet()
                        + ", expected all of " + names);
            }
            Var p = params.get(i);
            StateNames.checkLike(entries.get(EXP_AVG), p, StateNames.key(i, EXP_AVG), NAME);
            StateNames.checkLike(entries.get(EXP_AVG_SQ), p, StateNames.key(i, EXP_AVG_SQ), NAME);
            loadedSteps[i] = StateNames.readStep(entries.get(STEP), StateNames.key(i, STEP), NAME);
        }
        for (int i = 0; i < n; i++) {
            Map<String, Tensor> entries = byParam.get(i);
            Backend b = params.get(i).backend();
            expAvg[i] = entries == null ? null : StateNames.copyTo(b, entries.get(EXP_AVG));
            expAvgSq[i] = entries == null ? null : StateNames.copyTo(b, entries.get(EXP_AVG_SQ));
            steps[i] = loadedSteps[i];
        }
    }
}
