package dev.ltx.engine.cpu;

import dev.ltx.engine.DType;
import dev.ltx.engine.ReduceOp;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 fast path of {@code reduce}. The shape is collapsed into alternating runs of kept and
 * reduced axes (size-1 axes dropped); each reduced run is then an {@code (outer, red, inner)}
 * problem, solved innermost run first (between runs, partial results are rounded to float).
 * Two vectorized kernels:
 * <ul>
 *   <li>{@code inner == 1}: each output sums a contiguous row. Rows are cut into chunks of
 *       {@link #CHUNK} elements; within a chunk, float vector lanes accumulate blocks of
 *       {@link #BLOCK} vectors whose lanes are added in double; chunk totals are added in
 *       double in chunk order.</li>
 *   <li>{@code inner > 1}: each output column runs down the rows; vector lanes span the columns,
 *       accumulate {@link #BLOCK} rows in float, then flush into double accumulators.</li>
 * </ul>
 * The summation order depends only on the shape (never on the thread count), so results are
 * bit-identical for any number of threads. MAX propagates NaN like the reference.
 */
final class CpuReduceFast {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int CHUNK = 1 << 14;
    static final int BLOCK = 64;
    /** Columns per task in the {@code inner > 1} kernel. */
    static final int TILE = 256;

    private CpuReduceFast() {
    }

    static Tensor reduce(CpuBackend b, ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        boolean[] reduced = CpuReduceOps.reducedAxes(x.shape(), axes);
        Shape kept = CpuReduceOps.keptShape(x.shape(), reduced);
        Shape outShape = keepDims ? kept : CpuReduceOps.droppedShape(x.shape(), reduced);
        int outN = kept.numel();
        int count = outN == 0 ? 0 : x.numel() / outN;
        if (count == 0 || outN == 0) {
            // Empty groups or an empty result: the reference already defines these edge cases.
            return CpuReduceReference.reduce(b, op, x, axes, keepDims);
        }
        List<int[]> groups = groups(x.shape(), reduced);
        float[] data = CpuStorage.f32(x);
        int runs = 0;
        for (int[] g : groups) if (g[1] == 1) runs++;
        boolean max = op == ReduceOp.MAX;
        for (int gi = groups.size() - 1; gi >= 0; gi--) {
            if (groups.get(gi)[1] == 0) continue;
            int outer = 1;
            for (int k = 0; k < gi; k++) outer *= groups.get(k)[0];
            int inner = 1;
            for (int k = gi + 1; k < groups.size(); k++) inner *= groups.get(k)[0];
            int red = groups.get(gi)[0];
            runs--;
            double post = op == ReduceOp.MEAN && runs == 0 ? 1.0 / count : 1.0;
            float[] next = inner == 1 ? rows(b, data, outer, red, max, post)
                    : columns(b, data, outer, red, inner, max, post);
            if (data != CpuStorage.f32(x)) b.arrays().release(data); // an intermediate stage
            data = next;
            groups.remove(gi);
        }
        if (data == CpuStorage.f32(x) || data.length != outN) {
            float[] copy = b.floats(outN);
            System.arraycopy(data, 0, copy, 0, Math.min(outN, data.length));
            if (data != CpuStorage.f32(x)) b.arrays().release(data);
            data = copy;
        }
        return b.wrap(data, outShape, DType.F32);
    }

    /** Collapsed runs of the shape as {size, 1 if reduced}; size-1 axes dropped. */
    private static List<int[]> groups(Shape s, boolean[] reduced) {
        List<int[]> g = new ArrayList<>();
        for (int i = 0; i < s.rank(); i++) {
            int d = s.dim(i);
            if (d == 1) continue;
            int r = reduced[i] ? 1 : 0;
            if (!g.isEmpty() && g.get(g.size() - 1)[1] == r) {
                g.get(g.size() - 1)[0] *= d;
            } else {
                g.add(new int[] {d, r});
            }
        }
        return g;
    }

    /** Each thread's scratch for one vector's lanes (a new array per task was steady garbage). */
    private static final ThreadLocal<float[]> LANES = ThreadLocal.withInitial(() -> new float[S.length()]);

    /** out[o] = reduction of the contiguous row in[o·red, (o+1)·red). */
    private static float[] rows(CpuBackend b, float[] in, int outer, int red, boolean max, double post) {
        int perRow = (red + CHUNK - 1) / CHUNK;
        int tasks = outer * perRow;
        double[] partial = new double[tasks];
        int grain = Math.max(1, CHUNK / Math.min(red, CHUNK));
        b.pool().forRange(tasks, grain, (from, to) -> {
            float[] lanes = LANES.get();
            for (int t = from; t < to; t++) {
                int o = t / perRow;
                int start = o * red + (t - o * perRow) * CHUNK;
                int end = Math.min(o * red + red, start + CHUNK);
                partial[t] = max ? maxRange(in, start, end) : sumRange(in, start, end, lanes);
            }
        });
        float[] out = b.floats(outer);
        for (int o = 0; o < outer; o++) {
            double acc = partial[o * perRow];
            for (int c = 1; c < perRow; c++) {
                double p = partial[o * perRow + c];
                acc = max ? (Double.isNaN(p) || p > acc ? p : acc) : acc + p;
            }
            out[o] = (float) (max ? acc : acc * post);
        }
        return out;
    }

    /**
     * Sum of {@code in[from, to)}: float lanes accumulate blocks of {@link #BLOCK} vectors, whose
     * lanes are then added in double in lane order. ({@code reduceLanes(ADD)} is avoided: its
     * summation order is unspecified and may differ between interpreted and compiled code.)
     */
    private static double sumRange(float[] in, int from, int to, float[] lanes) {
        double total = 0;
        int i = from;
        int step = S.length();
        int blockElems = BLOCK * step;
        while (to - i >= step) {
            int end = i + Math.min(blockElems, S.loopBound(to - i));
            FloatVector acc = FloatVector.zero(S);
            for (; i < end; i += step) acc = acc.add(FloatVector.fromArray(S, in, i));
            acc.intoArray(lanes, 0);
            for (int l = 0; l < step; l++) total += lanes[l];
        }
        for (; i < to; i++) total += in[i];
        return total;
    }

    private static double maxRange(float[] in, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; i < bound; i += S.length()) acc = acc.max(FloatVector.fromArray(S, in, i));
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < to; i++) m = Math.max(m, in[i]);
        return m;
    }

    /** out[o, i] = reduction over r of in[(o·red + r)·inner + i]. */
    private static float[] columns(CpuBackend b, float[] in, int outer, int red, int inner, boolean max, double post) {
        float[] out = b.floats(outer * inner);
        int tiles = (inner + TILE - 1) / TILE;
        int grain = Math.max(1, CHUNK / Math.max(1, red * Math.min(inner, TILE)));
        b.pool().forRange(outer * tiles, grain, (from, to) -> {
            double[] acc = new double[TILE];
            float[] lanes = LANES.get();
            for (int t = from; t < to; t++) {
                int o = t / tiles;
                int c0 = (t - o * tiles) * TILE;
                int c1 = Math.min(inner, c0 + TILE);
                int base = o * red * inner;
                if (max) {
                    maxColumns(in, base, red, inner, c0, c1, out, o * inner);
                } else {
                    sumColumns(in, base, red, inner, c0, c1, acc, lanes);
                    for (int c = c0; c < c1; c++) out[o * inner + c] = (float) (acc[c - c0] * post);
                }
            }
        });
        return out;
    }

    private static void sumColumns(float[] in, int base, int red, int inner, int c0, int c1, double[] acc,
                                   float[] lanes) {
        java.util.Arrays.fill(acc, 0, c1 - c0, 0.0);
        int step = S.length();
        int vecEnd = c0 + S.loopBound(c1 - c0);
        for (int r0 = 0; r0 < red; r0 += BLOCK) {
            int r1 = Math.min(red, r0 + BLOCK);
            for (int c = c0; c < vecEnd; c += step) {
                FloatVector v = FloatVector.zero(S);
                for (int r = r0; r < r1; r++) v = v.add(FloatVector.fromArray(S, in, base + r * inner + c));
                v.intoArray(lanes, 0);
                for (int l = 0; l < step; l++) acc[c - c0 + l] += lanes[l];
            }
            for (int c = vecEnd; c < c1; c++) {
                float s = 0;
                for (int r = r0; r < r1; r++) s += in[base + r * inner + c];
                acc[c - c0] += s;
            }
        }
    }

    private static void maxColumns(float[] in, int base, int red, int inner, int c0, int c1, float[] out, int outBase) {
        int step = S.length();
        int vecEnd = c0 + S.loopBound(c1 - c0);
        for (int c = c0; c < vecEnd; c += step) {
            FloatVector v = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < red; r++) v = v.max(FloatVector.fromArray(S, in, base + r * inner + c));
            v.intoArray(out, outBase + c);
        }
        for (int c = vecEnd; c < c1; c++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int r = 0; r < red; r++) m = Math.max(m, in[base + r * inner + c]);
            out[outBase + c] = m;
        }
    }
}
