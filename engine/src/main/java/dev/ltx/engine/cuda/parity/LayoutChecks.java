package dev.ltx.engine.cuda.parity;

import dev.ltx.engine.Backend;
import dev.ltx.engine.Compare;
import dev.ltx.engine.DType;
import dev.ltx.engine.Rng;
import dev.ltx.engine.Shape;
import dev.ltx.engine.Tensor;
import dev.ltx.engine.cuda.CudaBackend;
import dev.ltx.kernels.Kernel;
import java.util.ArrayList;
import java.util.List;

/**
 * Parity checks of {@code layout.cu}, {@code index.cu}, {@code permute.cu} and {@code match.cu}.
 * Data movement is exact for every dtype. Index-add sums up to {@code count} repeated slices and
 * the match cost is a dot product over outer·inner terms, with the bounds of {@link Data#sumBound}.
 * The fused permutation is checked against the reference's composition of one
 * {@link Backend#indexSelect} per permuted axis, and the match cost against the reference GEMM of
 * the axis-first views.
 */
final class LayoutChecks {
    private LayoutChecks() {
    }

    static List<ParityCheck> all(long seed) {
        List<ParityCheck> checks = new ArrayList<>();
        for (DType d : DType.values()) checks.add(layout(Shape.of(3, 5, 7, 2), d, seed + d.ordinal()));
        checks.add(indexSelect(Shape.of(6, 11, 5), 1, DType.F32, true, seed + 10));
        checks.add(indexSelect(Shape.of(13, 4), 0, DType.I64, false, seed + 11));
        checks.add(indexAdd(Shape.of(4, 9, 3), 1, 20, seed + 12));
        checks.add(permuteAxes(Shape.of(64, 32, 3, 3), true, true, seed + 13));
        checks.add(permuteAxes(Shape.of(10, 129), false, true, seed + 14));
        checks.add(matchCost(Shape.of(33, 17, 3, 3), 0, seed + 15));
        checks.add(matchCost(Shape.of(33, 17, 3, 3), 1, seed + 16));
        checks.add(matchCost(Shape.of(100, 61), 1, seed + 17));
        return checks;
    }

