// Convolution helpers around the GEMM kernels (no dilation, no groups), per image of a batch:
//   forward:         col = im2col(x_n) (C*KH*KW, OH*OW);  y_n = W (O, C*KH*KW) · col;  y += bias
//   input gradient:  col = Wᵀ · gy_n;  gx_n = col2im(col)
//   weight gradient: gW += gy_n · colᵀ (beta = 1 after the first image);  bias gradient below.
#include "ltx_common.cuh"

// col[(ch*KH + a)*KW + b, i*OW + j] = x[ch, i*sh - ph + a, j*sw - pw + b], zero outside the image.
extern "C" __global__ void im2col_f32(float* col, const float* x, ConvGeom g) {
    int plane = g.oh * g.ow;
    long long n = (long long)g.c * g.kh * g.kw * plane;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int p = (int)(t % plane);
        int row = (int)(t / plane);
        int b = row % g.kw;
        int a = (row / g.kw) % g.kh;
        int ch = row / (g.kw * g.kh);
        int i = p / g.ow;
        int j = p - i * g.ow;
        int y = i * g.sh - g.ph + a;
        int xx = j * g.sw - g.pw + b;
        col[t] = (y >= 0 && y < g.h && xx >= 0 && xx < g.w) ? x[((long long)ch * g.h + y) * g.w + xx] : 0.0f;
    }
}

// The adjoint of im2col in gather form (no atomics): each input cell sums the col entries that
// read it, in increasing (a, b) order.
extern "C" __global__ void col2im_f32(float* x, const float* col, ConvGeom g) {
    int plane = g.oh * g.ow;
    long long n = (long long)g.c * g.h * g.w;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int xx = (int)(t % g.w);
        int y = (int)((t / g.w) % g.h);
        int ch = (int)(t / ((long long)g.w * g.h));
        float s = 0.0f;
        for (int a = 0; a < g.kh; a++) {
            int iy = y + g.ph - a;  // = i * sh
            if (iy < 0 || iy % g.sh != 0) continue;
            int i = iy / g.sh;
            if (i >= g.oh) continue;
            for (int b = 0; b < g.kw; b++) {
                int jx = xx + g.pw - b;
                if (jx < 0 || jx % g.sw != 0) continue;
                int j = jx / g.sw;
                if (j >= g.ow) continue;
                s += col[((long long)(ch * g.kh + a) * g.kw + b) * plane + i * g.ow + j];
            }
        }
        x[t] = s;
    }
}

// y[n, o, p] += bias[o] over an (images, channels, plane) tensor.
extern "C" __global__ void conv2d_bias_f32(float* y, const float* bias, int images, int channels, int plane) {
    long long n = (long long)images * channels * plane;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) y[t] += bias[(t / plane) % channels];
}

// gb[o] = sum over n and p of gy[n, o, p]: one block per channel, fixed-order block reduction.
extern "C" __global__ void conv2d_bias_grad_f32(float* gb, const float* gy, int images, int channels, int plane) {
    __shared__ float scratch[32];
    int o = blockIdx.x;
    float s = 0.0f;
    for (int img = 0; img < images; img++) {
        const float* base = gy + ((long long)img * channels + o) * plane;
        for (int p = threadIdx.x; p < plane; p += blockDim.x) s += base[p];
    }
    s = ltx_block_sum(s, scratch);
    if (threadIdx.x == 0) gb[o] = s;
}
