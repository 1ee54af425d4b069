// oneDNN peer of ConvBench: times the Conv8 convolution layers (3x3, stride 1, padding 1, bias,
// batch 128) forward, backward-data and backward-weights (+bias) with the oneDNN Debian ships
// (libdnnl-dev, the library PyTorch's CPU convolutions call), F32, letting oneDNN choose its
// preferred (blocked) memory layouts (format_tag::any), as a framework that keeps tensors in
// those layouts would. Reorders to and from plain NCHW are not timed, unless LAYOUT=plain: then every
// tensor is plain (NCHW activations, OIHW weights, as ltx's passes take and return them) and each
// timed pass includes oneDNN's reorders of its inputs into the chosen layouts and of its output back.
//
// Build and run (bench/scripts/conv-layers-onednn.sh does both):
//   g++ -O2 -std=c++17 conv_layers_onednn.cpp -ldnnl -o conv_layers_onednn
//   OMP_NUM_THREADS=1 [LAYOUT=plain] ./conv_layers_onednn [repeats] [batch] [layer ...]     layer = C-O@HW
// Output: one line per layer and pass: layer, pass, best milliseconds, GFLOP/s (2*N*O*HW*C*9
// floating operations per pass), and the implementation oneDNN picked.
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

using namespace dnnl;
using dt = memory::data_type;
using tag = memory::format_tag;

namespace {

struct Layer {
    long c, o, hw;
};

Layer parse(const std::string& s) {
    Layer l{};
    if (std::sscanf(s.c_str(), "%ld-%ld@%ld", &l.c, &l.o, &l.hw) != 3) {
        std::fprintf(stderr, "bad layer '%s', expected C-O@HW\n", s.c_str());
        std::exit(2);
    }
    return l;
}

memory filled(const memory::desc& d, const engine& eng, float scale) {
    memory m(d, eng);
    auto* p = static_cast<float*>(m.get_data_handle());
    size_t n = d.get_size() / sizeof(float);
    unsigned x = 12345;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        p[i] = scale * (static_cast<float>(x >> 8) / 16777216.0f - 0.5f);
    }
    return m;
}

