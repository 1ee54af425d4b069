// 2-D max and average pooling over NCHW planes, one thread per output cell forward and one per
// input cell backward (gather form: no atomics, fixed summation order). Max pooling scans each
// window in row-major order and keeps the first maximum (the first NaN wins) and records its flat
// index h*W + w within the plane; average pooling divides by KH*KW (padding counts as zeros).
#include "ltx_common.cuh"

extern "C" __global__ void max_pool2d_f32(float* y, int* idx, const float* x, int planes, PoolGeom g) {
    long long n = (long long)planes * g.oh * g.ow;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int j = (int)(t % g.ow);
        int i = (int)((t / g.ow) % g.oh);
        long long pl = t / ((long long)g.ow * g.oh);
        const float* in = x + pl * g.h * g.w;
        float best = 0.0f;
        int arg = -1;
        for (int a = 0; a < g.kh; a++) {
            int r = i * g.sh - g.ph + a;
            if (r < 0 || r >= g.h) continue;
            for (int b = 0; b < g.kw; b++) {
                int col = j * g.sw - g.pw + b;
                if (col < 0 || col >= g.w) continue;
                float v = in[r * g.w + col];
                if (arg < 0 || v > best || (v != v && best == best)) {
                    best = v;
                    arg = r * g.w + col;
                }
            }
        }
        y[t] = best;
        idx[t] = arg;
    }
}

// The output rows (or columns) whose window covers input coordinate r: [lo, hi] within [0, out).
__device__ __forceinline__ void ltx_window_range(int r, int pad, int k, int s, int out, int* lo, int* hi) {
    int top = r + pad;  // window i covers r when i*s <= top < i*s + k
    int first = top - k + 1;
    *lo = first <= 0 ? 0 : (first + s - 1) / s;
    int last = top / s;
    *hi = last < out - 1 ? last : out - 1;
}

extern "C" __global__ void max_pool2d_backward_f32(float* gx, const float* gy, const int* idx, int planes, PoolGeom g) {
    long long n = (long long)planes * g.h * g.w;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int cell = (int)(t % ((long long)g.h * g.w));
        long long pl = t / ((long long)g.h * g.w);
        int r = cell / g.w;
        int col = cell - r * g.w;
        int i0, i1, j0, j1;
        ltx_window_range(r, g.ph, g.kh, g.sh, g.oh, &i0, &i1);
        ltx_window_range(col, g.pw, g.kw, g.sw, g.ow, &j0, &j1);
        long long base = pl * g.oh * g.ow;
        float s = 0.0f;
        for (int i = i0; i <= i1; i++)
            for (int j = j0; j <= j1; j++) {
                long long o = base + (long long)i * g.ow + j;
                if (idx[o] == cell) s += gy[o];
            }
        gx[t] = s;
    }
}

extern "C" __global__ void avg_pool2d_f32(float* y, const float* x, int planes, PoolGeom g) {
    long long n = (long long)planes * g.oh * g.ow;
    float div = (float)(g.kh * g.kw);
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int j = (int)(t % g.ow);
        int i = (int)((t / g.ow) % g.oh);
        long long pl = t / ((long long)g.ow * g.oh);
        const float* in = x + pl * g.h * g.w;
        float s = 0.0f;
        for (int a = 0; a < g.kh; a++) {
            int r = i * g.sh - g.ph + a;
            if (r < 0 || r >= g.h) continue;
            for (int b = 0; b < g.kw; b++) {
                int col = j * g.sw - g.pw + b;
                if (col >= 0 && col < g.w) s += in[r * g.w + col];
            }
        }
        y[t] = s / div;
    }
}

extern "C" __global__ void avg_pool2d_backward_f32(float* gx, const float* gy, int planes, PoolGeom g) {
    long long n = (long long)planes * g.h * g.w;
    float div = (float)(g.kh * g.kw);
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int cell = (int)(t % ((long long)g.h * g.w));
        long long pl = t / ((long long)g.h * g.w);
        int r = cell / g.w;
        int col = cell - r * g.w;
        int i0, i1, j0, j1;
        ltx_window_range(r, g.ph, g.kh, g.sh, g.oh, &i0, &i1);
        ltx_window_range(col, g.pw, g.kw, g.sw, g.ow, &j0, &j1);
        const float* base = gy + pl * g.oh * g.ow;
        float s = 0.0f;
        for (int i = i0; i <= i1; i++)
            for (int j = j0; j <= j1; j++) s += base[i * g.ow + j] / div;
        gx[t] = s;
    }
}
