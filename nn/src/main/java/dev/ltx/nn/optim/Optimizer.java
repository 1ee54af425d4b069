package dev.ltx.nn.optim;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates a fixed list of parameters from their accumulated gradients.
 *
 * <p>A training step is {@code zeroGrad(); loss.backward(); step();}. {@link #step()} skips every
 * parameter whose gradient is null (it took no part in the loss, or its gradient was cleared), as
 * PyTorch does; such a parameter's state (momentum, moments, step count) does not advance either.
 *
 * <p>All arithmetic runs through {@link dev.ltx.engine.Backend} ops on the parameters' own backend,
 * updating parameter values in place; nothing is copied to the host.
 *
 * <h2>State</h2>
 * {@link #stateDict()} returns the optimizer's per-parameter buffers as named tensors, so that a
 * run can be resumed (e.g. written with {@code SafetensorsWriter} beside the model). Names are
 * {@code state.<i>.<buffer>} where {@code i} is the parameter's index in {@link #parameters()} and
 * the buffer names follow PyTorch's: {@code momentum_buffer} (SGD), {@code exp_avg},
 * {@code exp_avg_sq} and {@code step} (AdamW; {@code step} is a one-element I64 tensor). A
 * parameter that has not been updated yet has no entries. Hyperparameters, including the learning
 * rate, are configuration and are not part of the state: a resumed run recomputes its learning
 * rate from its schedule.
 */
public interface Optimizer {

    /** The parameters this optimizer updates, in index order (unmodifiable). */
    List<Var> parameters();

    /** Applies one update to every parameter that has a gradient. */
    void step();

    /**
     * Drops every parameter's gradient (PyTorch's {@code zero_grad(set_to_none=True)}, its default):
     * a parameter that receives no gradient before the next {@link #step()} is then skipped.
     */
    default void zeroGrad() {
        for (Var p : parameters()) {
            p.clearGrad();
        }
    }

    /** The learning rate the next {@link #step()} uses. */
    double learningRate();

    /** Sets the learning rate for the following steps (a schedule calls this each epoch or step). */
    void setLearningRate(double lr);

    /**
     * The optimizer's live state tensors (not copies), in no particular order; empty before the
     * first step. A step allocates state for parameters updated for the first time, so a caller
     * that runs each step inside a {@link dev.ltx.engine.Backend#openScope() memory scope} keeps
     * these when the step ends. The default (no state) suits stateless optimizers.
     */
    default List<Tensor> stateTensors() {
        return List.of();
    }

    /**
     * A copy of the optimizer's state as named tensors (see the class comment for the names).
     * The tensors are fresh copies: later steps do not change them.
     */
    Map<String, Tensor> stateDict();

    /**
     * Replaces the optimizer's state with {@code state} (copied), as produced by
     * {@link #stateDict()} of an optimizer of the same kind over parameters of the same shapes and
     * dtypes. Unknown names, parameter indices out of range, shape or dtype mismatches and
     * incomplete per-parameter entries throw {@link IllegalArgumentException}, leaving the current
     * state untouched.
     */
    void loadStateDict(Map<String, Tensor> state);
}