double bestMs(int repeats, const std::function<void()>& run) {
    run();  // warm-up (first execution creates the kernel's state)
    double best = 1e300;
    for (int r = 0; r < repeats; r++) {
        auto t0 = std::chrono::steady_clock::now();
        run();
        auto t1 = std::chrono::steady_clock::now();
        best = std::min(best, std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    return best;
}

/**
 * One argument of a timed pass. Blocked mode: the memory in the primitive's layout, nothing else.
 * Plain mode: a plain tensor (the caller's) and, where the primitive chose another layout, the
 * reorder between the two, run inside the timed pass (into the primitive for inputs, out for outputs).
 */
struct Arg {
    memory plain, prim;
    bool reordered = false;
    reorder step;
    memory from, to;

    Arg(const memory::desc& primDesc, const memory::desc& plainDesc, bool plainMode, bool input,
        const engine& eng, float scale) {
        prim = input ? filled(primDesc, eng, scale) : memory(primDesc, eng);
        plain = prim;
        if (plainMode && primDesc != plainDesc) {
            plain = input ? filled(plainDesc, eng, scale) : memory(plainDesc, eng);
            reordered = true;
            from = input ? plain : prim;
            to = input ? prim : plain;
            step = reorder(from, to);
        }
    }

    /** The reorder, if any: before the primitive for an input, after it for an output. */
    void run(stream& s) {
        if (reordered) step.execute(s, from, to);
    }
};

}  // namespace

int main(int argc, char** argv) {
    int repeats = argc > 1 ? std::atoi(argv[1]) : 5;
    long n = argc > 2 ? std::atol(argv[2]) : 128;
    std::vector<std::string> names;
    for (int i = 3; i < argc; i++) names.emplace_back(argv[i]);
    if (names.empty()) {
        names = {"1-64@32", "64-64@32", "64-128@16", "128-128@16", "128-256@8", "256-256@8", "256-512@4", "512-512@4"};
    }
    const char* layout = std::getenv("LAYOUT");
    bool plain = layout && std::string(layout) == "plain";
    engine eng(engine::kind::cpu, 0);
    stream s(eng);
    const char* threads = std::getenv("OMP_NUM_THREADS");
    std::printf("# oneDNN %d.%d.%d, batch %ld, OMP_NUM_THREADS=%s, best of %d, %s\n", dnnl_version()->major,
                dnnl_version()->minor, dnnl_version()->patch, n, threads ? threads : "(unset)", repeats,
                plain ? "plain NCHW/OIHW tensors, reorders timed" : "oneDNN's own layouts, reorders not timed");
    std::printf("%-12s %-8s %10s %10s  %s\n", "layer", "pass", "ms", "GFLOP/s", "impl");
    for (const auto& name : names) {
        Layer l = parse(name);
        memory::dims src{n, l.c, l.hw, l.hw}, wei{l.o, l.c, 3, 3}, bia{l.o}, dst{n, l.o, l.hw, l.hw};
        memory::dims strides{1, 1}, pad{1, 1};
        memory::desc srcAny(src, dt::f32, tag::any), weiAny(wei, dt::f32, tag::any), biaMd(bia, dt::f32, tag::x),
                dstAny(dst, dt::f32, tag::any);
        double gflop = 2.0 * n * l.o * l.hw * l.hw * l.c * 9 / 1e9;

        auto fwdPd = convolution_forward::primitive_desc(
                convolution_forward::desc(prop_kind::forward_training, algorithm::convolution_direct, srcAny, weiAny,
                                          biaMd, dstAny, strides, pad, pad),
                eng);
        auto bwdDataPd = convolution_backward_data::primitive_desc(
                convolution_backward_data::desc(algorithm::convolution_direct, srcAny, weiAny, dstAny, strides, pad,
                                                pad),
                eng, fwdPd);
        auto bwdWeiPd = convolution_backward_weights::primitive_desc(
                convolution_backward_weights::desc(algorithm::convolution_direct, srcAny, weiAny, biaMd, dstAny,
                                                   strides, pad, pad),
                eng, fwdPd);

        memory::desc srcPlain(src, dt::f32, tag::nchw), weiPlain(wei, dt::f32, tag::oihw),
                dstPlain(dst, dt::f32, tag::nchw);
        Arg x(fwdPd.src_desc(), srcPlain, plain, true, eng, 2.0f), w(fwdPd.weights_desc(), weiPlain, plain, true, eng, 0.1f),
                y(fwdPd.dst_desc(), dstPlain, plain, false, eng, 0);
        memory b = filled(biaMd, eng, 0.1f);
        convolution_forward fwd(fwdPd);
        double fwdMs = bestMs(repeats, [&] {
            x.run(s);
            w.run(s);
            fwd.execute(s, {{DNNL_ARG_SRC, x.prim}, {DNNL_ARG_WEIGHTS, w.prim}, {DNNL_ARG_BIAS, b},
                            {DNNL_ARG_DST, y.prim}});
            y.run(s);
            s.wait();
        });

        Arg gy(bwdDataPd.diff_dst_desc(), dstPlain, plain, true, eng, 1.0f),
                wd(bwdDataPd.weights_desc(), weiPlain, plain, true, eng, 0.1f),
                gx(bwdDataPd.diff_src_desc(), srcPlain, plain, false, eng, 0);
        convolution_backward_data bwdData(bwdDataPd);
        double dataMs = bestMs(repeats, [&] {
            gy.run(s);
            wd.run(s);
            bwdData.execute(s, {{DNNL_ARG_DIFF_DST, gy.prim}, {DNNL_ARG_WEIGHTS, wd.prim}, {DNNL_ARG_DIFF_SRC, gx.prim}});
            gx.run(s);
            s.wait();
        });

        Arg xw(bwdWeiPd.src_desc(), srcPlain, plain, true, eng, 2.0f),
                gyw(bwdWeiPd.diff_dst_desc(), dstPlain, plain, true, eng, 1.0f),
                gw(bwdWeiPd.diff_weights_desc(), weiPlain, plain, false, eng, 0);
        memory gb(bwdWeiPd.diff_bias_desc(), eng);
        convolution_backward_weights bwdWei(bwdWeiPd);
        double weiMs = bestMs(repeats, [&] {
            xw.run(s);
            gyw.run(s);
            bwdWei.execute(s, {{DNNL_ARG_SRC, xw.prim}, {DNNL_ARG_DIFF_DST, gyw.prim}, {DNNL_ARG_DIFF_WEIGHTS, gw.prim},
                               {DNNL_ARG_DIFF_BIAS, gb}});
            gw.run(s);
            s.wait();
        });

        std::printf("%-12s %-8s %10.2f %10.1f  %s\n", name.c_str(), "forward", fwdMs, gflop / (fwdMs / 1e3),
                    fwdPd.impl_info_str());
        std::printf("%-12s %-8s %10.2f %10.1f  %s\n", name.c_str(), "bwd-data", dataMs, gflop / (dataMs / 1e3),
                    bwdDataPd.impl_info_str());
        std::printf("%-12s %-8s %10.2f %10.1f  %s\n", name.c_str(), "bwd-wei", weiMs, gflop / (weiMs / 1e3),
                    bwdWeiPd.impl_info_str());
        std::fflush(stdout);
    }
    return 0;
}
