package dev.ltx.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ltx.engine.DType;
import dev.ltx.engine.Shape;
import org.junit.jupiter.api.Test;

/** The kernel metadata builders: axis merging must keep every element's source and target offsets. */
class CudaMetaTest {
    @Test
    void contiguousCopyMergesToOneAxis() {
        int[] dims = {3, 4, 5};
        int[] s = CudaMeta.contiguous(dims);
        int[][] m = CudaMeta.simplify(dims, s, s);
        assertArrayEquals(new int[] {60}, m[0]);
        assertArrayEquals(new int[] {1}, m[1]);
    }

    @Test
    void sizeOneAxesDisappearAndScalarsBecomeRankOne() {
        int[][] m = CudaMeta.simplify(new int[] {1, 1}, new int[] {1, 1});
        assertArrayEquals(new int[] {1}, m[0]);
        m = CudaMeta.simplify(new int[] {4, 1, 6}, new int[] {6, 6, 1}, new int[] {0, 0, 1});
        assertArrayEquals(new int[] {4, 6}, m[0]);
        assertArrayEquals(new int[] {6, 1}, m[1]);
        assertArrayEquals(new int[] {0, 1}, m[2]);
    }

    @Test
    void transposeDoesNotMerge() {
        // out (5, 4) reading in (4, 5) transposed
        int[][] m = CudaMeta.simplify(new int[] {5, 4}, new int[] {1, 5}, new int[] {4, 1});
        assertArrayEquals(new int[] {5, 4}, m[0]);
    }

    /** Every simplified walk visits the same (source, target) pairs as the original one. */
    @Test
    void simplifiedWalkVisitsTheSameOffsets() {
        int[] dims = {2, 3, 1, 4, 5};
        int[] in = {0, 20, 20, 5, 1};   // broadcast along axis 0, contiguous elsewhere
        int[] out = CudaMeta.contiguous(dims);
        int[][] m = CudaMeta.simplify(dims, in, out);
        assertArrayEquals(walk(dims, in), walk(m[0], m[1]));
        assertArrayEquals(walk(dims, out), walk(m[0], m[2]));
    }

    private static long[] walk(int[] dims, int[] strides) {
        int n = 1;
        for (int d : dims) n *= d;
        long[] offs = new long[n];
        for (int i = 0; i < n; i++) {
            long rest = i;
            long off = 0;
            for (int ax = dims.length - 1; ax >= 0; ax--) {
                off += (rest % dims[ax]) * strides[ax];
                rest /= dims[ax];
            }
            offs[i] = off;
        }
        return offs;
    }

    @Test
    void eightByteElementsMoveAsTwoWords() {
        int[] meta = CudaMeta.strided(new int[] {3, 2}, new int[] {1, 3}, new int[] {2, 1}, DType.I64, "test");
        int r = CudaMeta.MAX_RANK;
        assertEquals(3, meta[0]);
        assertArrayEquals(new int[] {3, 2, 2}, java.util.Arrays.copyOfRange(meta, 1, 4));
        assertArrayEquals(new int[] {2, 6, 1}, java.util.Arrays.copyOfRange(meta, 1 + r, 4 + r));
        assertArrayEquals(new int[] {4, 2, 1}, java.util.Arrays.copyOfRange(meta, 1 + 2 * r, 4 + 2 * r));
    }

    @Test
    void binaryMetaUsesBroadcastStrides() {
        int[] meta = CudaMeta.binary(Shape.of(2, 3, 4), Shape.of(2, 3, 4), Shape.of(3, 1), "add");
        int r = CudaMeta.MAX_RANK;
        assertEquals(3, meta[0]);
        assertArrayEquals(new int[] {2, 3, 4}, java.util.Arrays.copyOfRange(meta, 1, 4));
        assertArrayEquals(new int[] {12, 4, 1}, java.util.Arrays.copyOfRange(meta, 1 + r, 4 + r));
        assertArrayEquals(new int[] {0, 1, 0}, java.util.Arrays.copyOfRange(meta, 1 + 2 * r, 4 + 2 * r));
    }

    @Test
    void tooManyAxesAfterMergingIsUnsupported() {
        int[] dims = new int[11];
        int[] in = new int[11];
        int[] out = new int[11];
        for (int i = 0; i < 11; i++) {
            dims[i] = 2;
            in[i] = 1 << i;          // reversed order: nothing merges
            out[i] = 1 << (10 - i);
        }
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> CudaMeta.strided(dims, in, out, DType.F32, "permute"));
        assertEquals(true, e.getMessage().contains("permute"), e.getMessage());
    }
}
