// Runs the ltx kernels on the CPU through cuda_emu.h and compares them with plain reference loops
// (double precision), so that indexing, tiling, warp and block logic is exercised without a GPU.
// The TF32 kernel runs its non-tensor-core branch here (the wmma path needs sm_80 hardware).
// Build and run: see run.sh. Prints one PASS/FAIL line per check; exit status 1 on any failure.
#include "ltx_kernels.cu"

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>

static int failures = 0;
static std::mt19937_64 rng(12345);

static std::vector<float> uniform(size_t n, float lo = -1, float hi = 1) {
    std::uniform_real_distribution<float> d(lo, hi);
    std::vector<float> v(n);
    for (auto& x : v) x = d(rng);
    return v;
}

static void check(const std::string& name, const std::vector<double>& want, const std::vector<float>& got, double tol) {
    double worst = 0;
    size_t at = 0;
    bool ok = want.size() == got.size();
    for (size_t i = 0; ok && i < want.size(); i++) {
        bool bothNan = std::isnan(want[i]) && std::isnan(got[i]);
        double d = bothNan ? 0 : std::fabs(want[i] - got[i]);
        if (std::isnan(d) || d > tol) ok = false;
        if (std::isnan(d) || d > worst) {
            worst = std::isnan(d) ? INFINITY : d;
            at = i;
        }
    }
    if (!ok) failures++;
    std::printf("%s  %-60s max err %.3g (tol %.3g)%s\n", ok ? "PASS" : "FAIL", name.c_str(), worst, tol,
                ok ? "" : (" at " + std::to_string(at) + (want.size() != got.size() ? " (size differs)" : "")).c_str());
}

static void checkTrue(const std::string& name, bool ok) {
    if (!ok) failures++;
    std::printf("%s  %s\n", ok ? "PASS" : "FAIL", name.c_str());
}

static dim3 grid1(long long n) { return dim3{(unsigned)std::max(1LL, std::min((n + 255) / 256, 64LL)), 1, 1}; }
static const dim3 B256{256, 1, 1};

static void testGemm() {
    int dims[][3] = {{67, 45, 29}, {1, 1, 1}, {5, 70, 3}, {64, 64, 40}};
    for (int tf32 = 0; tf32 < 2; tf32++)
        for (auto& d : dims)
            for (int ta = 0; ta < 2; ta++)
                for (int tb = 0; tb < 2; tb++) {
                    int m = d[0], n = d[1], k = d[2], batch = 2;
                    float alpha = 1.5f, beta = (ta ^ tb) ? 0.5f : 0.0f;
                    auto a = uniform((size_t)batch * m * k), b = uniform((size_t)batch * k * n);
                    auto c = uniform((size_t)batch * m * n);
                    std::vector<double> want(c.size());
                    for (int z = 0; z < batch; z++)
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++) {
                                double s = 0;
                                for (int l = 0; l < k; l++) {
                                    double av = ta ? a[z * m * k + l * m + i] : a[z * m * k + i * k + l];
                                    double bv = tb ? b[z * k * n + j * k + l] : b[z * k * n + l * n + j];
                                    s += av * bv;
                                }
                                size_t o = (size_t)z * m * n + i * n + j;
                                want[o] = alpha * s + (beta == 0 ? 0.0 : beta * c[o]);
                            }
                    dim3 g{(unsigned)(n + 63) / 64, (unsigned)(m + 63) / 64, (unsigned)batch};
                    if (tf32) {
                        emu::launch(sgemm_tf32_f32, g, dim3{128, 1, 1}, c.data(), (const float*)a.data(),
                                    (const float*)b.data(), m, n, k, ta, tb, alpha, beta, (long long)m * k,
                                    (long long)k * n, (long long)m * n);
                    } else {
                        emu::launch(sgemm_tiled_f32, g, B256, c.data(), (const float*)a.data(), (const float*)b.data(),
                                    m, n, k, ta, tb, alpha, beta, (long long)m * k, (long long)k * n, (long long)m * n);
                    }
                    char name[128];
                    std::snprintf(name, sizeof name, "%s %dx%dx%d ta=%d tb=%d beta=%.1f batch 2",
                                  tf32 ? "sgemm_tf32_f32(fp32 branch)" : "sgemm_tiled_f32", m, n, k, ta, tb, beta);
                    check(name, want, c, 1e-5 * k + 1e-6);
                }
}

