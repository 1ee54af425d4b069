package dev.ltx.engine;

/**
 * Numpy broadcasting rules, shared by every backend.
 *
 * <p>Two shapes are aligned at their last axis; missing leading axes count as size 1. Along each
 * axis the sizes must be equal or one of them must be 1, and the result takes the larger size
 * (a size-0 axis broadcasts only against 0 or 1). A shape broadcast into a larger result is read
 * with stride 0 along the axes where it has size 1 (or is missing).
 */
public final class Broadcast {
    private Broadcast() {
    }

    /**
     * The broadcast shape of {@code a} and {@code b}.
     *
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static Shape shape(Shape a, Shape b, String op) {
        int rank = Math.max(a.rank(), b.rank());
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromEnd(a, rank - 1 - i);
            int db = dimFromEnd(b, rank - 1 - i);
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b
                        + " do not broadcast (axis " + i + " of the result: " + da + " vs " + db + ")");
            }
        }
        return Shape.of(out);
    }

    /** Whether {@code in} can be broadcast into exactly {@code out} (without changing {@code out}). */
    public static boolean fits(Shape in, Shape out) {
        if (in.rank() > out.rank()) return false;
        for (int i = 0; i < in.rank(); i++) {
            int d = dimFromEnd(in, i);
            if (d != 1 && d != dimFromEnd(out, i)) return false;
        }
        return true;
    }

    /**
     * Element strides for reading {@code in} while walking {@code out} in row-major order: one
     * entry per axis of {@code out}, 0 where {@code in} is broadcast.
     *
     * @throws IllegalArgumentException naming both shapes when {@code in} does not fit {@code out}
     */
    public static int[] strides(Shape in, Shape out) {
        if (!fits(in, out)) {
            throw new IllegalArgumentException("shape " + in + " cannot be broadcast to " + out);
        }
        int rank = out.rank();
        int offset = rank - in.rank();
        int[] inStrides = in.strides();
        int[] s = new int[rank];
        for (int i = offset; i < rank; i++) {
            s[i] = in.dim(i - offset) == 1 ? 0 : inStrides[i - offset];
        }
        return s;
    }

    /**
     * For every row-major index of {@code out}, the flat index of the element of {@code in} it
     * reads. Allocates {@code out.numel()} ints: meant for reference paths and general fallbacks.
     */
    public static int[] sourceIndices(Shape in, Shape out) {
        int[] s = strides(in, out);
        int[] dims = out.dims();
        int n = out.numel();
        int[] map = new int[n];
        int[] idx = new int[dims.length];
        int src = 0;
        for (int j = 0; j < n; j++) {
            map[j] = src;
            for (int ax = dims.length - 1; ax >= 0; ax--) {
                idx[ax]++;
                src += s[ax];
                if (idx[ax] < dims[ax]) break;
                src -= s[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return map;
    }

    /**
     * Describes {@code in} broadcast into {@code out} as a block pattern when it is one: element
     * {@code j} of {@code out} reads element {@code (j / inner) % mid} of {@code in}. That holds
     * when the axes where {@code in} is not 1 form one contiguous run of {@code out}'s axes, along
     * which the sizes agree. Examples: same shape ({@code mid = numel, inner = 1}); a bias row
     * {@code (C)} into {@code (N, C)} ({@code mid = C, inner = 1}); per-channel {@code (1, C, 1, 1)}
     * into {@code (N, C, H, W)} ({@code mid = C, inner = H·W}); a scalar ({@code mid = 1}).
     *
     * @return {@code {mid, inner}}, or null when {@code in} needs general index mapping
     */
    public static int[] block(Shape in, Shape out) {
        if (!fits(in, out)) return null;
        int rank = out.rank();
        int offset = rank - in.rank();
        int first = -1;
        int last = -1;
        for (int i = 0; i < rank; i++) {
            int d = i < offset ? 1 : in.dim(i - offset);
            if (d != 1) {
                if (first < 0) first = i;
                last = i;
            }
        }
        if (first < 0) return new int[] {1, Math.max(1, out.numel())};
        for (int i = first; i <= last; i++) {
            int d = i < offset ? 1 : in.dim(i - offset);
            if (d != out.dim(i)) return null;
        }
        return new int[] {out.product(first, last + 1), out.product(last + 1, rank)};
    }

    /** Size of the axis {@code fromEnd} places before the last one, 1 when the shape is shorter. */
    private static int dimFromEnd(Shape s, int fromEnd) {
        int i = s.rank() - 1 - fromEnd;
        return i < 0 ? 1 : s.dim(i);
    }
}
