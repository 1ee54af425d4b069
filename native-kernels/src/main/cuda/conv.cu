// Convolution helpers around the GEMM kernels (no dilation, no groups), over a chunk of `images`
// images at a time, with the column matrix laid out (C*KH*KW, images*OH*OW) so that one large GEMM
// serves the whole chunk:
//   forward:         col = im2col(x);  Y = W (O, C*KH*KW) · col  (O, images*P), permuted to (images, O, P)
//   input gradient:  col = Wᵀ · gY (gY permuted to (O, images*P));  gx = col2im(col)
//   weight gradient: gW += gY · colᵀ (beta = 1 after the first chunk);  bias gradient below.
#include "ltx_common.cuh"

// col[(ch*KH + a)*KW + b, img*P + i*OW + j] = x[img, ch, i*sh - ph + a, j*sw - pw + b] (0 outside).
extern "C" __global__ void im2col_f32(float* col, const float* x, int images, ConvGeom g) {
    int plane = g.oh * g.ow;
    long long cols = (long long)images * plane;
    long long n = (long long)g.c * g.kh * g.kw * cols;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        long long cidx = t % cols;
        int row = (int)(t / cols);
        int img = (int)(cidx / plane);
        int p = (int)(cidx - (long long)img * plane);
        int b = row % g.kw;
        int a = (row / g.kw) % g.kh;
        int ch = row / (g.kw * g.kh);
        int i = p / g.ow;
        int j = p - i * g.ow;
        int y = i * g.sh - g.ph + a;
        int xx = j * g.sw - g.pw + b;
        col[t] = (y >= 0 && y < g.h && xx >= 0 && xx < g.w)
                ? x[(((long long)img * g.c + ch) * g.h + y) * g.w + xx] : 0.0f;
    }
}

// The adjoint of im2col in gather form (no atomics): each input cell sums the col entries that
// read it, in increasing (a, b) order.
extern "C" __global__ void col2im_f32(float* x, const float* col, int images, ConvGeom g) {
    int plane = g.oh * g.ow;
    long long cols = (long long)images * plane;
    long long n = (long long)images * g.c * g.h * g.w;
    for (long long t = ltx_tid(); t < n; t += ltx_stride()) {
        int xx = (int)(t % g.w);
        int y = (int)((t / g.w) % g.h);
        long long imgCh = t / ((long long)g.w * g.h);
        int ch = (int)(imgCh % g.c);
        long long img = imgCh / g.c;
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
                s += col[((long long)(ch * g.kh + a) * g.kw + b) * cols + img * plane + i * g.ow + j];
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
