#!/usr/bin/env python3
"""PyTorch peer of ConvBench: the Conv8 convolution layers (3x3, stride 1, padding 1, bias,
batch 128) timed forward, backward-data and backward-weights (+bias), in contiguous (NCHW) and
channels_last memory formats, at 1 and 2 threads; best of N after a warm-up.

Backward passes call torch.nn.grad.conv2d_input / conv2d_weight, i.e. the same kernels autograd
runs (oneDNN/mkldnn or the native im2col path, whichever this PyTorch build selects).
Prints one line per (threads, format, layer, pass): best ms and GFLOP/s (2*N*O*HW*C*9).

Usage: python3 bench/scripts/conv_layers_torch.py [--threads 1,2] [--formats contiguous,channels_last]
       [--repeats 5] [--batch 128] [--layers 64-64@32,...]
"""
import argparse
import time

import torch
import torch.nn.functional as F

LAYERS = ["1-64@32", "64-64@32", "64-128@16", "128-128@16", "128-256@8", "256-256@8", "256-512@4", "512-512@4"]


def best_ms(fn, repeats):
    fn()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--formats", default="contiguous,channels_last")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--layers", default=",".join(LAYERS))
    a = ap.parse_args()
    print(f"# torch {torch.__version__}, mkldnn {torch.backends.mkldnn.is_available()}, "
          f"capability {torch.backends.cpu.get_cpu_capability() if hasattr(torch.backends, 'cpu') else '?'}")
    print(f"{'threads':>7} {'format':<14} {'layer':<11} {'pass':<9} {'ms':>9} {'GFLOP/s':>9}")
    g = torch.Generator().manual_seed(0)
    for threads in [int(t) for t in a.threads.split(",")]:
        torch.set_num_threads(threads)
        for fmt in a.formats.split(","):
            mf = torch.channels_last if fmt == "channels_last" else torch.contiguous_format
            for name in a.layers.split(","):
                c, rest = name.split("-")
                o, hw = rest.split("@")
                c, o, hw = int(c), int(o), int(hw)
                n = a.batch
                x = torch.randn(n, c, hw, hw, generator=g).contiguous(memory_format=mf)
                w = (0.1 * torch.randn(o, c, 3, 3, generator=g)).contiguous(memory_format=mf)
                b = 0.1 * torch.randn(o, generator=g)
                gy = torch.randn(n, o, hw, hw, generator=g).contiguous(memory_format=mf)
                gflop = 2.0 * n * o * hw * hw * c * 9 / 1e9
                with torch.no_grad():
                    passes = {
                        "forward": lambda: F.conv2d(x, w, b, 1, 1),
                        "bwd-data": lambda: torch.nn.grad.conv2d_input(x.shape, w, gy, 1, 1),
                        "bwd-wei": lambda: (torch.nn.grad.conv2d_weight(x, w.shape, gy, 1, 1), gy.sum((0, 2, 3))),
                    }
                    for p, fn in passes.items():
                        ms = best_ms(fn, a.repeats)
                        print(f"{threads:>7} {fmt:<14} {name:<11} {p:<9} {ms:9.2f} {gflop / (ms / 1e3):9.1f}", flush=True)


if __name__ == "__main__":
    main()