static void testReduce() {
    int shapes[][3] = {{3, 70, 1}, {2, 5, 3}, {1, 1, 4}, {2, 33, 2}};
    for (auto& s : shapes) {
        int outer = s[0], r = s[1], inner = s[2];
        auto x = uniform((size_t)outer * r * inner);
        if (r > 3) {
            x[2 * inner] = NAN;  // group (0, 0) holds two NaNs: max NaN, argmax the first
            x[3 * inner] = NAN;
        }
        size_t outs = (size_t)outer * inner;
        std::vector<double> sum(outs), mx(outs), am(outs);
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++) {
                double su = 0, m = -INFINITY;
                int best = 0;
                double bv = x[(size_t)o * r * inner + i];
                for (int k = 0; k < r; k++) {
                    double v = x[((size_t)o * r + k) * inner + i];
                    su += v;
                    if (v > m || std::isnan(v)) m = std::isnan(m) ? m : v;
                    if (!std::isnan(bv) && (v > bv || std::isnan(v))) {
                        bv = v;
                        best = k;
                    }
                }
                sum[o * inner + i] = su / r;
                mx[o * inner + i] = m;
                am[o * inner + i] = best;
            }
        std::vector<float> got(outs);
        long long warps = (long long)outs * 32;
        emu::launch(reduce_sum_f32, grid1(warps), B256, got.data(), (const float*)x.data(), outer, r, inner, 1.0f / r);
        std::string tag = " (" + std::to_string(outer) + "," + std::to_string(r) + "," + std::to_string(inner) + ")";
        check("reduce_sum_f32 mean" + tag, sum, got, 1e-6);
        emu::launch(reduce_max_f32, grid1(warps), B256, got.data(), (const float*)x.data(), outer, r, inner);
        check("reduce_max_f32" + tag, mx, got, 0);
        std::vector<long long> idx(outs);
        emu::launch(argmax_f32, grid1(warps), B256, idx.data(), (const float*)x.data(), outer, r, inner);
        std::vector<float> idxf(idx.begin(), idx.end());
        check("argmax_f32" + tag, am, idxf, 0);
    }
}

static void testSoftmaxXent() {
    int outer = 2, r = 37, inner = 3;
    auto x = uniform((size_t)outer * r * inner, -8, 8);
    std::vector<double> sm(x.size()), lsm(x.size());
    for (int o = 0; o < outer; o++)
        for (int i = 0; i < inner; i++) {
            double m = -INFINITY, s = 0;
            for (int k = 0; k < r; k++) m = std::max(m, (double)x[(o * r + k) * inner + i]);
            for (int k = 0; k < r; k++) s += std::exp(x[(o * r + k) * inner + i] - m);
            for (int k = 0; k < r; k++) {
                size_t at = (o * r + k) * inner + i;
                sm[at] = std::exp(x[at] - m) / s;
                lsm[at] = x[at] - m - std::log(s);
            }
        }
    std::vector<float> got(x.size());
    emu::launch(softmax_f32, grid1(outer * inner * 32LL), B256, got.data(), (const float*)x.data(), outer, r, inner);
    check("softmax_f32 (2,37,3)", sm, got, 1e-6);
    emu::launch(log_softmax_f32, grid1(outer * inner * 32LL), B256, got.data(), (const float*)x.data(), outer, r, inner);
    check("log_softmax_f32 (2,37,3)", lsm, got, 1e-5);

    int n = 5, c = 40;
    auto logits = uniform((size_t)n * c, -8, 8);
    auto gl = uniform(n);
    std::vector<long long> labels = {3, 0, 39, 17, 5};
    std::vector<double> loss(n), grad((size_t)n * c);
    for (int i = 0; i < n; i++) {
        double m = -INFINITY, s = 0;
        for (int j = 0; j < c; j++) m = std::max(m, (double)logits[i * c + j]);
        for (int j = 0; j < c; j++) s += std::exp(logits[i * c + j] - m);
        loss[i] = m + std::log(s) - logits[i * c + labels[i]];
        for (int j = 0; j < c; j++)
            grad[i * c + j] = (std::exp(logits[i * c + j] - m) / s - (j == labels[i])) * gl[i];
    }
    std::vector<float> gotLoss(n), gotGrad((size_t)n * c);
    int bad = 0;
    emu::launch(cross_entropy_f32, grid1(n * 32LL), B256, gotLoss.data(), &bad, (const float*)logits.data(),
                (const void*)labels.data(), 1, n, c);
    check("cross_entropy_f32 i64 labels", loss, gotLoss, 1e-5);
    emu::launch(cross_entropy_backward_f32, grid1(n * 32LL), B256, gotGrad.data(), &bad, (const float*)logits.data(),
                (const void*)labels.data(), 1, (const float*)gl.data(), n, c);
    check("cross_entropy_backward_f32 i64 labels", grad, gotGrad, 1e-6);
    checkTrue("cross_entropy labels in range raise no flag", bad == 0);
    std::vector<int> badLabels = {3, 0, 40, 17, 5};
    emu::launch(cross_entropy_f32, grid1(n * 32LL), B256, gotLoss.data(), &bad, (const float*)logits.data(),
                (const void*)badLabels.data(), 0, n, c);
    checkTrue("cross_entropy_f32 flags label 40 of 40 classes", bad == 1 && std::isnan(gotLoss[2]));
    bad = 0;
    std::vector<long long> huge = {3, 0, (1LL << 32) + 1, 17, 5};
    emu::launch(cross_entropy_f32, grid1(n * 32LL), B256, gotLoss.data(), &bad, (const float*)logits.data(),
                (const void*)huge.data(), 1, n, c);
    checkTrue("cross_entropy_f32 flags an I64 label beyond the int range (no wrap-around)", bad == 1);
}

