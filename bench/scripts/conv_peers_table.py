#!/usr/bin/env python3
"""Per-pass table of one or more conv-layers-peers.sh logs, every program at its best.

oneDNN (conv_layers_onednn) and PyTorch (conv_layers_torch.py) print the best of their repeats; ltx's
ConvBench prints each JMH iteration and then their mean. This table takes ltx's best iteration too, so
the three are compared alike, and with several logs the best of every log per pass.

Usage: python3 bench/scripts/conv_peers_table.py LOG [LOG ...]
Prints per thread count and pass: ms for ltx, oneDNN and PyTorch channels_last, ltx / oneDNN, ltx's
GFLOP/s (nominal, 2·N·C·O·9·HW) and its share of the log's sgemm 1024 rate (GemmBench, best of the
logs); where the log has them, oneDNN on plain NCHW/OIHW tensors with its reorders timed (LAYOUT=plain,
the tensors ltx's passes take and return) and ltx against that; then the totals, their ratios and the
slowest pass of a layer with 64 or more input channels.
"""
import collections
import re
import sys

PASSES = {"forward": "forward", "backwardInput": "bwd-data", "backwardWeight": "bwd-wei"}


def read(paths):
    best = collections.defaultdict(lambda: collections.defaultdict(lambda: float("inf")))
    gemm = collections.defaultdict(float)
    for path in paths:
        section, threads, bench, params = None, None, None, None
        for line in open(path, encoding="utf-8", errors="replace"):
            s = line.strip()
            m = re.match(r"== \S+ oneDNN( plain NCHW)?, (\d+) thread", s)
            if m:
                section, threads = "plain" if m.group(1) else "onednn", int(m.group(2))
                continue
            if s.startswith("== "):
                section = "torch" if "PyTorch" in s else "ltx" if "ConvBench" in s else \
                    "gemm" if "GemmBench" in s else None
                continue
            if section in ("onednn", "plain"):
                m = re.match(r"(\d+-\d+@\d+)\s+(\S+)\s+([\d.]+)\s", s)
                if m:
                    key = (threads, m.group(1), m.group(2))
                    best[key][section] = min(best[key][section], float(m.group(3)))
            elif section == "torch":
                p = s.split()
                if len(p) >= 5 and p[1] == "channels_last" and re.match(r"\d+-\d+@\d+$", p[2]):
                    key = (int(p[0]), p[2], p[3])
                    best[key]["torch"] = min(best[key]["torch"], float(p[4]))
            elif section == "ltx":
                m = re.match(r"# Benchmark: .*\.(\w+)$", s)
                if m:
                    bench = m.group(1)
                    continue
                m = re.match(r"# Parameters: \(batch = \d+, layer = (\S+), threads = (\d+)\)", s)
                if m:
                    params = (m.group(1), int(m.group(2)))
                    continue
                m = re.match(r"Iteration\s+\d+: ([\d.]+) ops/s", s)
                if m and bench in PASSES and params:
                    key = (params[1], params[0], PASSES[bench])
                    best[key]["ltx"] = min(best[key]["ltx"], 1000 / float(m.group(1)))
            elif section == "gemm":
                m = re.match(r"GemmBench\.sgemm:gflop\s+1024\s+(\d+)\s+thrpt\s+\d+\s+([\d.]+)", s)
                if m:
                    gemm[int(m.group(1))] = max(gemm[int(m.group(1))], float(m.group(2)))
    return best, gemm


def gflop(layer, batch=128):
    co, hw = layer.split("@")
    c, o = map(int, co.split("-"))
    return 2.0 * batch * c * o * 9 * int(hw) ** 2 / 1e9


def main(paths):
    best, gemm = read(paths)
    for threads in sorted({k[0] for k in best}):
        rows = sorted(k for k in best if k[0] == threads)
        total = collections.Counter()
        slowest = None
        plain = all("plain" in best[k] for k in rows)
        print(f"{threads} thread(s): layer, pass, ms ltx / oneDNN / PyTorch channels_last, ltx/oneDNN, "
              f"ltx GFLOP/s, of sgemm ({gemm.get(threads, 0):.1f})"
              + (", ms oneDNN plain NCHW (reorders timed), ltx/that" if plain else ""))
        for key in rows:
            d = best[key]
            for name, ms in d.items():
                total[name] += ms
            rate = gflop(key[1]) / (d["ltx"] / 1000)
            share = rate / gemm[threads] if gemm.get(threads) else float("nan")
            if int(key[1].split("-")[0]) >= 64 and (slowest is None or share < slowest[0]):
                slowest = (share, key[1], key[2])
            print(f"  {key[1]:11s} {key[2]:9s} {d['ltx']:8.1f} {d['onednn']:8.1f} {d['torch']:8.1f}"
                  f"  {d['ltx'] / d['onednn']:5.2f}  {rate:6.1f}  {share:5.0%}"
                  + (f"  {d['plain']:8.1f}  {d['ltx'] / d['plain']:5.2f}" if plain else ""))
        print(f"  total ltx {total['ltx']:.1f} ms, oneDNN {total['onednn']:.1f} "
              f"({total['ltx'] / total['onednn']:.3f}x), PyTorch channels_last {total['torch']:.1f} "
              f"({total['ltx'] / total['torch']:.3f}x)"
              + (f", oneDNN plain NCHW {total['plain']:.1f} ({total['ltx'] / total['plain']:.3f}x)" if plain else ""))
        if slowest:
            print(f"  slowest pass with >= 64 input channels: {slowest[1]} {slowest[2]} at {slowest[0]:.0%} of sgemm")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: conv_peers_table.py LOG [LOG ...]")
    main(sys.argv[1:])
