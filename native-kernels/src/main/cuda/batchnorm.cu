// Batch normalization over axis 1 of an (n, c, plane) view (plane = H*W, 1 for 2-D input).
// Statistics are two-pass and biased, one block per channel with a fixed-order block reduction.
// gamma and beta may be null (non-affine): 1 and 0.
#include "ltx_common.cuh"

// mean[ch], var[ch] (biased) and invStd[ch] = 1 / sqrt(var + eps) of x[:, ch, :].
extern "C" __global__ void batch_norm_stats_f32(float* mean, float* var, float* invStd, const float* x, int n, int c,
                                                int plane, float eps) {
    __shared__ float scratch[32];
    int ch = blockIdx.x;
    float count = (float)n * (float)plane;
    float s = 0.0f;
    for (int b = 0; b < n; b++) {
        const float* base = x + ((long long)b * c + ch) * plane;
        for (int p = threadIdx.x; p < plane; p += blockDim.x) s += base[p];
    }
    float m = ltx_block_sum(s, scratch) / count;
    float sq = 0.0f;
    for (int b = 0; b < n; b++) {
        const float* base = x + ((long long)b * c + ch) * plane;
        for (int p = threadIdx.x; p < plane; p += blockDim.x) {
            float d = base[p] - m;
            sq += d * d;
        }
    }
    float v = ltx_block_sum(sq, scratch) / count;
    if (threadIdx.x == 0) {
        mean[ch] = m;
        var[ch] = v;
        invStd[ch] = 1.0f / sqrtf(v + eps);
    }
}

// invStd[ch] = 1 / sqrt(var[ch] + eps) (evaluation mode, from running statistics).
extern "C" __global__ void batch_norm_inv_std_f32(float* invStd, const float* var, int c, float eps) {
    for (long long i = ltx_tid(); i < c; i += ltx_stride()) invStd[i] = 1.0f / sqrtf(var[i] + eps);
}

// y = (x - mean[ch]) * invStd[ch] * gamma[ch] + beta[ch]
extern "C" __global__ void batch_norm_apply_f32(float* y, const float* x, const float* gamma, const float* beta,
                                                const float* mean, const float* invStd, int n, int c, int plane) {
    long long total = (long long)n * c * plane;
    for (long long t = ltx_tid(); t < total; t += ltx_stride()) {
        int ch = (int)((t / plane) % c);
        float g = gamma == nullptr ? 1.0f : gamma[ch];
        float sh = beta == nullptr ? 0.0f : beta[ch];
        y[t] = (x[t] - mean[ch]) * invStd[ch] * g + sh;
    }
}

// sumG[ch] = sum gy, sumGXhat[ch] = sum gy * (x - mean) * invStd over x[:, ch, :]; these are also the
// beta and gamma gradients.
extern "C" __global__ void batch_norm_backward_reduce_f32(float* sumG, float* sumGXhat, const float* gy, const float* x,
                                                          const float* mean, const float* invStd, int n, int c, int plane) {
    __shared__ float scratch[32];
    int ch = blockIdx.x;
    float m = mean[ch];
    float is = invStd[ch];
    float sg = 0.0f;
    float sgx = 0.0f;
    for (int b = 0; b < n; b++) {
        long long base = ((long long)b * c + ch) * plane;
        for (int p = threadIdx.x; p < plane; p += blockDim.x) {
            float g = gy[base + p];
            sg += g;
            sgx += g * (x[base + p] - m) * is;
        }
    }
    sg = ltx_block_sum(sg, scratch);
    sgx = ltx_block_sum(sgx, scratch);
    if (threadIdx.x == 0) {
        sumG[ch] = sg;
        sumGXhat[ch] = sgx;
    }
}

// gx = invStd * (gamma*gy - gamma*sumG/count - xhat * gamma*sumGXhat/count)
extern "C" __global__ void batch_norm_backward_input_f32(float* gx, const float* gy, const float* x, const float* gamma,
                                                         const float* mean, const float* invStd, const float* sumG,
                                                         const float* sumGXhat, int n, int c, int plane) {
    long long total = (long long)n * c * plane;
    float count = (float)n * (float)plane;
    for (long long t = ltx_tid(); t < total; t += ltx_stride()) {
        int ch = (int)((t / plane) % c);
        float g = gamma == nullptr ? 1.0f : gamma[ch];
        float is = invStd[ch];
        float xhat = (x[t] - mean[ch]) * is;
        gx[t] = is * (g * gy[t] - g * sumG[ch] / count - xhat * (g * sumGXhat[ch] / count));
    }
}
