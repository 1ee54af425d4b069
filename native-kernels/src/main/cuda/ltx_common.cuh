// Shared helpers of the ltx kernels: included once by ltx_kernels.cu (the unity translation unit).
// Conventions of every kernel: outputs first, explicit sizes, never allocate, no host-side state.
#pragma once

#include <stdint.h>

// Largest rank of the metadata structs passed by value (a tensor of rank <= 8 plus one trailing
// axis that splits 8-byte elements into two 32-bit words, plus headroom).
#define LTX_MAX_RANK 10

// Threads per block used by the launchers of all one-dimensional kernels.
#define LTX_BLOCK 256

// Shape and element strides of a strided copy: element (i0..ir) is read at sum(i * inStrides)
// and written at sum(i * outStrides). Only int fields, so Java passes it as an int[].
struct StridedMeta {
    int rank;
    int dims[LTX_MAX_RANK];
    int inStrides[LTX_MAX_RANK];
    int outStrides[LTX_MAX_RANK];
};

// Broadcast binary op: the output's shape and, per output axis, the strides of a and b (0 where
// broadcast).
struct BinaryMeta {
    int rank;
    int dims[LTX_MAX_RANK];
    int aStrides[LTX_MAX_RANK];
    int bStrides[LTX_MAX_RANK];
};

// Geometry of a convolution over one image (im2col/col2im).
struct ConvGeom {
    int c, h, w, kh, kw, sh, sw, ph, pw, oh, ow;
};

// Geometry of a 2-D pooling window over NCHW planes.
struct PoolGeom {
    int h, w, kh, kw, sh, sw, ph, pw, oh, ow;
};

__device__ __forceinline__ long long ltx_tid() {
    return (long long)blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long ltx_stride() {
    return (long long)gridDim.x * blockDim.x;
}

// Sum across a warp; every lane gets the result. The butterfly order is fixed, so results are
// deterministic.
__device__ __forceinline__ float ltx_warp_sum(float v) {
    for (int off = 16; off > 0; off >>= 1) v += __shfl_xor_sync(0xffffffffu, v, off);
    return v;
}

// max that propagates NaN (the reference keeps the first NaN it meets; any NaN is NaN in float).
__device__ __forceinline__ float ltx_max_nan(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    return b > a ? b : a;
}

__device__ __forceinline__ float ltx_warp_max_nan(float v) {
    for (int off = 16; off > 0; off >>= 1) v = ltx_max_nan(v, __shfl_xor_sync(0xffffffffu, v, off));
    return v;
}

// Sum across a block of blockDim.x threads (a multiple of 32, at most 1024); every thread gets the
// result. Uses 32 floats of shared memory passed in by the caller; synchronizes internally.
__device__ __forceinline__ float ltx_block_sum(float v, float* scratch) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    int warps = blockDim.x >> 5;
    v = ltx_warp_sum(v);
    __syncthreads();  // scratch may still be read from a previous call
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = lane < warps ? scratch[lane] : 0.0f;
    return ltx_warp_sum(t);
}

// Offset of the element with row-major linear index `linear` of a shape `dims`, given strides.
__device__ __forceinline__ long long ltx_offset(long long linear, int rank, const int* dims, const int* strides) {
    long long off = 0;
    for (int ax = rank - 1; ax >= 0; ax--) {
        int d = dims[ax];
        long long q = linear / d;
        off += (linear - q * d) * (long long)strides[ax];
        linear = q;
    }
    return off;
}

// Index j of an I32 (wide == 0) or I64 (wide != 0) index vector, as an int; I64 values outside the
// int range become -1, so the caller's range check rejects them instead of wrapping around.
__device__ __forceinline__ int ltx_index(const void* idx, int wide, long long j) {
    if (!wide) return ((const int*)idx)[j];
    long long v = ((const long long*)idx)[j];
    return (v < -2147483647LL || v > 2147483647LL) ? -1 : (int)v;
}
