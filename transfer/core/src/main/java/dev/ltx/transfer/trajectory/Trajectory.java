package dev.ltx.transfer.trajectory;

import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A source trajectory θ_0, θ_1, …, θ_T of named PARAMETERS (never buffers such as batch-norm
 * running statistics), as reference.md §2.2 builds it from a checkpoint list
 * e_0 = −1 &lt; e_1 &lt; … &lt; e_m: step 0 is checkpoint e_0, and for segment j = 1..m and
 * sub-step k = 1..S, step (j−1)·S + k is θ(e_{j−1}) + α_k·(θ(e_j) − θ(e_{j−1})), so T = S·m.
 *
 * <p>With S = 1 (any schedule) the steps are exactly the stored checkpoints: an "actual"
 * trajectory ({@link #actual}). Points are computed on demand from the two checkpoints around
 * them, so a trajectory of T steps holds only m + 1 parameter sets.
 */
public final class Trajectory {
    private final List<Integer> epochs;
    private final List<Map<String, Tensor>> checkpoints;
    private final List<String> names;
    private final int splits;
    private final AlphaSchedule schedule;
    private final double[] alphas;

    private Trajectory(List<Integer> epochs, List<Map<String, Tensor>> checkpoints, List<String> names, int splits,
                       AlphaSchedule schedule) {
        this.epochs = epochs;
        this.checkpoints = checkpoints;
        this.names = names;
        this.splits = splits;
        this.schedule = schedule;
        this.alphas = schedule.alphas(splits);
    }

    /**
     * The interpolated trajectory through {@code checkpoints} (epoch → state; only the entries named
     * in {@code parameterNames} are used), {@code splits} sub-steps per segment spaced by {@code schedule}.
     *
     * @throws IllegalArgumentException if there are fewer than 2 checkpoints, the first is not epoch −1,
     *                                  or a checkpoint lacks a parameter or disagrees on its shape
     */
    public static Trajectory linear(SortedMap<Integer, Map<String, Tensor>> checkpoints, List<String> parameterNames,
                                    int splits, AlphaSchedule schedule) {
        if (checkpoints.size() < 2 || checkpoints.firstKey() != -1) {
            throw new IllegalArgumentException("a trajectory needs at least 2 checkpoints starting at epoch -1, got epochs "
                    + checkpoints.keySet());
        }
        if (parameterNames.isEmpty()) {
            throw new IllegalArgumentException("a trajectory needs at least one parameter");
        }
        List<Integer> epochs = new ArrayList<>(checkpoints.keySet());
        List<Map<String, Tensor>> states = new ArrayList<>();
        Map<String, Tensor> first = null;
        for (Map.Entry<Integer, Map<String, Tensor>> e : checkpoints.entrySet()) {
            Map<String, Tensor> s = ParameterMaps.select(e.getValue(), parameterNames);
            if (first != null) {
                for (String n : parameterNames) {
                    if (!s.get(n).shape().equals(first.get(n).shape())) {
                        throw new IllegalArgumentException("parameter '" + n + "' of epoch " + e.getKey() + " has shape "
                                + s.get(n).shape() + ", epoch -1 has " + first.get(n).shape());
                    }
                }
            } else {
                first = s;
            }
            states.add(s);
        }
        return new Trajectory(Collections.unmodifiableList(epochs), Collections.unmodifiableList(states),
                List.copyOf(parameterNames), splits, schedule);
    }

    /** The actual trajectory: exactly the stored checkpoints, one step per checkpoint after epoch −1. */
    public static Trajectory actual(SortedMap<Integer, Map<String, Tensor>> checkpoints, List<String> parameterNames) {
        return linear(checkpoints, parameterNames, 1, AlphaSchedule.UNIFORM);
    }

    /** Number of steps T = S·m (step 0, the initialization, not counted). */
    public int steps() {
        return splits * (checkpoints.size() - 1);
    }

    /** Sub-steps per segment S. */
    public int splits() {
        return splits;
    }

    public AlphaSchedule schedule() {
        return schedule;
    }

    /** The checkpoint epochs e_0 = −1, …, e_m. */
    public List<Integer> epochs() {
        return epochs;
    }

    /** The parameter names, in model order. */
    public List<String> parameterNames() {
        return names;
    }

    /** The stored parameters of checkpoint {@code i} (0 = epoch −1); live tensors, do not modify. */
    public Map<String, Tensor> checkpoint(int i) {
        return checkpoints.get(i);
    }

    /** The segment j in 1..m that step {@code t} (1..T) ends in; 0 for step 0. */
    public int segment(int t) {
        checkStep(t);
        return t == 0 ? 0 : (t - 1) / splits + 1;
    }

    /** The coefficient α of step {@code t} inside its segment (0 for step 0). */
    public double alpha(int t) {
        checkStep(t);
        return t == 0 ? 0.0 : alphas[(t - 1) % splits];
    }

    /** θ_t as fresh tensors. */
    public Map<String, Tensor> point(int t) {
        int j = segment(t);
        if (j == 0) return ParameterMaps.copy(checkpoints.get(0));
        return ParameterMaps.interpolate(checkpoints.get(j - 1), checkpoints.get(j), alpha(t));
    }

    /**
     * θ_t for reading only: the checkpoint's own tensors when step {@code t} falls on a checkpoint
     * (step 0 and each segment's last step: every step of an {@linkplain #actual actual} trajectory),
     * fresh interpolated tensors otherwise, with the values of {@link #point}. The caller must neither
     * change nor close what it gets; fresh tensors go with the caller's memory scope. Saves
     * {@link #point}'s copy (12.8 MB for the MNIST 2-MLP) on checkpoints where the point is only read,
     * as a gradient's.
     */
    public Map<String, Tensor> pointForReading(int t) {
        Map<String, Tensor> on = checkpointAt(t);
        return on != null ? on : point(t);
    }

    /** θ_t − θ_0 as fresh tensors (all zeros at t = 0). */
    public Map<String, Tensor> displacement(int t) {
        Map<String, Tensor> on = checkpointAt(t);
        Map<String, Tensor> p = on != null ? on : point(t);
        Map<String, Tensor> d = ParameterMaps.subtract(p, checkpoints.get(0));
        if (on == null) {
            ParameterMaps.close(p);
        }
        return d;
    }

    /**
     * The checkpoint step {@code t} falls on, or null: step 0's, and segment j's end where α is exactly 1
     * (the last sub-step of every segment; {@link ParameterMaps#interpolate} then copies it). No schedule
     * gives α = 0 after step 0.
     */
    private Map<String, Tensor> checkpointAt(int t) {
        int j = segment(t);
        if (j == 0) return checkpoints.get(0);
        return alpha(t) == 1.0 ? checkpoints.get(j) : null;
    }

    private void checkStep(int t) {
        if (t < 0 || t > steps()) {
            throw new IllegalArgumentException("step " + t + " is outside [0, " + steps() + "]");
        }
    }

    @Override
    public String toString() {
        return "Trajectory[epochs " + epochs + ", S=" + splits + ", " + schedule + ", T=" + steps() + "]";
    }
}
