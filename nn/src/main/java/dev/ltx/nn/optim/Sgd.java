package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
import dev.ltx.engine.SgdUpdate;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with PyTorch's semantics ({@code torch.optim.SGD}, foreach off,
 * maximize off). For each parameter {@code p} with gradient {@code g}, PyTorch computes
 *
 * <pre>
 *   d = g + wd·p                                   (coupled L2 weight decay)
 *   buf = d                      on the first step  (momentum &gt; 0)
 *   buf = momentum·buf + (1 − dampening)·d          afterwards
 *   d = nesterov ? d + momentum·buf : buf
 *   p = p − lr·d
 * </pre>
 *
 * <p>Each step is one {@link Backend#sgdStep} per group of parameters (those taking their first
 * momentum step, and the others): one launch per group on a GPU; on the CPU the same expressions
 * rearranged so that no scratch tensor is needed, as in-place axpby ops (see
 * {@link dev.ltx.engine.GenericFusedOps}). The results equal PyTorch's up to floating-point
 * rounding order. The only allocation is each momentum buffer, on its parameter's first update.
 *
 * <p>State: {@code state.<i>.momentum_buffer} (parameter's shape and dtype) for every parameter
 * that has taken a step with momentum &gt; 0.
 */
public final class Sgd extends ParamOptimizer {
    static final String MOMENTUM_BUFFER = "momentum_buffer";
    private static final String NAME = "SGD";

    private final SgdConfig config;
    private final Tensor[] buffers;

    /** SGD over {@code params} (distinct floating leaves that require gradients). */
    public Sgd(List<Var> params, SgdConfig config) {
        super(params, config.lr(), NAME);
        this.config = config;
        this.buffers = new Tensor[params.size()];
    }

    /** The settings this optimizer was built with (its learning rate may since have changed). */
    public SgdConfig config() {
        return config;
    }

    /**
     * One {@link Backend#sgdStep} per group: the parameters taking their first momentum step
     * (their buffers are allocated here) and the others.
     */
    @Override
    void update(List<Integer> indices) {
        boolean momentum = config.momentum() != 0.0;
        SgdUpdate u = new SgdUpdate(lr, config.momentum(), config.dampening(), config.weightDecay(), config.nesterov());
        groups(indices, i -> momentum && buffers[i] == null ? 1 : 0).forEach((key, group) -> {
            boolean first = key.tag() == 1;
            List<Tensor> ps = tensors(group, false);
            List<Tensor> bufs = new ArrayList<>(group.size());
            for (int k = 0; k < group.size(); k++) {
                bufs.add(first ? key.backend().empty(ps.get(k).shape(), ps.get(k).dtype()) : buffers[group.get(k)]);
            }
            key.backend().sgdStep(u, ps, tensors(group, true), momentum ? bufs : null, first);
            if (first) { // only once the step has filled them: a failed step leaves no uninitialized buffer behind
                for (int k = 0; k < group.size(); k++) {
                    buffers[group.get(k)] = bufs.get(k);
                }
            }
        });
    }

    @Override
    public List<Tensor> stateTensors() {
        List<Tensor> live = new ArrayList<>();
        for (Tensor t : buffers) {
            if (t != null) {
                live.add(t);
            }
        }
        return live;
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] != null) {
                state.put(StateNames.key(i, MOMENTUM_BUFFER), buffers[i].backend().copy(buffers[i]));
            }
        }
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        Map<Integer, Map<String, Tensor>> byParam = StateNames.group(state, params, Set.of(MOMENTUM_BUFFER), NAME);
        Tensor[] loaded = new Tensor[buffers.length];
        for (Map.Entry<Integer, Map<String, Tensor>> e : byParam.entrySet()) {
            int i = e.getKey();
            Var p = params.get(i);
            Tensor t = e.getValue().get(MOMENTUM_BUFFER);
            StateNames.checkLike(t, p, StateNames.key(i, MOMENTUM_BUFFER), NAME);
            loaded[i] = t;
        }
        for (int i = 0; i < loaded.length; i++) {
            Tensor t = loaded[i];
            buffers[i] = t == null ? null : StateNames.copyTo(params.get(i).backend(), t);
        }
    }
}
