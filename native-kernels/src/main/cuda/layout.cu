// Layout: one strided copy of 32-bit words serves permute, slice, slice-scatter and concat for
// every dtype (the launcher splits 8-byte elements into two words with a trailing axis of size 2).
#include "ltx_common.cuh"

// For every index (i0..ir) of m.dims: out[sum i*outStrides] = in[sum i*inStrides]; n = prod(dims).
extern "C" __global__ void strided_copy_f32(float* out, const float* in, int n, StridedMeta m) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        long long rest = i;
        long long src = 0;
        long long dst = 0;
        for (int ax = m.rank - 1; ax >= 0; ax--) {
            int d = m.dims[ax];
            long long q = rest / d;
            long long r = rest - q * d;
            src += r * m.inStrides[ax];
            dst += r * m.outStrides[ax];
            rest = q;
        }
        out[dst] = in[src];
    }
}
