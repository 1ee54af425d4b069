// Reductions over the middle axis of an (outer, r, inner) view: one warp per output element. The
// launcher brings any set of reduced axes into that form (merging adjacent axes, permuting first
// when the reduced axes are not contiguous). Each lane folds a fixed subset in order and the
// lanes combine in a fixed butterfly, so results are deterministic.
#include "ltx_common.cuh"

// out[o, i] = scale * sum_k x[o, k, i]   (scale 1 for SUM, 1/r for MEAN)
extern "C" __global__ void reduce_sum_f32(float* out, const float* x, int outer, int r, int inner, float scale) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    long long outputs = (long long)outer * inner;
    for (long long w = warp; w < outputs; w += ltx_stride() >> 5) {
        long long o = w / inner;
        long long i = w - o * inner;
        const float* base = x + o * (long long)r * inner + i;
        float acc = 0.0f;
        for (int k = lane; k < r; k += 32) acc += base[(long long)k * inner];
        acc = ltx_warp_sum(acc);
        if (lane == 0) out[w] = acc * scale;
    }
}

// out[o, i] = max_k x[o, k, i], NaN if any element is NaN; r >= 1 (the launcher rejects r == 0).
extern "C" __global__ void reduce_max_f32(float* out, const float* x, int outer, int r, int inner) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    long long outputs = (long long)outer * inner;
    for (long long w = warp; w < outputs; w += ltx_stride() >> 5) {
        long long o = w / inner;
        long long i = w - o * inner;
        const float* base = x + o * (long long)r * inner + i;
        float acc = -INFINITY;
        for (int k = lane; k < r; k += 32) acc = ltx_max_nan(acc, base[(long long)k * inner]);
        acc = ltx_warp_max_nan(acc);
        if (lane == 0) out[w] = acc;
    }
}

// Whether candidate (v, k) beats the current best (bv, bk): a NaN beats every number, then larger
// values win, and ties (including NaN against NaN) go to the smaller index.
__device__ __forceinline__ bool ltx_argmax_better(float v, int k, float bv, int bk) {
    bool vn = v != v;
    bool bn = bv != bv;
    if (vn != bn) return vn;
    if (!vn && v != bv) return v > bv;
    return k < bk;
}

// out[o, i] = the first index k of the maximum of x[o, :, i] (the first NaN if any); r >= 1.
extern "C" __global__ void argmax_f32(long long* out, const float* x, int outer, int r, int inner) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    long long outputs = (long long)outer * inner;
    for (long long w = warp; w < outputs; w += ltx_stride() >> 5) {
        long long o = w / inner;
        long long i = w - o * inner;
        const float* base = x + o * (long long)r * inner + i;
        float bv = 0.0f;
        int bk = 0x7fffffff;
        for (int k = lane; k < r; k += 32) {
            float v = base[(long long)k * inner];
            if (bk == 0x7fffffff || ltx_argmax_better(v, k, bv, bk)) {
                bv = v;
                bk = k;
            }
        }
        for (int off = 16; off > 0; off >>= 1) {
            float ov = __shfl_xor_sync(0xffffffffu, bv, off);
            int ok = __shfl_xor_sync(0xffffffffu, bk, off);
            if (ok != 0x7fffffff && (bk == 0x7fffffff || ltx_argmax_better(ov, ok, bv, bk))) {
                bv = ov;
                bk = ok;
            }
        }
        if (lane == 0) out[w] = bk;
    }
}