static void testConv() {
    ConvGeom g{3, 7, 6, 3, 2, 2, 1, 1, 0, 0, 0};
    g.oh = (g.h + 2 * g.ph - g.kh) / g.sh + 1;
    g.ow = (g.w + 2 * g.pw - g.kw) / g.sw + 1;
    int images = 2, plane = g.oh * g.ow, rows = g.c * g.kh * g.kw;
    long long cols = (long long)images * plane;
    auto x = uniform((size_t)images * g.c * g.h * g.w);
    std::vector<double> want((size_t)rows * cols);
    for (int row = 0; row < rows; row++)
        for (int img = 0; img < images; img++)
            for (int p = 0; p < plane; p++) {
                int b = row % g.kw, a = (row / g.kw) % g.kh, ch = row / (g.kw * g.kh);
                int y = (p / g.ow) * g.sh - g.ph + a, xx = (p % g.ow) * g.sw - g.pw + b;
                bool in = y >= 0 && y < g.h && xx >= 0 && xx < g.w;
                want[row * cols + img * plane + p] = in ? x[((img * g.c + ch) * g.h + y) * g.w + xx] : 0.0;
            }
    std::vector<float> col(want.size());
    emu::launch(im2col_f32, grid1(rows * cols), B256, col.data(), (const float*)x.data(), images, g);
    check("im2col_f32 2 images, 3x2 kernel, stride 2x1, pad 1x0", want, col, 0);
    // col2im is the adjoint of im2col: <im2col(x), c> == <x, col2im(c)>
    auto c = uniform(want.size());
    std::vector<float> back(x.size());
    emu::launch(col2im_f32, grid1((long long)x.size()), B256, back.data(), (const float*)c.data(), images, g);
    double lhs = 0, rhs = 0;
    for (size_t i = 0; i < c.size(); i++) lhs += (double)col[i] * c[i];
    for (size_t i = 0; i < x.size(); i++) rhs += (double)x[i] * back[i];
    check("col2im_f32 is the adjoint of im2col", {lhs}, {(float)rhs}, 1e-4);

    int n = 2, ch = 3, pl = 300;
    auto gy = uniform((size_t)n * ch * pl);
    std::vector<double> gb(ch, 0.0);
    for (int i = 0; i < n; i++)
        for (int o = 0; o < ch; o++)
            for (int p = 0; p < pl; p++) gb[o] += gy[(i * ch + o) * pl + p];
    std::vector<float> got(ch);
    emu::launch(conv2d_bias_grad_f32, dim3{(unsigned)ch, 1, 1}, B256, got.data(), (const float*)gy.data(), n, ch, pl);
    check("conv2d_bias_grad_f32 (2, 3, 300)", gb, got, 1e-4);
    auto bias = uniform(ch);
    std::vector<double> yb(gy.begin(), gy.end());
    for (size_t i = 0; i < yb.size(); i++) yb[i] += bias[(i / pl) % ch];
    emu::launch(conv2d_bias_f32, grid1((long long)gy.size()), B256, gy.data(), (const float*)bias.data(), n, ch, pl);
    check("conv2d_bias_f32 (2, 3, 300)", yb, gy, 1e-6);
}

