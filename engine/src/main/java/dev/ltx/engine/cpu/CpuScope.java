package dev.ltx.engine.cpu;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A memory scope of a {@link CpuBackend} (see {@link Backend#openScope()}): owns the storage of
 * every tensor the backend creates while it is the innermost open scope, and on closing returns
 * the arrays of those not {@linkplain #keep kept} to the backend's {@link CpuArrayPool}, where the
 * next step's tensors of the same size find them. A tensor used after its scope closed throws
 * {@link IllegalStateException} (its storage no longer holds an array).
 */
final class CpuScope implements Backend.Scope {
    /** Released entries tolerated in {@link #owned} before it is compacted. */
    private static final int COMPACT_AFTER = 256;

    private final CpuBackend backend;
    private final CpuScope parent;
    private final List<CpuStorage> owned = new ArrayList<>();
    private int releasedEntries;
    private boolean closed;

    CpuScope(CpuBackend backend, CpuScope parent) {
        this.backend = backend;
        this.parent = parent;
    }

    CpuScope parent() {
        return parent;
    }

    synchronized void register(CpuStorage s) {
        if (closed) throw new IllegalStateException("memory scope already closed");
        if (releasedEntries > COMPACT_AFTER && releasedEntries > owned.size() / 2) {
            owned.removeIf(e -> e.released() || e.owner() != this);
            releasedEntries = 0;
        }
        s.owner(this);
        owned.add(s);
    }

    /** Notes that an owned storage was closed early (its entry is dropped at the next compaction). */
    synchronized void released(CpuStorage s) {
        releasedEntries++;
    }

    @Override
    public synchronized CpuScope keep(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t == null || !(t.storage() instanceof CpuStorage s) || s.owner() != this) continue;
            // the entry in `owned` stays and is skipped on close (owner no longer this scope)
            releasedEntries++;
            if (parent != null) {
                parent.register(s);
            } else {
                s.owner(null);
            }
        }
        return this;
    }

    /** Number of live tensors' storages this scope would release now. */
    synchronized int size() {
        int n = 0;
        for (CpuStorage s : owned) {
            if (s.owner() == this && !s.released()) n++;
        }
        return n;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
        }
        backend.popScope(this);
        synchronized (this) {
            closed = true;
            for (CpuStorage s : owned) {
                if (s.owner() == this) s.release();
            }
            owned.clear();
        }
    }
}
