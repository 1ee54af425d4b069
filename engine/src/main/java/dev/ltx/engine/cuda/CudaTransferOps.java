package dev.ltx.engine.cuda;

import dev.ltx.engine.DType;
import dev.ltx.engine.GenericFusedOps;
import dev.ltx.engine.Tensor;
import dev.ltx.kernels.Kernel;

/**
 * Device kernels of learning transfer ({@code permute.cu}, {@code match.cu}): applying the
 * permutations of all permuted axes of a parameter in one pass, and one weight-matching cost
 * contribution {@code T(axis) · S(axis)ᵀ} without moving the axis first.
 */
final class CudaTransferOps {
    private CudaTransferOps() {
    }

    /** {@code out[i0, .., ir] = x[p0[i0], .., pr[ir]]}; {@code perms[a] == null} keeps axis a. */
    static Tensor applyPermutations(CudaBackend b, Tensor x, int[][] perms) {
        String op = "applyPermutations";
        CudaBackend.requireF32(x, op);
        GenericFusedOps.checkPermutations(x.shape(), perms);
        int rank = x.rank();
        if (rank > CudaMeta.MAX_RANK) {
            throw new UnsupportedOperationException("cuda " + op + ": rank " + rank + " exceeds " + CudaMeta.MAX_RANK);
        }
        int total = 0;
        int[] offsets = new int[rank];
        for (int a = 0; a < rank; a++) {
            if (perms[a] == null) {
                offsets[a] = -1;
                continue;
            }
            offsets[a] = total;
            total += perms[a].length;
        }
        int[] flat = new int[Math.max(1, total)];
        for (int a = 0; a < rank; a++) {
            if (perms[a] != null) System.arraycopy(perms[a], 0, flat, offsets[a], perms[a].length);
        }
        int[] meta = new int[1 + 3 * CudaMeta.MAX_RANK];
        meta[0] = rank;
        int[] strides = x.shape().strides();
        for (int a = 0; a < rank; a++) {
            meta[1 + a] = x.dim(a);
            meta[1 + CudaMeta.MAX_RANK + a] = strides[a];
            meta[1 + 2 * CudaMeta.MAX_RANK + a] = offsets[a];
        }
        CudaRuntime rt = b.runtime();
        return rt.call(op, () -> {
            Tensor out = b.allocate(x.shape(), DType.F32);
            try (DeviceBuffer p = rt.alloc(4L * flat.length)) {
                rt.upload(p, flat, 4L * flat.length);
                rt.launch1d(Kernel.PERMUTE_AXES_F32, x.numel(), new KernelArgs().ptr(b.address(out))
                        .ptr(b.address(x)).ptr(p.address()).i32(x.numel()).struct(meta));
            }
            return out;
        });
    }

    /** {@code cost (n, n) += scale · Σ_{o,k} t[o, i, k] · s[o, j, k]} with t and s viewed around {@code axis}. */
    static void addMatchCost(CudaBackend b, Tensor cost, Tensor t, Tensor s, int axis, double scale) {
        String op = "addMatchCost";
        CudaBackend.requireF32(cost, op);
        int a = GenericFusedOps.checkMatchCost(cost, t, s, axis);
        int n = t.dim(a);
        int outer = t.shape().product(0, a);
        int inner = t.shape().product(a + 1, t.rank());
        int tiles = (n + 15) / 16;
        CudaRuntime rt = b.runtime();
        rt.run(op, () -> {
            if (n == 0) return;
            rt.launch(Kernel.MATCH_COST_F32, new int[] {tiles, tiles, 1}, new int[] {16, 16, 1}, new KernelArgs()
                    .ptr(b.address(cost)).ptr(b.address(t)).ptr(b.address(s)).i32(n).i32(outer).i32(inner)
                    .f32((float) scale));
        });
    }
}
