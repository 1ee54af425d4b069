package dev.ltx.nn;

import dev.ltx.autograd.Var;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A building block of a network (DJL's Block, PyTorch's {@code nn.Module}): it owns trainable
 * parameters (leaf {@link Var}s that require a gradient), buffers (non-trainable tensors such as
 * batch-norm running statistics) and ordered child modules, and maps an input var to an output var.
 *
 * <p>Subclasses register their state in their constructor through {@link #addParameter},
 * {@link #addBuffer} and {@link #addChild}, keeping the returned objects in typed fields; the
 * registration names only serve to build dotted names. Names follow PyTorch: a module's own
 * parameters, then its own buffers, then each child's entries prefixed by {@code childName.} in
 * registration order, so {@link #stateDict()} lists entries in the order {@code torch} would
 * ({@code convnb1.conv.weight}, {@code convnb1.norm.weight}, {@code convnb1.norm.bias},
 * {@code convnb1.norm.running_mean}, ...).
 *
 * <p>Modules start in training mode; {@link #train(boolean)} propagates to every descendant.
 * All parameters and buffers of one module live on the backend and dtype it was built with
 * (see {@link LayerInit}).
 */
public abstract class Module {
    private final Map<String, Var> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Runs the module on {@code x}. */
    public abstract Var forward(Var x);

    // ---------------------------------------------------------------- registration

    /** Registers a trainable parameter holding {@code value} and returns its leaf var. */
    protected final Var addParameter(String name, Tensor value) {
        checkNewName(name);
        Var v = Var.param(value);
        parameters.put(name, v);
        return v;
    }

    /** Registers a buffer (updated in place by the module, saved in the state dict) and returns it. */
    protected final Tensor addBuffer(String name, Tensor value) {
        checkNewName(name);
        buffers.put(name, value);
        return value;
    }

    /** Registers a child module and returns it. */
    protected final <M extends Module> M addChild(String name, M child) {
        checkNewName(name);
        if (child == null || child == this) {
            throw new IllegalArgumentException("child '" + name + "' must be another, non-null module");
        }
        children.put(name, child);
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a module entry name must be non-empty without dots, got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    // ---------------------------------------------------------------- mode

    /** Sets training ({@code true}) or evaluation mode on this module and all descendants; returns this. */
    public final Module train(boolean on) {
        for (NamedModule m : namedModules()) {
            m.module().training = on;
        }
        return this;
    }

    /** Training mode for this module and its descendants. */
    public final Module train() {
        return train(true);
    }

    /** Evaluation mode for this module and its descendants. */
    public final Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public final boolean isTraining() {
        return training;
    }

    // ---------------------------------------------------------------- structure

    /** The direct children in registration order, with their local names. */
    public final List<NamedModule> children() {
        List<NamedModule> out = new ArrayList<>(children.size());
        children.forEach((n, m) -> out.add(new NamedModule(n, m)));
        return Collections.unmodifiableList(out);
    }

    /** This module (named {@code ""}) and every descendant in pre-order, with dotted names. */
    public final List<NamedModule> namedModules() {
        List<NamedModule> out = new ArrayList<>();
        collectModules("", this, out);
        return Collections.unmodifiableList(out);
    }

    private static void collectModules(String name, Module m, List<NamedModule> out) {
        out.add(new NamedModule(name, m));
        m.children.forEach((n, c) -> collectModules(join(name, n), c, out));
    }

    /** Every module in pre-order (this one included) that is an instance of {@code type}. */
    public final <T extends Module> List<T> modules(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (NamedModule m : namedModules()) {
            if (type.isInstance(m.module())) {
                out.add(type.cast(m.module()));
            }
        }
        return out;
    }

    /** Every parameter with its dotted name, in state-dict order. */
    public final List<NamedParameter> namedParameters() {
        List<NamedParameter> out = new ArrayList<>();
        for (NamedModule m : namedModules()) {
            m.module().parameters.forEach((n, v) -> out.add(new NamedParameter(join(m.name(), n), v)));
        }
        return Collections.unmodifiableList(out);
    }

    /** Every buffer with its dotted name, in state-dict order. */
    public final List<NamedBuffer> namedBuffers() {
        List<NamedBuffer> out = new ArrayList<>();
        for (NamedModule m : namedModules()) {
            m.module().buffers.forEach((n, t) -> out.add(new NamedBuffer(join(m.name(), n), t)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The parameters' leaf vars in state-dict order (what an optimizer steps). */
    public final List<Var> parameters() {
        List<Var> out = new ArrayList<>();
        for (NamedParameter p : namedParameters()) {
            out.add(p.param());
        }
        return Collections.unmodifiableList(out);
    }

    /** Total number of trainable scalars. */
    public final long parameterCount() {
        long n = 0;
        for (NamedParameter p : namedParameters()) {
            n += p.param().value().numel();
        }
        return n;
    }

    /** Sets every existing parameter gradient to zero (keeping its storage). */
    public final void zeroGrad() {
        for (Var p : parameters()) {
            p.zeroGrad();
        }
    }

    // ---------------------------------------------------------------- state dict

    /**
     * Parameters and buffers by dotted name, in PyTorch's order (per module: parameters, buffers,
     * then children). The tensors are the live ones: later training changes them. Use
     * {@link #stateDictCopy()} for a snapshot.
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (NamedModule m : namedModules()) {
            m.module().parameters.forEach((n, v) -> out.put(join(m.name(), n), v.value()));
            m.module().buffers.forEach((n, t) -> out.put(join(m.name(), n), t));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A snapshot of {@link #stateDict()}: every tensor copied on its backend. */
    public final Map<String, Tensor> stateDictCopy() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        stateDict().forEach((n, t) -> out.put(n, t.backend().copy(t)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Copies {@code state} into this module's existing parameter and buffer tensors (converting
     * dtype and backend when they differ; the module keeps its own tensors).
     *
     * <p>With {@code strict}, any missing, unexpected or shape-mismatched name fails, all of them
     * reported together in one {@link dev.ltx.nn.io.StrictLoad.StateDictMismatchException}, and
     * nothing is copied. Without it, shape mismatches among the shared names still fail (as in
     * PyTorch) and the returned result lists the missing and unexpected names.
     */
    public final LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        LoadResult r = StateDictLoader.load(stateDict(), state, strict);
        for (NamedModule m : namedModules()) {
            m.module().afterStateLoaded();
        }
        return r;
    }

    /**
     * Called on every module after {@link #loadStateDict} replaced tensor contents, for modules
     * that mirror part of their state on the host (e.g. a batch counter).
     */
    protected void afterStateLoaded() {
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
