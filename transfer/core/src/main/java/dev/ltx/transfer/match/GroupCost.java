package dev.ltx.transfer.match;

import dev.ltx.engine.DType;
import dev.ltx.engine.Tensor;
import dev.ltx.nn.DivergenceException;
import dev.ltx.transfer.lap.LapResult;
import dev.ltx.transfer.lap.LinearAssignment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One group's n×n cost matrix A_p as read back from the backend, row-major, in the precision of the
 * problem's tensors: float tensors give a float array (no widened copy kept here; the solver reads
 * the floats), double tensors a double array. Immutable by convention: callers must not modify it.
 */
final class GroupCost {
    private final int n;
    private final float[] f;
    private final double[] d;

    private GroupCost(int n, float[] f, double[] d) {
        this.n = n;
        this.f = f;
        this.d = d;
    }

    /**
     * Reads {@code a} (shape [n, n]) back in its own precision (F32: floats; otherwise doubles).
     *
     * @throws DivergenceException when an entry is NaN or infinite (one pass over the host copy),
     *                             naming permutation group {@code group}
     */
    static GroupCost of(Tensor a, String group) {
        return of(a, group, null);
    }

    /**
     * As {@link #of(Tensor, String)}, a float matrix read into {@code buffer} (length n², or null for a
     * new array); the result then lives only as long as the buffer's contents.
     */
    static GroupCost of(Tensor a, String group, float[] buffer) {
        int n = a.dim(0);
        GroupCost c;
        if (a.dtype() != DType.F32) {
            c = new GroupCost(n, null, a.toDoubles());
        } else if (buffer != null && buffer.length == a.numel()) {
            a.toFloats(buffer);
            c = new GroupCost(n, buffer, null);
        } else {
            c = new GroupCost(n, a.toFloats(), null);
        }
        long bad = c.nonFinite();
        if (bad > 0) {
            throw new DivergenceException(DivergenceException.Where.COST_MATRIX, "cost matrix of permutation group '"
                    + group + "' (" + n + "x" + n + ") has " + bad + " NaN or infinite entries");
        }
        return c;
    }

    private long nonFinite() {
        long bad = 0;
        if (f != null && allFinite(f)) {
            return 0;
        }
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

    /**
     * Whether every entry is finite: one vectorized pass taking the largest magnitude, which a NaN
     * or an infinity makes non-finite (the lane-wise maximum propagates NaN); the counting loop then
     * runs only on bad input.
     */
    private static boolean allFinite(float[] x) {
        VectorSpecies<Float> sp = FloatVector.SPECIES_PREFERRED;
        FloatVector m0 = FloatVector.zero(sp);
        FloatVector m1 = m0;
        int len = sp.length();
        int k = 0;
        for (int last = x.length - 2 * len; k <= last; k += 2 * len) {
            m0 = m0.max(FloatVector.fromArray(sp, x, k).abs());
            m1 = m1.max(FloatVector.fromArray(sp, x, k + len).abs());
        }
        float big = m0.max(m1).reduceLanes(VectorOperators.MAX);
        for (; k < x.length; k++) {
            big = Math.max(big, Math.abs(x[k]));
        }
        return Float.isFinite(big);
    }

    /** Entry {@code k} of the row-major matrix. */
    double at(int k) {
        return f != null ? f[k] : d[k];
    }

    /** {@code Σ_i A[i, cols[i]]}, summed in double in row order. */
    double assignedSum(int[] cols) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += at(i * n + cols[i]);
        }
        return sum;
    }

    /** The maximizing assignment, cold or from column potentials {@code from} (null: cold). */
    LapResult maximize(double[] from) {
        if (f != null) {
            return from != null ? LinearAssignment.solve(f, n, n, true, from) : LinearAssignment.solve(f, n, n, true);
        }
        return from != null ? LinearAssignment.solve(d, n, n, true, from) : LinearAssignment.solve(d, n, n, true);
    }
}
