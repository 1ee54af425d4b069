package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Backend;
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
 * <p>This class evaluates the same expressions rearranged so that no scratch tensor is needed: the
 * gradient is never modified and every update is an in-place {@link Backend#axpby} on the
 * momentum buffer or the parameter ({@code buf += (1−dampening)·wd·p} after
 * {@code buf = momentum·buf + (1−dampening)·g}; for Nesterov {@code p −= lr·wd·p}, {@code p −= lr·g},
 * {@code p −= lr·momentum·buf}, with the weight-decay terms always using the parameter before this
 * step's update). The results equal PyTorch's up to floating-point rounding order. The only
 * allocation is each momentum buffer, on its parameter's first update.
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

    @Override
    void update(int i, Tensor p, Tensor g) {
        Backend b = p.backend();
        double wd = config.weightDecay();
        double momentum = config.momentum();
        if (momentum == 0.0) {
            decay(b, p, wd);
            b.axpby(-lr, g, 1.0, p);
            return;
        }
        Tensor buf = buffers[i];
        if (buf == null) {
            buf = b.copy(g);
            buffers[i] = buf;
            if (wd != 0.0) {
                b.axpby(wd, p, 1.0, buf);
            }
        } else {
            double keep = 1.0 - config.dampening();
            b.axpby(keep, g, momentum, buf);
            if (wd != 0.0 && keep != 0.0) {
                b.axpby(keep * wd, p, 1.0, buf);
            }
        }
        if (config.nesterov()) {
            decay(b, p, wd);
            b.axpby(-lr, g, 1.0, p);
            b.axpby(-lr * momentum, buf, 1.0, p);
        } else {
            b.axpby(-lr, buf, 1.0, p);
        }
    }

    /** {@code p −= lr·wd·p} in place (x and y of axpby alias elementwise, which every backend allows). */
    private void decay(Backend b, Tensor p, double wd) {
        if (wd != 0.0) {
            b.axpby(-lr * wd, p, 1.0, p);
        }
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
