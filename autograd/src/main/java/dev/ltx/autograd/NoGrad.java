package dev.ltx.autograd;

/**
 * A scope in which ops record nothing: results are plain constants with no parents and no
 * backward closure. Use it for evaluation and for optimizer updates:
 *
 * <pre>{@code
 * try (NoGrad ng = NoGrad.enter()) {
 *     Var logits = model.forward(x);   // no graph is built
 * }
 * }</pre>
 *
 * <p>The scope is per thread and nestable: recording resumes only when the outermost scope closes.
 * Closing a scope twice has no further effect.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread owner;
    private boolean closed;

    private NoGrad() {
        this.owner = Thread.currentThread();
    }

    /** Enters a no-grad scope on the current thread. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** Whether the current thread is inside at least one no-grad scope. */
    public static boolean active() {
        return DEPTH.get()[0] > 0;
    }

    /** Leaves the scope; must be called on the thread that entered it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("NoGrad scope entered on " + owner.getName()
                    + " closed on " + Thread.currentThread().getName());
        }
        closed = true;
        DEPTH.get()[0]--;
    }
}
