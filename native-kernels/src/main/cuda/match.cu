// One weight-matching cost contribution on the device (reference §3.4): with T and S viewed as
// (outer, n, inner) around the permuted axis,
//   cost[i, j] += scale * sum_{o, k} T[o, i, k] * S[o, j, k],
// i.e. T(axis) · S(axis)ᵀ without moving the axis first. 16x16 output tiles, the (o, k) pairs
// streamed through shared memory 16 at a time; the sum is in float in a fixed order.
#include "ltx_common.cuh"

#define LTX_MATCH_TILE 16

extern "C" __global__ void match_cost_f32(float* cost, const float* t, const float* s, int n, int outer, int inner,
                                          float scale) {
    __shared__ float ts[LTX_MATCH_TILE][LTX_MATCH_TILE + 1];
    __shared__ float ss[LTX_MATCH_TILE][LTX_MATCH_TILE + 1];
    int tx = threadIdx.x;
    int ty = threadIdx.y;
    int i0 = blockIdx.y * LTX_MATCH_TILE;
    int j0 = blockIdx.x * LTX_MATCH_TILE;
    long long q = (long long)outer * inner;
    float acc = 0.0f;
    for (long long q0 = 0; q0 < q; q0 += LTX_MATCH_TILE) {
        long long qq = q0 + tx;
        float tv = 0.0f;
        float sv = 0.0f;
        if (qq < q) {
            long long o = qq / inner;
            long long k = qq - o * inner;
            if (i0 + ty < n) tv = t[(o * n + i0 + ty) * inner + k];
            if (j0 + ty < n) sv = s[(o * n + j0 + ty) * inner + k];
        }
        ts[ty][tx] = tv;  // row i0+ty, reduction index tx
        ss[ty][tx] = sv;  // row j0+ty
        __syncthreads();
        for (int r = 0; r < LTX_MATCH_TILE; r++) acc += ts[ty][r] * ss[tx][r];
        __syncthreads();
    }
    int i = i0 + ty;
    int j = j0 + tx;
    if (i < n && j < n) cost[(long long)i * n + j] += scale * acc;
}
