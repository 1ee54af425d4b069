package dev.ltx.engine.cuda;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the device memory of every tensor a {@link CudaBackend} creates while this scope is the
 * innermost open one; closing the scope closes them all except those passed to {@link #keep}
 * (which then belong to the caller, or to the enclosing scope if there is one). Scopes nest
 * last-in-first-out per backend. Typical use, one training step:
 * <pre>{@code
 * try (DeviceScope step = cuda.openScope()) {
 *     ... forward, backward, optimizer update ...
 *     step.keep(loss);
 * }
 * }</pre>
 */
public final class DeviceScope implements Backend.Scope {
    private final CudaBackend backend;
    private final DeviceScope parent;
    private final Map<CudaStorage, Tensor> owned = new IdentityHashMap<>();
    private boolean closed;

    DeviceScope(CudaBackend backend, DeviceScope parent) {
        this.backend = backend;
        this.parent = parent;
    }

    synchronized void register(Tensor t, CudaStorage s) {
        if (closed) throw new IllegalStateException("device scope already closed");
        owned.put(s, t);
    }

    /** Takes {@code tensors} out of this scope: they survive its closing (handed to the enclosing scope, if any). */
    @Override
    public synchronized DeviceScope keep(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t == null) continue;
            if (t.storage() instanceof CudaStorage s && owned.remove(s) != null && parent != null) {
                parent.register(t, s);
            }
        }
        return this;
    }

    /** Number of tensors this scope will close. */
    public synchronized int size() {
        return owned.size();
    }

    DeviceScope parent() {
        return parent;
    }

    /**
     * Closes every tensor still owned. Throws {@link IllegalStateException}, changing nothing, when
     * an inner scope is still open. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
        }
        backend.popScope(this);
        List<CudaStorage> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(owned.keySet());
            owned.clear();
        }
        for (CudaStorage s : toClose) s.close();
    }
}
