// The fused permutation apply of learning transfer: every permuted axis of a tensor is gathered by
// its permutation in one pass, out[i0, .., ir] = x[p0(i0), .., pr(ir)], where axis a uses
// perms[offsets[a] + i] or the identity when offsets[a] < 0. One read and one write per element,
// instead of one indexSelect (and one temporary tensor) per permuted axis.
#include "ltx_common.cuh"

struct PermMeta {
    int rank;
    int dims[LTX_MAX_RANK];
    int strides[LTX_MAX_RANK];
    int offsets[LTX_MAX_RANK];
};

extern "C" __global__ void permute_axes_f32(float* out, const float* x, const int* perms, int n, PermMeta m) {
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        long long rest = t;
        long long src = 0;
        for (int ax = m.rank - 1; ax >= 0; ax--) {
            int d = m.dims[ax];
            long long q = rest / d;
            int i = (int)(rest - q * d);
            int j = m.offsets[ax] < 0 ? i : perms[m.offsets[ax] + i];
            src += (long long)j * m.strides[ax];
            rest = q;
        }
        out[t] = x[src];
    }
}
