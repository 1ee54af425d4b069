// Elementwise kernels: unary ops, broadcasting binary ops, scalar ops, axpby, fill and casts.
// Unary and binary ops compute in float with the correctly rounded or <= 2 ulp CUDA math
// functions; scale, add_scalar and axpby compute in double and round once, like the reference.
#include "ltx_common.cuh"

template <typename F>
__device__ __forceinline__ void ltx_unary(float* out, const float* x, int n, F f) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = f(x[i]);
}

struct NegOp { __device__ float operator()(float v) const { return -v; } };
struct ExpOp { __device__ float operator()(float v) const { return expf(v); } };
struct LogOp { __device__ float operator()(float v) const { return logf(v); } };
struct SqrtOp { __device__ float operator()(float v) const { return sqrtf(v); } };
struct ReluOp { __device__ float operator()(float v) const { return v > 0.0f ? v : 0.0f; } };
struct ReluMaskOp { __device__ float operator()(float v) const { return v > 0.0f ? 1.0f : 0.0f; } };
struct AbsOp { __device__ float operator()(float v) const { return fabsf(v); } };
struct SquareOp { __device__ float operator()(float v) const { return v * v; } };
struct ReciprocalOp { __device__ float operator()(float v) const { return 1.0f / v; } };

extern "C" __global__ void neg_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, NegOp()); }
extern "C" __global__ void exp_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, ExpOp()); }
extern "C" __global__ void log_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, LogOp()); }
extern "C" __global__ void sqrt_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, SqrtOp()); }
extern "C" __global__ void relu_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, ReluOp()); }
extern "C" __global__ void relu_mask_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, ReluMaskOp()); }
extern "C" __global__ void abs_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, AbsOp()); }
extern "C" __global__ void square_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, SquareOp()); }
extern "C" __global__ void reciprocal_f32(float* out, const float* x, int n) { ltx_unary(out, x, n, ReciprocalOp()); }

// out[i] = f(a[offA(i)], b[offB(i)]) over the output's shape; the launcher merges axes so that two
// same-shape operands arrive as rank 1 with unit strides.
template <typename F>
__device__ __forceinline__ void ltx_binary(float* out, const float* a, const float* b, int n, const BinaryMeta& m, F f) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        long long rest = i;
        long long oa = 0;
        long long ob = 0;
        for (int ax = m.rank - 1; ax >= 0; ax--) {
            int d = m.dims[ax];
            long long q = rest / d;
            long long r = rest - q * d;
            oa += r * m.aStrides[ax];
            ob += r * m.bStrides[ax];
            rest = q;
        }
        out[i] = f(a[oa], b[ob]);
    }
}

struct AddOp { __device__ float operator()(float a, float b) const { return a + b; } };
struct SubOp { __device__ float operator()(float a, float b) const { return a - b; } };
struct MulOp { __device__ float operator()(float a, float b) const { return a * b; } };
struct DivOp { __device__ float operator()(float a, float b) const { return a / b; } };
// Java's Math.max/min: NaN if either is NaN, and +0 > -0.
struct MaxOp {
    __device__ float operator()(float a, float b) const {
        if (a != a) return a;
        if (b != b) return b;
        if (a == 0.0f && b == 0.0f) return signbit(a) ? b : a;
        return a > b ? a : b;
    }
};
struct MinOp {
    __device__ float operator()(float a, float b) const {
        if (a != a) return a;
        if (b != b) return b;
        if (a == 0.0f && b == 0.0f) return signbit(a) ? a : b;
        return a < b ? a : b;
    }
};

extern "C" __global__ void add_f32(float* out, const float* a, const float* b, int n, BinaryMeta m) { ltx_binary(out, a, b, n, m, AddOp()); }
extern "C" __global__ void sub_f32(float* out, const float* a, const float* b, int n, BinaryMeta m) { ltx_binary(out, a, b, n, m, SubOp()); }
extern "C" __global__ void mul_f32(float* out, const float* a, const float* b, int n, BinaryMeta m) { ltx_binary(out, a, b, n, m, MulOp()); }
extern "C" __global__ void div_f32(float* out, const float* a, const float* b, int n, BinaryMeta m) { ltx_binary(out, a, b, n, m, DivOp()); }
extern "C" __global__ void max_f32(float* out, const float* a, const float* b, int n, BinaryMeta m) { ltx_binary(out, a, b, n, m, MaxOp()); }
extern "C" __global__ void min_f32(float* out, const float* a, const float* b, int n, BinaryMeta m) { ltx_binary(out, a, b, n, m, MinOp()); }

// out = s * x
extern "C" __global__ void scale_f32(float* out, const float* x, int n, double s) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = (float)(s * (double)x[i]);
}

// out = x + s
extern "C" __global__ void add_scalar_f32(float* out, const float* x, int n, double s) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = (float)((double)x[i] + s);
}

// y = alpha * x + beta * y (x may be y itself: each element is read before it is written)
extern "C" __global__ void axpby_f32(float* y, const float* x, int n, double alpha, double beta) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        y[i] = (float)(alpha * (double)x[i] + beta * (double)y[i]);
    }
}

extern "C" __global__ void fill_f32(float* out, int n, float v) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = v;
}

extern "C" __global__ void fill_i32(int* out, int n, int v) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = v;
}

extern "C" __global__ void fill_i64(long long* out, int n, long long v) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = v;
}

// Java's narrowing conversions: NaN -> 0, out-of-range values saturate, otherwise toward zero.
__device__ __forceinline__ int ltx_f2i(float v) {
    if (v != v) return 0;
    if (v >= 2147483648.0f) return 2147483647;
    if (v <= -2147483648.0f) return (-2147483647 - 1);
    return (int)v;
}

__device__ __forceinline__ long long ltx_f2l(float v) {
    if (v != v) return 0;
    if (v >= 9223372036854775808.0f) return 9223372036854775807LL;
    if (v <= -9223372036854775808.0f) return (-9223372036854775807LL - 1);
    return (long long)v;
}

extern "C" __global__ void cast_f32_i32(int* out, const float* x, int n) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = ltx_f2i(x[i]);
}

extern "C" __global__ void cast_f32_i64(long long* out, const float* x, int n) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = ltx_f2l(x[i]);
}

extern "C" __global__ void cast_i32_f32(float* out, const int* x, int n) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = (float)x[i];
}

extern "C" __global__ void cast_i64_f32(float* out, const long long* x, int n) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = (float)x[i];
}

extern "C" __global__ void cast_i32_i64(long long* out, const int* x, int n) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = (long long)x[i];
}

// Keeps the low 32 bits, like Java's (int) of a long.
extern "C" __global__ void cast_i64_i32(int* out, const long long* x, int n) {
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) out[i] = (int)(unsigned int)(unsigned long long)x[i];
}
