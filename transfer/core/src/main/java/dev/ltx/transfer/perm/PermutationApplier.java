package dev.ltx.transfer.perm;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.GenericFusedOps;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.lang.ref.SoftReference;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link Permutations} set to a state dict.
 *
 * <p>Every tensor is gathered in ONE backend op whatever the number of its permuted axes,
 * {@link Backend#applyPermutations}: one kernel launch on a GPU; on the CPU one
 * {@link Backend#indexSelect} of the tensor viewed as {@code (d0·…·dL, rest)} (L the last permuted
 * axis) with a composite index as long as the leading block only (for a conv weight (O, I, k, k):
 * O·I), never per element ({@link GenericFusedOps#compositeIndex}).
 */
public final class PermutationApplier {
    private static final ThreadLocal<SoftReference<float[][]>> DOT_SCRATCH = new ThreadLocal<>();

    private PermutationApplier() {
    }

    /**
     * Returns a new ordered map with the same keys in the same order: every spec parameter permuted
     * on each of its permuted axes, every other entry (buffers, unknown names) copied by reference.
     *
     * @throws IllegalArgumentException when {@code perms} does not fit {@code spec} or a spec
     *                                  parameter in {@code state} has the wrong shape
     */
    public static Map<String, Tensor> apply(PermutationSpec spec, Permutations perms, Map<String, Tensor> state,
                                            Backend backend) {
        requireFits(spec, perms);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (!spec.contains(name)) {
                out.put(name, t);
                continue;
            }
            if (!t.shape().equals(spec.shape(name))) {
                throw new IllegalArgumentException("state parameter " + name + " has shape " + t.shape()
                        + " but the spec expects " + spec.shape(name));
            }
            out.put(name, permute(t, spec.axes(name), perms, -1, backend));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * {@code t} with each axis a whose group in {@code axes} is non-null (and {@code a != skipAxis};
     * pass -1 to permute every such axis) gathered by that group's permutation, in one
     * {@link Backend#applyPermutations}; {@code t} itself (not a copy) when nothing is to be permuted.
     * Weight matching uses {@code skipAxis} to build a member's source with all OTHER axes permuted.
     */
    public static Tensor permute(Tensor t, List<PermutationGroup> axes, Permutations perms, int skipAxis, Backend b) {
        int[][] table = table(axes, perms, skipAxis);
        for (int[] p : table) {
            if (p != null) {
                return b.applyPermutations(t, table);
            }
        }
        return t;
    }

    /** The permutation of each axis (null where the axis is kept or is {@code skipAxis}). */
    private static int[][] table(List<PermutationGroup> axes, Permutations perms, int skipAxis) {
        int[][] table = new int[axes.size()][];
        for (int a = 0; a < axes.size(); a++) {
            PermutationGroup g = axes.get(a);
            table[a] = g == null || a == skipAxis ? null : perms.internal(g.name());
        }
        return table;
    }

    /**
     * {@code ⟨t, permute(s, axes, perms, -1)⟩} accumulated in double (float entries widened
     * exactly, products exact; four interleaved partial sums), without materializing the permuted
     * tensor: the dot product of the two tensors' {@code toDoubles()} after {@link #permute} up to
     * the order of the double additions. On a device backend the tensors are not downloaded: the
     * permuted product is summed there ({@link #deviceDot}) and only the scalar comes back.
     */
    public static double permutedDot(Tensor t, Tensor s, List<PermutationGroup> axes, Permutations perms) {
        if (!t.shape().equals(s.shape())) {
            throw new IllegalArgumentException("permutedDot: shapes differ: " + t.shape() + " vs " + s.shape());
        }
        if (t.device().kind() != Device.Kind.CPU) {
            return deviceDot(t, s, axes, perms);
        }
        int last = -1;
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a) != null) {
                last = a;
            }
        }
        Shape sh = t.shape();
        int lead = last < 0 ? 1 : sh.product(0, last + 1);
        int rest = t.numel() / Math.max(1, lead);
        int[] index = last < 0 ? new int[] {0} : GenericFusedOps.compositeIndex(sh, table(axes, perms, -1), last);
        // four partial sums (j mod 4) for instruction-level parallelism, combined at the end
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        if (t.dtype() == DType.F32 && s.dtype() == DType.F32) {
            float[][] scratch = dotScratch(t.numel());
            float[] x = scratch[0];
            float[] y = scratch[1];
            t.toFloats(x);
            s.toFloats(y);
            for (int r = 0; r < lead; r++) {
                int xo = r * rest;
                int yo = index[r] * rest;
                int j = 0;
                for (; j + 3 < rest; j += 4) {
                    a0 += (double) x[xo + j] * y[yo + j];
                    a1 += (double) x[xo + j + 1] * y[yo + j + 1];
                    a2 += (double) x[xo + j + 2] * y[yo + j + 2];
                    a3 += (double) x[xo + j + 3] * y[yo + j + 3];
                }
                for (; j < rest; j++) {
                    a0 += (double) x[xo + j] * y[yo + j];
                }
            }
        } else {
            double[] x = t.toDoubles();
            double[] y = s.toDoubles();
            for (int r = 0; r < lead; r++) {
                int xo = r * rest;
                int yo = index[r] * rest;
                int j = 0;
                for (; j + 3 < rest; j += 4) {
                    a0 += x[xo + j] * y[yo + j];
                    a1 += x[xo + j + 1] * y[yo + j + 1];
                    a2 += x[xo + j + 2] * y[yo + j + 2];
                    a3 += x[xo + j + 3] * y[yo + j + 3];
                }
                for (; j < rest; j++) {
                    a0 += x[xo + j] * y[yo + j];
                }
            }
        }
        return (a0 + a1) + (a2 + a3);
    }

    /**
     * The calling thread's two host arrays of at least {@code numel} floats for {@link #permutedDot}
     * (grown as needed, softly held): FGMT's objective reads every parameter of every new pair, and a
     * fresh pair of arrays per read was most of a step's garbage after the cost matrix.
     */
    private static float[][] dotScratch(int numel) {
        SoftReference<float[][]> kept = DOT_SCRATCH.get();
        float[][] s = kept == null ? null : kept.get();
        if (s == null || s[0].length < numel) {
            s = new float[][] {new float[numel], new float[numel]};
            DOT_SCRATCH.set(new SoftReference<>(s));
        }
        return s;
    }

    /**
     * {@code sum(t · permute(s))} with backend ops in the tensors' dtype (F32 on a GPU), inside a
     * scope that releases the temporaries; one scalar is read back.
     */
    private static double deviceDot(Tensor t, Tensor s, List<PermutationGroup> axes, Permutations perms) {
        Backend b = t.backend();
        try (Backend.Scope ignored = b.openScope()) {
            return b.dot(t, permute(s, axes, perms, -1, b));
        }
    }

    /** Throws unless {@code perms} has exactly the groups of {@code spec} with their sizes. */
    static void requireFits(PermutationSpec spec, Permutations perms) {
        if (!perms.groups().equals(groupNames(spec))) {
            throw new IllegalArgumentException("permutations for groups " + perms.groups()
                    + " do not fit the spec's groups " + groupNames(spec));
        }
        for (PermutationGroup g : spec.groups()) {
            int n = perms.internal(g.name()).length;
            if (n != g.size()) {
                throw new IllegalArgumentException("permutation for group " + g.name() + " has length " + n
                        + " but the spec's group has size " + g.size());
            }
        }
    }

    private static Set<String> groupNames(PermutationSpec spec) {
        Set<String> names = new LinkedHashSet<>();
        spec.groups().forEach(g -> names.add(g.name()));
        return names;
    }
}