    private static Tensor[] typed(Rng rng, Backend ref, CudaBackend gpu, Shape s, DType d) {
        int n = s.numel();
        return switch (d) {
            case F32 -> Data.uniformPair(rng, ref, gpu, s, -1, 1);
            case F64 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = rng.nextGaussian() * 1e10;
                yield new Tensor[] {ref.fromDoubles(v, s), gpu.fromDoubles(v, s)};
            }
            case I32 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) v[i] = (int) rng.nextLong();
                yield new Tensor[] {ref.fromInts(v, s), gpu.fromInts(v, s)};
            }
            case I64 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = rng.nextLong();
                yield new Tensor[] {ref.fromLongs(v, s), gpu.fromLongs(v, s)};
            }
        };
    }

    /** Exact comparison of integer or floating contents (longs compared bit for bit, not via double). */
    private static Compare.Result exact(Tensor want, Tensor got) {
        if (!want.shape().equals(got.shape()) || want.dtype() != got.dtype()) {
            throw new AssertionError("shape/dtype differ: " + want + " vs " + got);
        }
        long[] a = want.dtype() == DType.F64 ? bits(want.toDoubles()) : want.dtype() == DType.F32
                ? bits(want.toDoubles()) : want.toLongs();
        long[] b = got.dtype() == DType.F64 ? bits(got.toDoubles()) : got.dtype() == DType.F32
                ? bits(got.toDoubles()) : got.toLongs();
        int failures = 0;
        int worst = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                failures++;
                if (worst < 0) worst = i;
            }
        }
        return new Compare.Result(failures == 0 ? 0 : Double.NaN, 0, worst, failures,
                worst < 0 ? 0 : a[worst], worst < 0 ? 0 : b[worst]);
    }

    private static long[] bits(double[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Double.doubleToRawLongBits(v[i]);
        return r;
    }

    /** permute, slice, sliceScatter, concat, reshape + copyInto and fill of one dtype. */
    static ParityCheck layout(Shape s, DType d, long seed) {
        return new ParityCheck("layout permute/slice/scatter/concat " + s + " " + d.shortName(),
                List.of(Kernel.STRIDED_COPY_F32, Kernel.FILL_I32), (ref, gpu) -> {
                    Rng rng = new Rng(seed);
                    Tensor[] x = typed(rng, ref, gpu, s, d);
                    Tensor[] y = typed(rng, ref, gpu, s.withDim(1, 2), d);
                    int[] perm = {2, 0, 3, 1};
                    Shape sc = s.withDim(2, 11);
                    Compare.Result r = Data.merge(
                            exact(ref.permute(x[0], perm), gpu.permute(x[1], perm)),
                            exact(ref.transpose(x[0], 0, 3), gpu.transpose(x[1], 0, 3)),
                            exact(ref.slice(x[0], 2, 1, 6), gpu.slice(x[1], 2, 1, 6)),
                            exact(ref.sliceScatter(sc, 2, 3, x[0]), gpu.sliceScatter(sc, 2, 3, x[1])),
                            exact(ref.concat(List.of(x[0], y[0], x[0]), 1), gpu.concat(List.of(x[1], y[1], x[1]), 1)),
                            exact(ref.reshape(ref.copy(x[0]), Shape.of(15, 14)), gpu.reshape(gpu.copy(x[1]), Shape.of(15, 14))));
                    return new ParityCheck.Outcome(r, 0, 0, () -> gpu.permute(x[1], perm).close());
                });
    }

    static ParityCheck indexSelect(Shape s, int axis, DType d, boolean wideIdx, long seed) {
        return new ParityCheck("index index_select " + s + " axis " + axis + " " + d.shortName(),
                List.of(Kernel.INDEX_SELECT_F32), (ref, gpu) -> {
                    Rng rng = new Rng(seed);
                    Tensor[] x = typed(rng, ref, gpu, s, d);
                    Tensor[] idx = Data.indexPair(rng, ref, gpu, 2 * s.dim(axis) + 1, s.dim(axis), wideIdx);
                    return new ParityCheck.Outcome(exact(ref.indexSelect(x[0], axis, idx[0]),
                            gpu.indexSelect(x[1], axis, idx[1])), 0, 0, () -> gpu.indexSelect(x[1], axis, idx[1]).close());
                });
    }

    static ParityCheck indexAdd(Shape s, int axis, int count, long seed) {
        return new ParityCheck("index index_add " + s + " axis " + axis + " count " + count,
                List.of(Kernel.INDEX_ADD_F32), (ref, gpu) -> {
                    Rng rng = new Rng(seed);
                    Tensor[] idx = Data.indexPair(rng, ref, gpu, count, s.dim(axis), false);
                    Tensor[] src = Data.uniformPair(rng, ref, gpu, s.withDim(axis, count), -1, 1);
                    return Data.compare(ref.indexAdd(s, axis, idx[0], src[0]), gpu.indexAdd(s, axis, idx[1], src[1]),
                            Data.sumBound(count, count, 1.0), 0.0, () -> gpu.indexAdd(s, axis, idx[1], src[1]).close());
                });
    }

    static ParityCheck permuteAxes(Shape s, boolean first, boolean second, long seed) {
        return new ParityCheck("permute permute_axes " + s, List.of(Kernel.PERMUTE_AXES_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            Tensor[] x = Data.uniformPair(rng, ref, gpu, s, -1, 1);
            int[][] perms = new int[s.rank()][];
            if (first) perms[0] = rng.permutation(s.dim(0));
            if (second) perms[1] = rng.permutation(s.dim(1));
            Tensor want = x[0];
            for (int a = 0; a < perms.length; a++) {
                if (perms[a] != null) want = ref.indexSelect(want, a, ref.fromInts(perms[a], Shape.of(perms[a].length)));
            }
            Tensor got = gpu.applyPermutations(x[1], perms);
            // the CPU op (one gather over a composite index) and the kernel are both exact copies
            return new ParityCheck.Outcome(Data.merge(exact(want, got), exact(ref.applyPermutations(x[0], perms), got)), 0, 0,
                    () -> gpu.applyPermutations(x[1], perms).close());
        });
    }

    static ParityCheck matchCost(Shape s, int axis, long seed) {
        return new ParityCheck("match match_cost " + s + " axis " + axis, List.of(Kernel.MATCH_COST_F32), (ref, gpu) -> {
            Rng rng = new Rng(seed);
            int n = s.dim(axis);
            Tensor[] t = Data.uniformPair(rng, ref, gpu, s, -1, 1);
            Tensor[] u = Data.uniformPair(rng, ref, gpu, s, -1, 1);
            Tensor[] cost = Data.uniformPair(rng, ref, gpu, Shape.of(n, n), -1, 1);
            double scale = 0.75;
            int rest = s.numel() / n;
            ref.addMatchCost(cost[0], t[0], u[0], axis, scale); // the CPU op: one GEMM after moving the axis
            gpu.addMatchCost(cost[1], t[1], u[1], axis, scale);
            double atol = scale * Data.sumBound(rest, rest, 1.0) + 2 * Data.EPS * (1 + scale * rest);
            return Data.compare(cost[0], cost[1], atol, 0.0, () -> gpu.addMatchCost(cost[1], t[1], u[1], axis, scale));
        });
    }
}
