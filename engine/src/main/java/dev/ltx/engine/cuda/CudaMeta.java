package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import java.util.Arrays;

/**
 * Builds the by-value metadata structs of the kernels (see {@code ltx_common.cuh}) as int arrays,
 * after simplifying the index space: size-1 axes are dropped and adjacent axes that every stride
 * array walks contiguously are merged, so most copies and broadcasts reach the kernel as rank 1
 * or 2 and the rank limit is rarely met.
 */
final class CudaMeta {
    /** LTX_MAX_RANK of ltx_common.cuh. */
    static final int MAX_RANK = 10;

    private CudaMeta() {
    }

    /** Row-major strides of {@code dims}. */
    static int[] contiguous(int[] dims) {
        return Shape.of(dims).strides();
    }

    /**
     * Drops size-1 axes and merges adjacent axes that are contiguous in every stride array.
     * Returns {@code {dims, strides0, strides1, ...}}; never rank 0 (a single element becomes (1)).
     */
    static int[][] simplify(int[] dims, int[]... strides) {
        int k = strides.length;
        int[] d = new int[dims.length];
        int[][] s = new int[k][dims.length];
        int r = 0;
        for (int ax = 0; ax < dims.length; ax++) {
            if (dims[ax] == 1) continue;
            boolean merge = r > 0;
            for (int j = 0; j < k && merge; j++) {
                merge = s[j][r - 1] == (long) strides[j][ax] * dims[ax];
            }
            if (merge) {
                d[r - 1] *= dims[ax];
                for (int j = 0; j < k; j++) s[j][r - 1] = strides[j][ax];
            } else {
                d[r] = dims[ax];
                for (int j = 0; j < k; j++) s[j][r] = strides[j][ax];
                r++;
            }
        }
        if (r == 0) {
            int[][] out = new int[k + 1][1];
            out[0][0] = 1;
            return out;
        }
        int[][] out = new int[k + 1][];
        out[0] = Arrays.copyOf(d, r);
        for (int j = 0; j < k; j++) out[j + 1] = Arrays.copyOf(s[j], r);
        return out;
    }

    /** 32-bit words per element: layout kernels move words, so 8-byte dtypes take two. */
    static int words(DType dtype) {
        return dtype.bytes() / 4;
    }

    /** Appends a word axis of size 2 (stride 1) and doubles the other strides, for 8-byte elements. */
    static int[][] widen(int[][] simplified, int words) {
        if (words == 1) return simplified;
        int[][] out = new int[simplified.length][];
        for (int j = 0; j < simplified.length; j++) {
            int[] a = simplified[j];
            int[] b = Arrays.copyOf(a, a.length + 1);
            if (j == 0) {
                b[a.length] = words;
            } else {
                for (int i = 0; i < a.length; i++) b[i] = a[i] * words;
                b[a.length] = 1;
            }
            out[j] = b;
        }
        return out;
    }

    /** Packs {rank, then each array padded to MAX_RANK} into one int struct. */
    static int[] pack(int[][] arrays, String what) {
        int rank = arrays[0].length;
        if (rank > MAX_RANK) {
            throw new UnsupportedOperationException("cuda " + what + ": rank " + rank + " after merging axes "
                    + Arrays.toString(arrays[0]) + " exceeds the kernel limit " + MAX_RANK);
        }
        int[] out = new int[1 + arrays.length * MAX_RANK];
        out[0] = rank;
        for (int j = 0; j < arrays.length; j++) System.arraycopy(arrays[j], 0, out, 1 + j * MAX_RANK, rank);
        return out;
    }

    /** StridedMeta for copying {@code dims} of {@code dtype} elements from in-strides to out-strides. */
    static int[] strided(int[] dims, int[] inStrides, int[] outStrides, DType dtype, String what) {
        return pack(widen(simplify(dims, inStrides, outStrides), words(dtype)), what);
    }

    /** BinaryMeta of {@code a} and {@code b} broadcast into {@code out}. */
    static int[] binary(Shape out, Shape a, Shape b, String what) {
        int[] sa = dev.ltx.engine.Broadcast.strides(a, out);
        int[] sb = dev.ltx.engine.Broadcast.strides(b, out);
        return pack(simplify(out.dims(), sa, sb), what);
    }

    /** Number of 32-bit words of a whole element range. */
    static long wordCount(long elements, DType dtype) {
        return elements * words(dtype);
    }
}