static void testPool(PoolGeom g, int planes) {
    g.oh = (g.h + 2 * g.ph - g.kh) / g.sh + 1;
    g.ow = (g.w + 2 * g.pw - g.kw) / g.sw + 1;
    size_t in = (size_t)planes * g.h * g.w, out = (size_t)planes * g.oh * g.ow;
    auto x = uniform(in);
    x[5] = NAN;  // a NaN wins its windows
    auto gy = uniform(out);
    std::vector<double> y(out), ya(out), gx(in, 0.0), gxa(in, 0.0);
    std::vector<int> arg(out);
    for (int p = 0; p < planes; p++)
        for (int i = 0; i < g.oh; i++)
            for (int j = 0; j < g.ow; j++) {
                double best = 0, s = 0;
                int a = -1;
                for (int u = 0; u < g.kh; u++)
                    for (int v = 0; v < g.kw; v++) {
                        int r = i * g.sh - g.ph + u, cc = j * g.sw - g.pw + v;
                        if (r < 0 || r >= g.h || cc < 0 || cc >= g.w) continue;
                        double val = x[(size_t)p * g.h * g.w + r * g.w + cc];
                        s += val;
                        if (a < 0 || val > best || (std::isnan(val) && !std::isnan(best))) {
                            best = val;
                            a = r * g.w + cc;
                        }
                    }
                size_t o = ((size_t)p * g.oh + i) * g.ow + j;
                y[o] = best;
                arg[o] = a;
                ya[o] = s / (g.kh * g.kw);
                gx[(size_t)p * g.h * g.w + a] += gy[o];
                for (int u = 0; u < g.kh; u++)
                    for (int v = 0; v < g.kw; v++) {
                        int r = i * g.sh - g.ph + u, cc = j * g.sw - g.pw + v;
                        if (r >= 0 && r < g.h && cc >= 0 && cc < g.w)
                            gxa[(size_t)p * g.h * g.w + r * g.w + cc] += gy[o] / (g.kh * g.kw);
                    }
            }
    std::vector<float> got(out), gotx(in);
    std::vector<int> idx(out);
    char tag[96];
    std::snprintf(tag, sizeof tag, " %dx%d kernel %dx%d stride %dx%d pad %dx%d", g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph,
                  g.pw);
    emu::launch(max_pool2d_f32, grid1((long long)out), B256, got.data(), idx.data(), (const float*)x.data(), planes, g);
    check(std::string("max_pool2d_f32") + tag, y, got, 0);
    checkTrue(std::string("max_pool2d_f32 indices") + tag, std::equal(idx.begin(), idx.end(), arg.begin()));
    emu::launch(max_pool2d_backward_f32, grid1((long long)in), B256, gotx.data(), (const float*)gy.data(),
                (const int*)idx.data(), planes, g);
    check(std::string("max_pool2d_backward_f32") + tag, gx, gotx, 1e-6);
    x[5] = 0.5f;
    for (size_t o = 0; o < out; o++) ya[o] = 0;  // recompute the average without the NaN
    for (int p = 0; p < planes; p++)
        for (int i = 0; i < g.oh; i++)
            for (int j = 0; j < g.ow; j++) {
                double s = 0;
                for (int u = 0; u < g.kh; u++)
                    for (int v = 0; v < g.kw; v++) {
                        int r = i * g.sh - g.ph + u, cc = j * g.sw - g.pw + v;
                        if (r >= 0 && r < g.h && cc >= 0 && cc < g.w) s += x[(size_t)p * g.h * g.w + r * g.w + cc];
                    }
                ya[((size_t)p * g.oh + i) * g.ow + j] = s / (g.kh * g.kw);
            }
    emu::launch(avg_pool2d_f32, grid1((long long)out), B256, got.data(), (const float*)x.data(), planes, g);
    check(std::string("avg_pool2d_f32") + tag, ya, got, 1e-6);
    emu::launch(avg_pool2d_backward_f32, grid1((long long)in), B256, gotx.data(), (const float*)gy.data(), planes, g);
    check(std::string("avg_pool2d_backward_f32") + tag, gxa, gotx, 1e-6);
}

