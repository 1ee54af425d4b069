// Fused optimizer updates, one thread per element, following PyTorch's torch.optim.SGD and
// torch.optim.AdamW (single-tensor, non-foreach) definitions. Scalars arrive as doubles and the
// arithmetic is done in float, as PyTorch does for float32 parameters. The *_group_f32 kernels
// update a whole parameter group (many tensors) in one launch with the same per-element
// arithmetic as the single-tensor kernels (shared device functions), so they give the same bits.
#include "ltx_common.cuh"

// SGD with momentum, dampening, coupled weight decay and Nesterov, on element i:
//   g' = g + wd * p
//   buf = first ? g' : momentum * buf + (1 - dampening) * g'      (only when momentum != 0)
//   p -= lr * (nesterov ? g' + momentum * buf : buf)               (g' when momentum == 0)
__device__ __forceinline__ void ltx_sgd_elem(float* param, float* buf, const float* grad, long long i, float flr,
                                             float fm, float fd, float fwd, int nesterov, int first) {
    float p = param[i];
    float g = grad[i] + fwd * p;
    if (fm != 0.0f) {
        float b = first ? g : fm * buf[i] + fd * g;
        buf[i] = b;
        g = nesterov ? g + fm * b : b;
    }
    param[i] = p - flr * g;
}

// One tensor; `buf` may be null when momentum is 0.
extern "C" __global__ void sgd_f32(float* param, float* buf, const float* grad, int n, double lr, double momentum,
                                   double dampening, double weightDecay, int nesterov, int first) {
    float flr = (float)lr;
    float fm = (float)momentum;
    float fd = (float)(1.0 - dampening);
    float fwd = (float)weightDecay;
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        ltx_sgd_elem(param, buf, grad, i, flr, fm, fd, fwd, nesterov, first);
    }
}

// The tensor holding global element i of a group whose tensor k covers [starts[k], starts[k + 1]),
// searched from tensor k (the grid-stride loop only moves forward).
__device__ __forceinline__ int ltx_group_tensor(const long long* starts, int count, long long i, int k) {
    while (k + 1 < count && starts[k + 1] <= i) k++;
    return k;
}

// A group of `count` tensors in one launch. `table` holds, per tensor k, the addresses of its
// parameter, momentum buffer (0 when momentum is 0) and gradient at 3k, 3k + 1, 3k + 2, followed
// by count + 1 element offsets (starts[0] = 0, starts[count] = total).
extern "C" __global__ void sgd_group_f32(const unsigned long long* table, int count, long long total, double lr,
                                         double momentum, double dampening, double weightDecay, int nesterov,
                                         int first) {
    float flr = (float)lr;
    float fm = (float)momentum;
    float fd = (float)(1.0 - dampening);
    float fwd = (float)weightDecay;
    const long long* starts = (const long long*)(table + 3 * (long long)count);
    int k = 0;
    for (long long i = ltx_tid(); i < total; i += ltx_stride()) {
        k = ltx_group_tensor(starts, count, i, k);
        float* param = (float*)table[3 * k];
        float* buf = (float*)table[3 * k + 1];
        const float* grad = (const float*)table[3 * k + 2];
        ltx_sgd_elem(param, buf, grad, i - starts[k], flr, fm, fd, fwd, nesterov, first);
    }
}

// The float scalars of an AdamW step, computed identically by both AdamW kernels.
struct AdamWScalars {
    float decay, b1, b2, stepSize, bc2Sqrt, eps;
};

__device__ __forceinline__ AdamWScalars ltx_adamw_scalars(double lr, double beta1, double beta2, double eps,
                                                          double weightDecay, double bc1, double bc2) {
    return AdamWScalars{(float)(1.0 - lr * weightDecay), (float)beta1, (float)beta2, (float)(lr / bc1),
                        (float)sqrt(bc2), (float)eps};
}

// AdamW with decoupled weight decay on element i, at step t (bias corrections bc1 = 1 - beta1^t,
// bc2 = 1 - beta2^t computed by the caller):
//   p *= 1 - lr * wd;  m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
__device__ __forceinline__ void ltx_adamw_elem(float* param, float* m, float* v, const float* grad, long long i,
                                               const AdamWScalars& s) {
    float g = grad[i];
    float mi = s.b1 * m[i] + (1.0f - s.b1) * g;
    float vi = s.b2 * v[i] + (1.0f - s.b2) * g * g;
    m[i] = mi;
    v[i] = vi;
    float denom = sqrtf(vi) / s.bc2Sqrt + s.eps;
    param[i] = param[i] * s.decay - s.stepSize * (mi / denom);
}

// One tensor.
extern "C" __global__ void adamw_f32(float* param, float* m, float* v, const float* grad, int n, double lr,
                                     double beta1, double beta2, double eps, double weightDecay, double bc1, double bc2) {
    AdamWScalars s = ltx_adamw_scalars(lr, beta1, beta2, eps, weightDecay, bc1, bc2);
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        ltx_adamw_elem(param, m, v, grad, i, s);
    }
}

// A group of `count` tensors at the same step in one launch. `table` holds, per tensor k, the
// addresses of its parameter, exp_avg, exp_avg_sq and gradient at 4k .. 4k + 3, followed by
// count + 1 element offsets (starts[0] = 0, starts[count] = total).
extern "C" __global__ void adamw_group_f32(const unsigned long long* table, int count, long long total, double lr,
                                           double beta1, double beta2, double eps, double weightDecay, double bc1,
                                           double bc2) {
    AdamWScalars s = ltx_adamw_scalars(lr, beta1, beta2, eps, weightDecay, bc1, bc2);
    const long long* starts = (const long long*)(table + 4 * (long long)count);
    int k = 0;
    for (long long i = ltx_tid(); i < total; i += ltx_stride()) {
        k = ltx_group_tensor(starts, count, i, k);
        ltx_adamw_elem((float*)table[4 * k], (float*)table[4 * k + 1], (float*)table[4 * k + 2],
                       (const float*)table[4 * k + 3], i - starts[k], s);
    }
}
