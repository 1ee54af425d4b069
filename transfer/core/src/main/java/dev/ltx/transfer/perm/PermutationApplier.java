package dev.ltx.transfer.perm;

import dev.ltx.engine.Backend;
import dev.ltx.engine.DType;
import dev.ltx.engine.Device;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a {@link Permutations} set to a state dict.
 *
 * <p>Every tensor is gathered in ONE backend pass whatever the number of its permuted axes: with
 * L the last permuted axis, the tensor is viewed (no copy) as {@code (d0·…·dL, rest)} and one
 * {@link Backend#indexSelect} along axis 0 takes a composite index of length {@code d0·…·dL}
 * whose entry for coordinates (c0, …, cL) is {@code Σ_a src_a(c_a)·stride_a}, with
 * {@code src_a = perm_a[c_a]} on permuted axes and {@code c_a} elsewhere. The index array is as
 * long as the leading block only (for a conv weight (O, I, k, k): O·I), never per element.
 */
public final class PermutationApplier {
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
     * {@link Backend#indexSelect} pass; {@code t} itself (not a copy) when nothing is to be permuted.
     * Weight matching uses {@code skipAxis} to build a member's source with all OTHER axes permuted.
     */
    public static Tensor permute(Tensor t, List<PermutationGroup> axes, Permutations perms, int skipAxis, Backend b) {
        int last = -1;
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a) != null && a != skipAxis) {
                last = a;
            }
        }
        if (last < 0) {
            return t;
        }
        Shape s = t.shape();
        int lead = s.product(0, last + 1);
        int rest = s.product(last + 1, s.rank());
        int[] index = compositeIndex(s, axes, perms, skipAxis, last);
        Tensor flat = b.reshape(t, Shape.of(lead, rest));
        Tensor gathered = b.indexSelect(flat, 0, b.fromInts(index, Shape.of(lead)));
        return b.reshape(gathered, s);
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
        int[] index = last < 0 ? new int[] {0} : compositeIndex(sh, axes, perms, -1, last);
        // four partial sums (j mod 4) for instruction-level parallelism, combined at the end
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        double a3 = 0;
        if (t.dtype() == DType.F32 && s.dtype() == DType.F32) {
            float[] x = t.toFloats();
            float[] y = s.toFloats();
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
     * {@code sum(t · permute(s))} with backend ops in the tensors' dtype (F32 on a GPU), inside a
     * scope that releases the temporaries; one scalar is read back.
     */
    private static double deviceDot(Tensor t, Tensor s, List<PermutationGroup> axes, Permutations perms) {
        Backend b = t.backend();
        try (Backend.Scope ignored = b.openScope()) {
            return b.dot(t, permute(s, axes, perms, -1, b));
        }
    }

    /** The flat source row of each row of the {@code (d0·…·dLast, rest)} view. */
    private static int[] compositeIndex(Shape s, List<PermutationGroup> axes, Permutations perms, int skipAxis,
                                        int last) {
        int[] index = {0};
        for (int a = 0; a <= last; a++) {
            int d = s.dim(a);
            PermutationGroup g = a == skipAxis ? null : axes.get(a);
            int[] p = g == null ? null : perms.internal(g.name());
            int[] next = new int[index.length * d];
            int k = 0;
            for (int base : index) {
                int scaled = base * d;
                for (int c = 0; c < d; c++) {
                    next[k++] = scaled + (p == null ? c : p[c]);
                }
            }
            index = next;
        }
        return index;
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
