// Fused optimizer updates, one thread per element, following PyTorch's torch.optim.SGD and
// torch.optim.AdamW (single-tensor, non-foreach) definitions. Scalars arrive as doubles and the
// arithmetic is done in float, as PyTorch does for float32 parameters.
#include "ltx_common.cuh"

// SGD with momentum, dampening, coupled weight decay and Nesterov:
//   g' = g + wd * p
//   buf = first ? g' : momentum * buf + (1 - dampening) * g'      (only when momentum != 0)
//   p -= lr * (nesterov ? g' + momentum * buf : buf)               (g' when momentum == 0)
// `buf` may be null when momentum is 0.
extern "C" __global__ void sgd_f32(float* param, float* buf, const float* grad, int n, double lr, double momentum,
                                   double dampening, double weightDecay, int nesterov, int first) {
    float flr = (float)lr;
    float fm = (float)momentum;
    float fd = (float)(1.0 - dampening);
    float fwd = (float)weightDecay;
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        float p = param[i];
        float g = grad[i] + fwd * p;
        if (fm != 0.0f) {
            float b = first ? g : fm * buf[i] + fd * g;
            buf[i] = b;
            g = nesterov ? g + fm * b : b;
        }
        param[i] = p - flr * g;
    }
}

// AdamW with decoupled weight decay, at step t (bias corrections bc1 = 1 - beta1^t,
// bc2 = 1 - beta2^t computed by the caller):
//   p *= 1 - lr * wd;  m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2
//   p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
extern "C" __global__ void adamw_f32(float* param, float* m, float* v, const float* grad, int n, double lr,
                                     double beta1, double beta2, double eps, double weightDecay, double bc1, double bc2) {
    float decay = (float)(1.0 - lr * weightDecay);
    float b1 = (float)beta1;
    float b2 = (float)beta2;
    float stepSize = (float)(lr / bc1);
    float bc2Sqrt = (float)sqrt(bc2);
    float feps = (float)eps;
    for (long long i = ltx_tid(); i < n; i += ltx_stride()) {
        float g = grad[i];
        float mi = b1 * m[i] + (1.0f - b1) * g;
        float vi = b2 * v[i] + (1.0f - b2) * g * g;
        m[i] = mi;
        v[i] = vi;
        float denom = sqrtf(vi) / bc2Sqrt + feps;
        param[i] = param[i] * decay - stepSize * (mi / denom);
    }
}
