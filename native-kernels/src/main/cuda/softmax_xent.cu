// Softmax, log-softmax and cross-entropy: one warp per row of an (outer, r, inner) view (softmax
// along the middle axis) or of (n, c) logits. Three passes over the row: max, sum of exp(x - max),
// then the outputs. Labels are I32 or I64 (wide != 0). Label errors are reported through `bad` (set to 1), never by reading out of
// bounds.
#include "ltx_common.cuh"

__device__ __forceinline__ void ltx_row_stats(const float* row, int r, int inner, int lane, float* maxOut, float* sumOut) {
    float m = -INFINITY;
    for (int k = lane; k < r; k += 32) m = ltx_max_nan(m, row[(long long)k * inner]);
    m = ltx_warp_max_nan(m);
    float s = 0.0f;
    for (int k = lane; k < r; k += 32) s += expf(row[(long long)k * inner] - m);
    *maxOut = m;
    *sumOut = ltx_warp_sum(s);
}

extern "C" __global__ void softmax_f32(float* out, const float* x, int outer, int r, int inner) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    long long rows = (long long)outer * inner;
    for (long long w = warp; w < rows; w += ltx_stride() >> 5) {
        long long o = w / inner;
        long long i = w - o * inner;
        long long start = o * (long long)r * inner + i;
        float m, s;
        ltx_row_stats(x + start, r, inner, lane, &m, &s);
        float inv = 1.0f / s;
        for (int k = lane; k < r; k += 32) {
            long long at = start + (long long)k * inner;
            out[at] = expf(x[at] - m) * inv;
        }
    }
}

extern "C" __global__ void log_softmax_f32(float* out, const float* x, int outer, int r, int inner) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    long long rows = (long long)outer * inner;
    for (long long w = warp; w < rows; w += ltx_stride() >> 5) {
        long long o = w / inner;
        long long i = w - o * inner;
        long long start = o * (long long)r * inner + i;
        float m, s;
        ltx_row_stats(x + start, r, inner, lane, &m, &s);
        float lse = m + logf(s);
        for (int k = lane; k < r; k += 32) {
            long long at = start + (long long)k * inner;
            out[at] = x[at] - lse;
        }
    }
}

// loss[i] = logsumexp(logits[i, :]) - logits[i, labels[i]]; a label outside [0, c) sets *bad = 1
// and gives NaN.
extern "C" __global__ void cross_entropy_f32(float* loss, int* bad, const float* logits, const void* labels, int wide, int n, int c) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    for (long long w = warp; w < n; w += ltx_stride() >> 5) {
        const float* row = logits + w * (long long)c;
        float m, s;
        ltx_row_stats(row, c, 1, lane, &m, &s);
        if (lane == 0) {
            int y = ltx_index(labels, wide, w);
            if (y < 0 || y >= c) {
                *bad = 1;
                loss[w] = NAN;
            } else {
                loss[w] = m + logf(s) - row[y];
            }
        }
    }
}

// grad[i, j] = (softmax(logits[i])[j] - (j == labels[i])) * gradLoss[i]
extern "C" __global__ void cross_entropy_backward_f32(float* grad, int* bad, const float* logits, const void* labels, int wide,
                                                      const float* gradLoss, int n, int c) {
    long long warp = ltx_tid() >> 5;
    int lane = threadIdx.x & 31;
    for (long long w = warp; w < n; w += ltx_stride() >> 5) {
        const float* row = logits + w * (long long)c;
        float m, s;
        ltx_row_stats(row, c, 1, lane, &m, &s);
        int y = ltx_index(labels, wide, w);
        if (y < 0 || y >= c) {
            if (lane == 0) *bad = 1;
            y = -1;
        }
        float g = gradLoss[w];
        float inv = 1.0f / s;
        for (int k = lane; k < c; k += 32) {
            float p = expf(row[k] - m) * inv;
            grad[w * (long long)c + k] = (p - (k == y ? 1.0f : 0.0f)) * g;
        }
    }
}
