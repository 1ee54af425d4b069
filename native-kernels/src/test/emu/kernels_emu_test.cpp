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

#include "emu_tests_math.inc"
#include "emu_tests_nn.inc"
#include "emu_tests_optim.inc"

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
    testOptimGroups();
    std::printf("%s: %d failure(s)\n", failures == 0 ? "ALL PASSED" : "FAILED", failures);
    return failures == 0 ? 0 : 1;
}