static void testBatchNorm() {
    int n = 3, c = 2, plane = 300;
    size_t total = (size_t)n * c * plane;
    auto x = uniform(total), gy = uniform(total), gamma = uniform(c, 0.5, 1.5), beta = uniform(c);
    float eps = 1e-5f;
    std::vector<double> mean(c), var(c), inv(c), y(total), gx(total), sg(c), sgx(c);
    double count = (double)n * plane;
    for (int ch = 0; ch < c; ch++) {
        double s = 0, q = 0;
        for (int b = 0; b < n; b++)
            for (int p = 0; p < plane; p++) s += x[(b * c + ch) * plane + p];
        mean[ch] = s / count;
        for (int b = 0; b < n; b++)
            for (int p = 0; p < plane; p++) q += std::pow(x[(b * c + ch) * plane + p] - mean[ch], 2);
        var[ch] = q / count;
        inv[ch] = 1 / std::sqrt(var[ch] + eps);
        double a = 0, bsum = 0;
        for (int b = 0; b < n; b++)
            for (int p = 0; p < plane; p++) {
                size_t t = (b * c + ch) * plane + p;
                double xh = (x[t] - mean[ch]) * inv[ch];
                y[t] = xh * gamma[ch] + beta[ch];
                a += gy[t];
                bsum += gy[t] * xh;
            }
        sg[ch] = a;
        sgx[ch] = bsum;
        for (int b = 0; b < n; b++)
            for (int p = 0; p < plane; p++) {
                size_t t = (b * c + ch) * plane + p;
                double xh = (x[t] - mean[ch]) * inv[ch];
                gx[t] = inv[ch] * (gamma[ch] * gy[t] - gamma[ch] * a / count - xh * gamma[ch] * bsum / count);
            }
    }
    std::vector<float> m(c), v(c), is(c), gy2(total), gotx(total), gsg(c), gsgx(c);
    emu::launch(batch_norm_stats_f32, dim3{(unsigned)c, 1, 1}, B256, m.data(), v.data(), is.data(), (const float*)x.data(),
                n, c, plane, eps);
    check("batch_norm_stats_f32 mean", mean, m, 1e-6);
    check("batch_norm_stats_f32 var", var, v, 1e-6);
    check("batch_norm_stats_f32 invStd", inv, is, 1e-5);
    emu::launch(batch_norm_apply_f32, grid1((long long)total), B256, gy2.data(), (const float*)x.data(),
                (const float*)gamma.data(), (const float*)beta.data(), (const float*)m.data(), (const float*)is.data(),
                n, c, plane);
    check("batch_norm_apply_f32", y, gy2, 1e-5);
    emu::launch(batch_norm_backward_reduce_f32, dim3{(unsigned)c, 1, 1}, B256, gsg.data(), gsgx.data(),
                (const float*)gy.data(), (const float*)x.data(), (const float*)m.data(), (const float*)is.data(), n, c, plane);
    check("batch_norm_backward_reduce_f32 sum gy", sg, gsg, 1e-4);
    check("batch_norm_backward_reduce_f32 sum gy*xhat", sgx, gsgx, 1e-4);
    emu::launch(batch_norm_backward_input_f32, grid1((long long)total), B256, gotx.data(), (const float*)gy.data(),
                (const float*)x.data(), (const float*)gamma.data(), (const float*)m.data(), (const float*)is.data(),
                (const float*)gsg.data(), (const float*)gsgx.data(), n, c, plane);
    check("batch_norm_backward_input_f32", gx, gotx, 1e-5);
}

