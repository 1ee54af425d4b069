package dev.ltx.transfer.method;

import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The source side of gradient pairs, computed once and shared by the targets of a one-to-many
 * transfer ({@link TransferRunner} with several {@link TransferTarget}s): a source gradient depends
 * only on the trajectory point and the two batch seeds, never on the target, and targets run in
 * lockstep with equal seeds draw equal seeds. The runner clears it after every step, so it holds
 * at most one step's source gradients (GMT: t of them, FGMT: one). Not thread-safe.
 */
public final class SourceGradients {
    /**
     * What a source gradient is a function of.
     *
     * @param step     the trajectory step of the source point
     * @param bnSeed   seed of the batch-norm warm-up batches
     * @param gradSeed seed of the gradient batches
     */
    public record Key(int step, long bnSeed, long gradSeed) {
    }

    private final Map<Key, GradientPairs.Side> sides = new LinkedHashMap<>();
    private long hits;
    private long misses;

    /** The side under {@code key}, computed by {@code compute} when absent. */
    GradientPairs.Side get(Key key, Supplier<GradientPairs.Side> compute) {
        GradientPairs.Side s = sides.get(key);
        if (s != null) {
            hits++;
            return s;
        }
        misses++;
        s = compute.get();
        sides.put(key, s);
        return s;
    }

    /** Every cached tensor (to keep them past the memory scope they were computed in). */
    public Tensor[] tensors() {
        List<Tensor> all = new ArrayList<>();
        for (GradientPairs.Side s : sides.values()) {
            all.addAll(List.of(s.tensors()));
        }
        return all.toArray(Tensor[]::new);
    }

    /** Forgets every entry (their tensors stay valid for whoever still holds them). */
    public void clear() {
        sides.clear();
    }

    /** Source gradients reused so far. */
    public long hits() {
        return hits;
    }

    /** Source gradients computed so far. */
    public long misses() {
        return misses;
    }
}
