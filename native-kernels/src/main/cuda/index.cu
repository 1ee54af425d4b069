// Gather and its adjoint along one axis of an (outer, size, inner) view. Indices are I32 or I64
// (wide != 0); an index outside [0, size) sets *bad = 1 and is skipped.
#include "ltx_common.cuh"

// out[o, j, i] = x[o, idx[j], i] for j < count; copies 32-bit words, so it serves F32, I32 and
// (with inner doubled) 8-byte dtypes.
extern "C" __global__ void index_select_f32(float* out, int* bad, const float* x, const void* idx, int wide, int outer, int size,
                                            int count, int inner) {
    long long n = (long long)outer * count * inner;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        long long i = t % inner;
        long long oj = t / inner;
        long long j = oj % count;
        long long o = oj / count;
        int s = ltx_index(idx, wide, j);
        if (s < 0 || s >= size) {
            *bad = 1;
            out[t] = 0.0f;
        } else {
            out[t] = x[(o * size + s) * inner + i];
        }
    }
}

// out[o, s, i] = sum over j with idx[j] == s of src[o, j, i]: the gather form of index-add, with no
// atomics, so repeated indices accumulate in a fixed order (increasing j).
extern "C" __global__ void index_add_f32(float* out, int* bad, const float* src, const void* idx, int wide, int outer, int size,
                                         int count, int inner) {
    long long n = (long long)outer * size * inner;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        long long i = t % inner;
        long long os = t / inner;
        int s = (int)(os % size);
        long long o = os / size;
        float acc = 0.0f;
        for (int j = 0; j < count; j++) {
            int k = ltx_index(idx, wide, j);
            if (k == s) acc += src[(o * count + j) * inner + i];
            if (k < 0 || k >= size) *bad = 1;
        }
        out[t] = acc;
    }
}