static void testIndexLayout() {
    int outer = 3, size = 5, inner = 4, count = 9;
    auto x = uniform((size_t)outer * size * inner);
    std::vector<long long> idx = {4, 0, 0, 2, 1, 4, 3, 3, 0};
    std::vector<double> sel((size_t)outer * count * inner);
    for (int o = 0; o < outer; o++)
        for (int j = 0; j < count; j++)
            for (int i = 0; i < inner; i++) sel[(o * count + j) * inner + i] = x[(o * size + idx[j]) * inner + i];
    std::vector<float> got(sel.size());
    int bad = 0;
    emu::launch(index_select_f32, grid1((long long)sel.size()), B256, got.data(), &bad, (const float*)x.data(),
                (const void*)idx.data(), 1, outer, size, count, inner);
    check("index_select_f32 i64 indices with repeats", sel, got, 0);
    auto src = uniform(sel.size());
    std::vector<double> add(x.size(), 0.0);
    for (int o = 0; o < outer; o++)
        for (int j = 0; j < count; j++)
            for (int i = 0; i < inner; i++) add[(o * size + idx[j]) * inner + i] += src[(o * count + j) * inner + i];
    std::vector<float> gotAdd(x.size());
    emu::launch(index_add_f32, grid1((long long)x.size()), B256, gotAdd.data(), &bad, (const float*)src.data(),
                (const void*)idx.data(), 1, outer, size, count, inner);
    check("index_add_f32 repeated indices accumulate", add, gotAdd, 1e-6);
    checkTrue("index kernels raise no flag for valid indices", bad == 0);
    std::vector<int> badIdx = {0, 5};
    emu::launch(index_select_f32, grid1(outer * 2LL * inner), B256, got.data(), &bad, (const float*)x.data(),
                (const void*)badIdx.data(), 0, outer, size, 2, inner);
    checkTrue("index_select_f32 flags index 5 of axis size 5", bad == 1);

    // strided_copy as permute (3, 4, 5) -> axes (2, 0, 1), i.e. out (5, 3, 4)
    int d0 = 3, d1 = 4, d2 = 5;
    auto t = uniform((size_t)d0 * d1 * d2);
    std::vector<double> perm(t.size());
    for (int a = 0; a < d2; a++)
        for (int b = 0; b < d0; b++)
            for (int c2 = 0; c2 < d1; c2++) perm[(a * d0 + b) * d1 + c2] = t[(b * d1 + c2) * d2 + a];
    StridedMeta m{};
    m.rank = 3;
    int dims[] = {d2, d0, d1}, ins[] = {1, d1 * d2, d2}, outs[] = {d0 * d1, d1, 1};
    for (int i = 0; i < 3; i++) {
        m.dims[i] = dims[i];
        m.inStrides[i] = ins[i];
        m.outStrides[i] = outs[i];
    }
    std::vector<float> gotPerm(t.size());
    emu::launch(strided_copy_f32, grid1((long long)t.size()), B256, gotPerm.data(), (const float*)t.data(),
                (int)t.size(), m);
    check("strided_copy_f32 as permute (2, 0, 1)", perm, gotPerm, 0);

    // permute_axes: axes 0 and 2 of (4, 3, 2) gathered at once
    std::vector<int> p0 = {2, 0, 3, 1}, p2 = {1, 0};
    std::vector<int> perms = {2, 0, 3, 1, 1, 0};
    auto u = uniform(24);
    std::vector<double> pw(24);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 2; k++) pw[(i * 3 + j) * 2 + k] = u[(p0[i] * 3 + j) * 2 + p2[k]];
    PermMeta pm{};
    pm.rank = 3;
    int pd[] = {4, 3, 2}, ps[] = {6, 2, 1}, po[] = {0, -1, 4};
    for (int i = 0; i < 3; i++) {
        pm.dims[i] = pd[i];
        pm.strides[i] = ps[i];
        pm.offsets[i] = po[i];
    }
    std::vector<float> gotP(24);
    emu::launch(permute_axes_f32, grid1(24), B256, gotP.data(), (const float*)u.data(), (const int*)perms.data(), 24, pm);
    check("permute_axes_f32 axes 0 and 2 of (4, 3, 2)", pw, gotP, 0);
}

static void testMatchCost() {
    int outer = 2, n = 19, inner = 3;
    auto t = uniform((size_t)outer * n * inner), s = uniform(t.size()), cost = uniform((size_t)n * n);
    float scale = 0.75f;
    std::vector<double> want(cost.begin(), cost.end());
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < inner; k++) acc += (double)t[(o * n + i) * inner + k] * s[(o * n + j) * inner + k];
            want[i * n + j] += scale * acc;
        }
    unsigned tiles = (n + 15) / 16;
    emu::launch(match_cost_f32, dim3{tiles, tiles, 1}, dim3{16, 16, 1}, cost.data(), (const float*)t.data(),
                (const float*)s.data(), n, outer, inner, scale);
    check("match_cost_f32 (2, 19, 3)", want, cost, 1e-5);
}

