// Batched GEMM, C[b] = alpha * op(A[b]) * op(B[b]) + beta * C[b] (beta == 0 ignores C's contents),
// for dense row-major matrices: A is (m, k) or, transposed, (k, m); B is (k, n) or (n, k); C is
// (m, n); blockIdx.z selects the batch, whose matrices start strideA/B/C floats apart.
//   sgemm_tiled_f32: exact fp32, 64x64 block tile, 16-deep k slices in shared memory, 4x4 outputs
//                    per thread (256 threads).
//   sgemm_tf32_f32:  tensor cores, TF32 inputs (10-bit mantissa) with fp32 accumulation via wmma
//                    16x16x8 fragments, 64x64 block tile, 4 warps of 32x32; needs sm_80. Code built
//                    for older targets (the compute_75 PTX) computes the same product in plain fp32
//                    instead, so a launch is never wrong, only not accelerated.
#include "ltx_common.cuh"
#include <mma.h>

#define LTX_TBM 64
#define LTX_TBN 64
#define LTX_TBK 16

__device__ __forceinline__ float ltx_load_a(const float* a, int m, int k, int transA, int r, int c) {
    // element (r, c) of op(A), which is m x k
    if (r >= m || c >= k) return 0.0f;
    return transA ? a[(long long)c * m + r] : a[(long long)r * k + c];
}

__device__ __forceinline__ float ltx_load_b(const float* b, int k, int n, int transB, int r, int c) {
    // element (r, c) of op(B), which is k x n
    if (r >= k || c >= n) return 0.0f;
    return transB ? b[(long long)c * k + r] : b[(long long)r * n + c];
}

__device__ __forceinline__ void ltx_store_c(float* c, int m, int n, int r, int col, float v, float alpha, float beta) {
    if (r < m && col < n) {
        float* p = c + (long long)r * n + col;
        *p = beta == 0.0f ? alpha * v : alpha * v + beta * *p;
    }
}

extern "C" __global__ void __launch_bounds__(256) sgemm_tiled_f32(float* c, const float* a, const float* b, int m, int n,
        int k, int transA, int transB, float alpha, float beta, long long strideA, long long strideB, long long strideC) {
    __shared__ float as[LTX_TBK][LTX_TBM + 4];  // as[kk][row]
    __shared__ float bs[LTX_TBK][LTX_TBN + 4];  // bs[kk][col]
    a += blockIdx.z * strideA;
    b += blockIdx.z * strideB;
    c += blockIdx.z * strideC;
    int tid = threadIdx.x;
    int tx = tid & 15;
    int ty = tid >> 4;
    int row0 = blockIdx.y * LTX_TBM;
    int col0 = blockIdx.x * LTX_TBN;
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
    for (int k0 = 0; k0 < k; k0 += LTX_TBK) {
        for (int l = 0; l < 4; l++) {
            int idx = tid + 256 * l;
            // choose the walk order that makes consecutive threads read consecutive addresses
            int r = transA ? (idx & 63) : (idx >> 4);
            int kk = transA ? (idx >> 6) : (idx & 15);
            as[kk][r] = ltx_load_a(a, m, k, transA, row0 + r, k0 + kk);
            int cc = transB ? (idx >> 4) : (idx & 63);
            int kb = transB ? (idx & 15) : (idx >> 6);
            bs[kb][cc] = ltx_load_b(b, k, n, transB, k0 + kb, col0 + cc);
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < LTX_TBK; kk++) {
            float av[4];
            float bv[4];
            for (int i = 0; i < 4; i++) av[i] = as[kk][ty + 16 * i];
            for (int j = 0; j < 4; j++) bv[j] = bs[kk][tx + 16 * j];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) ltx_store_c(c, m, n, row0 + ty + 16 * i, col0 + tx + 16 * j, acc[i][j], alpha, beta);
}

#define LTX_WBK 32
#define LTX_WPAD 4

extern "C" __global__ void __launch_bounds__(128) sgemm_tf32_f32(float* c, const float* a, const float* b, int m, int n,
        int k, int transA, int transB, float alpha, float beta, long long strideA, long long strideB, long long strideC) {
    __shared__ __align__(32) float cs[LTX_TBM][LTX_TBN + LTX_WPAD];
    a += blockIdx.z * strideA;
    b += blockIdx.z * strideB;
    c += blockIdx.z * strideC;
    int tid = threadIdx.x;
    int row0 = blockIdx.y * LTX_TBM;
    int col0 = blockIdx.x * LTX_TBN;
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    using namespace nvcuda;
    __shared__ __align__(32) float as[LTX_TBM][LTX_WBK + LTX_WPAD];  // as[row][kk]
    __shared__ __align__(32) float bs[LTX_WBK][LTX_TBN + LTX_WPAD];  // bs[kk][col]
    int warp = tid >> 5;
    int wm = (warp >> 1) * 32;  // warp's row offset in the block tile
    int wn = (warp & 1) * 32;   // warp's column offset
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[2][2];
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) wmma::fill_fragment(acc[i][j], 0.0f);
    for (int k0 = 0; k0 < k; k0 += LTX_WBK) {
        for (int l = 0; l < (LTX_TBM * LTX_WBK) / 128; l++) {
            int idx = tid + 128 * l;
            int r = transA ? (idx & 63) : (idx >> 5);
            int kk = transA ? (idx >> 6) : (idx & 31);
            as[r][kk] = wmma::__float_to_tf32(ltx_load_a(a, m, k, transA, row0 + r, k0 + kk));
            int cc = transB ? (idx >> 5) : (idx & 63);
            int kb = transB ? (idx & 31) : (idx >> 6);
            bs[kb][cc] = wmma::__float_to_tf32(ltx_load_b(b, k, n, transB, k0 + kb, col0 + cc));
        }
        __syncthreads();
        for (int kk = 0; kk < LTX_WBK; kk += 8) {
            wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa[2];
            wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb[2];
            for (int i = 0; i < 2; i++) wmma::load_matrix_sync(fa[i], &as[wm + 16 * i][kk], LTX_WBK + LTX_WPAD);
            for (int j = 0; j < 2; j++) wmma::load_matrix_sync(fb[j], &bs[kk][wn + 16 * j], LTX_TBN + LTX_WPAD);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++) wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
        }
        __syncthreads();
    }
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            wmma::store_matrix_sync(&cs[wm + 16 * i][wn + 16 * j], acc[i][j], LTX_TBN + LTX_WPAD, wmma::mem_row_major);
    __syncthreads();
#else
    // No tensor cores on this target: the same tile in plain fp32.
    for (int e = tid; e < LTX_TBM * LTX_TBN; e += 128) {
        int r = e / LTX_TBN;
        int cc = e % LTX_TBN;
        float s = 0.0f;
        if (row0 + r < m && col0 + cc < n) {
            for (int kk = 0; kk < k; kk++) {
                s = fmaf(ltx_load_a(a, m, k, transA, row0 + r, kk), ltx_load_b(b, k, n, transB, kk, col0 + cc), s);
            }
        }
        cs[r][cc] = s;
    }
    __syncthreads();
#endif
    for (int e = tid; e < LTX_TBM * LTX_TBN; e += 128) {
        int r = e / LTX_TBN;
        int cc = e % LTX_TBN;
        ltx_store_c(c, m, n, row0 + r, col0 + cc, cs[r][cc], alpha, beta);
    }
}
