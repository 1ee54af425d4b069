package dev.ltx.transfer.match;

import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.DivergenceException;
import dev.ltx.nn.FiniteCheck;
import dev.ltx.transfer.lap.LapResult;
import dev.ltx.transfer.lap.LinearAssignment;
import dev.ltx.transfer.lap.NonFiniteCostException;
import java.util.Map;

/**
 * One group's n×n cost matrix A_p as read back from the backend, row-major, in the precision of the
 * problem's tensors: float tensors give a float array (no widened copy kept here; the solver reads
 * the floats), double tensors a double array. Its values are immutable by convention (callers must
 * not modify them); it only records, once, that they were found finite.
 */
final class GroupCost {
    private final int n;
    private final float[] f;
    private final double[] d;
    private final String group;
    /**
     * Whether every entry is known to be finite: checked when read, except a float matrix read in place,
     * which its first solve checks ({@link #maximize}) or, when something else reads it first, one host pass.
     */
    private boolean verified;

    private GroupCost(int n, float[] f, double[] d, String group) {
        this.n = n;
        this.f = f;
        this.d = d;
        this.group = group;
    }

    /**
     * Reads {@code a} (shape [n, n]) back in its own precision (F32: floats; otherwise doubles).
     *
     * @throws DivergenceException when an entry is NaN or infinite (found by {@link FiniteCheck}, then
     *                             counted on the host copy), naming permutation group {@code group}
     */
    static GroupCost of(Tensor a, String group) {
        return of(a, group, null);
    }

    /**
     * As {@link #of(Tensor, String)}, a float matrix read into {@code buffer} (length n², or null for a
     * new array); the result then lives only as long as the buffer's contents.
     */
    static GroupCost of(Tensor a, String group, float[] buffer) {
        return read(a, group, buffer, false);
    }

    /**
     * As {@link #of(Tensor, String, float[])}, but a float matrix that its backend keeps in a host array
     * ({@link dev.ltx.engine.Backend#hostFloatView}) is read in place, without a copy: the result is
     * then valid only while {@code a} is open and unchanged. On the MNIST 2-MLP (n = 4096) this saves
     * copying 64 MiB per FGMT step. Such a matrix is not checked here but by the solver's own range
     * pass at its first {@link #maximize} (or, when an entry is read first, by one host pass), which
     * throws the same {@link DivergenceException}: on the MNIST 2-MLP that saves a second pass over the
     * 64 MiB per FGMT step (the backend sum, about 2 ms).
     */
    static GroupCost viewOf(Tensor a, String group, float[] buffer) {
        return read(a, group, buffer, true);
    }

    private static GroupCost read(Tensor a, String group, float[] buffer, boolean inPlace) {
        int n = a.dim(0);
        float[] view = inPlace ? a.backend().hostFloatView(a) : null;
        GroupCost c;
        if (a.dtype() != DType.F32) {
            c = new GroupCost(n, null, a.toDoubles(), group);
        } else if (view != null) {
            return new GroupCost(n, view, null, group); // checked by its first solve
        } else if (buffer != null && buffer.length == a.numel()) {
            a.toFloats(buffer);
            c = new GroupCost(n, buffer, null, group);
        } else {
            c = new GroupCost(n, a.toFloats(), null, group);
        }
        // the shared check (a backend sum, host scan only when that sum is not finite); counted here for the message
        long bad = FiniteCheck.firstNonFinite(Map.of(group, a)) == null ? 0 : c.nonFinite();
        if (bad > 0) {
            throw c.divergence(bad);
        }
        c.verified = true;
        return c;
    }

    private DivergenceException divergence(long bad) {
        return new DivergenceException(DivergenceException.Where.COST_MATRIX, "cost matrix of permutation group '"
                + group + "' (" + n + "x" + n + ") has " + bad + " NaN or infinite entries");
    }

    /** Checks every entry (one host pass) unless that is known; throws the divergence when one is not finite. */
    private void verify() {
        if (!verified) {
            long bad = nonFinite();
            if (bad > 0) {
                throw divergence(bad);
            }
            verified = true;
        }
    }

    /** The number of NaN or infinite entries (one pass over the host values). */
    private long nonFinite() {
        long bad = 0;
        if (f != null) {
            for (float x : f) {
                bad += Float.isFinite(x) ? 0 : 1;
            }
        } else {
            for (double x : d) {
                bad += Double.isFinite(x) ? 0 : 1;
            }
        }
        return bad;
    }

    /** Entry {@code k} of the row-major matrix. */
    double at(int k) {
        verify();
        return raw(k);
    }

    private double raw(int k) {
        return f != null ? f[k] : d[k];
    }

    /** {@code Σ_i A[i, cols[i]]}, summed in double in row order. */
    double assignedSum(int[] cols) {
        verify();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += raw(i * n + cols[i]);
        }
        return sum;
    }

    /**
     * The maximizing assignment, cold or from column potentials {@code from} (null: cold).
     *
     * @throws DivergenceException when an entry is NaN or infinite (a matrix read in place is checked here)
     */
    LapResult maximize(double[] from) {
        if (f != null && !verified) {
            LapResult r;
            try {
                r = LinearAssignment.solveFinite(f, n, true, from);
            } catch (NonFiniteCostException e) {
                throw divergence(nonFinite());
            }
            verified = true;
            return r;
        }
        if (f != null) {
            return from != null ? LinearAssignment.solve(f, n, n, true, from) : LinearAssignment.solve(f, n, n, true);
        }
        return from != null ? LinearAssignment.solve(d, n, n, true, from) : LinearAssignment.solve(d, n, n, true);
    }
}