static void testElementwiseAndOptim() {
    // (2, 3, 4) + (3, 1): b broadcast along axes 0 and 2
    auto a = uniform(24), b = uniform(3);
    std::vector<double> want(24);
    for (int i = 0; i < 24; i++) want[i] = (float)((double)a[i] + b[(i / 4) % 3]);  // one float rounding
    BinaryMeta m{};
    m.rank = 3;
    int dims[] = {2, 3, 4}, sa[] = {12, 4, 1}, sb[] = {0, 1, 0};
    for (int i = 0; i < 3; i++) {
        m.dims[i] = dims[i];
        m.aStrides[i] = sa[i];
        m.bStrides[i] = sb[i];
    }
    std::vector<float> got(24);
    emu::launch(add_f32, grid1(24), B256, got.data(), (const float*)a.data(), (const float*)b.data(), 24, m);
    check("add_f32 (2, 3, 4) + (3, 1)", want, got, 0);
    std::vector<float> mm = {NAN, 1.0f, -0.0f, 2.0f}, mb = {1.0f, NAN, 0.0f, -3.0f};
    BinaryMeta flat{};
    flat.rank = 1;
    flat.dims[0] = 4;
    flat.aStrides[0] = 1;
    flat.bStrides[0] = 1;
    std::vector<float> mx(4);
    emu::launch(max_f32, grid1(4), B256, mx.data(), (const float*)mm.data(), (const float*)mb.data(), 4, flat);
    checkTrue("max_f32 follows Math.max: NaN wins, +0 beats -0",
              std::isnan(mx[0]) && std::isnan(mx[1]) && mx[2] == 0.0f && !std::signbit(mx[2]) && mx[3] == 2.0f);

    int n = 300;
    auto p = uniform(n), g = uniform(n);
    std::vector<float> buf(n, 0.0f), pp = p;
    double lr = 0.1, mom = 0.9, wd = 0.01;
    std::vector<double> wantP(n), wantB(n);
    for (int i = 0; i < n; i++) {
        double d = g[i] + wd * p[i];
        wantB[i] = d;                      // first step: buf = g'
        wantP[i] = p[i] - lr * (d + mom * d);  // nesterov
    }
    emu::launch(sgd_f32, grid1(n), B256, pp.data(), buf.data(), (const float*)g.data(), n, lr, mom, 0.0, wd, 1, 1);
    check("sgd_f32 first nesterov step: parameters", wantP, pp, 1e-6);
    check("sgd_f32 first nesterov step: momentum buffer", wantB, buf, 1e-6);
    std::vector<float> m1(n, 0.0f), v1(n, 0.0f), pa = p;
    double b1 = 0.9, b2 = 0.999, eps = 1e-8, awd = 0.01, alr = 1e-2;
    std::vector<double> wantA(n);
    for (int i = 0; i < n; i++) {
        double mi = (1 - b1) * g[i], vi = (1 - b2) * g[i] * g[i];
        wantA[i] = p[i] * (1 - alr * awd) - alr / (1 - b1) * mi / (std::sqrt(vi) / std::sqrt(1 - b2) + eps);
    }
    emu::launch(adamw_f32, grid1(n), B256, pa.data(), m1.data(), v1.data(), (const float*)g.data(), n, alr, b1, b2, eps,
                awd, 1 - b1, 1 - b2);
    check("adamw_f32 first step", wantA, pa, 1e-6);
}

int main() {
    testGemm();
    testReduce();
    testSoftmaxXent();
    testConv();
    testPool(PoolGeom{9, 11, 3, 3, 2, 2, 1, 1, 0, 0}, 3);
    testPool(PoolGeom{8, 8, 2, 2, 2, 2, 0, 0, 0, 0}, 2);
    testPool(PoolGeom{7, 7, 3, 2, 1, 2, 1, 1, 0, 0}, 2);
    testBatchNorm();
    testIndexLayout();
    testMatchCost();
    testElementwiseAndOptim();
    std::printf("%s: %d failure(s)\n", failures == 0 ? "ALL PASSED" : "FAILED", failures);
    return failures == 0 ? 0 : 1;
}
