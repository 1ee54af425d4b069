#!/usr/bin/python3
"""Why an Oracle transfer can fail: how far training moved the weights, and how much init-sized noise the trained
network survives (Debian's python3-torch; reads ltx run folders, no other package).

An Oracle transfer's last point is  theta2_0 + pi (theta1_T - theta1_0) = pi theta1_T + (theta2_0 - pi theta1_0):
the permuted trained source plus the part of the target's init that no permutation aligns with the source's.
Where inits cannot be aligned (narrow layers), that part is distributed like theta2_0 - theta1_0, so this script
evaluates  theta1_T + c (theta2_0 - theta1_0)  for c in [0.1, 1] on the first 2,000 test examples, and prints
||theta_T - theta_0|| / ||theta_0|| per weight tensor.

Usage: /usr/bin/python3 init_noise_probe.py conv8 WIDTH RUN_A RUN_B    (Fashion-MNIST runs, e.g. fmnist-conv8's)
       /usr/bin/python3 init_noise_probe.py mlp 4096 RUN_A RUN_B       (MNIST 2-MLP runs, no bias, e.g. mnist-mlp's)
"""
import glob
import gzip
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

kind, width, ra, rb = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]


def load(path):
    b = open(path, 'rb').read(); n = struct.unpack('<Q', b[:8])[0]; h = json.loads(b[8:8 + n]); base = 8 + n; out = []
    for k, v in h.items():
        if k == '__metadata__': continue
        if v['dtype'] != 'F32': raise SystemExit(f'{path}: {k} is {v["dtype"]}, expected F32')
        s, e = v['data_offsets']
        out.append((k, torch.from_numpy(np.frombuffer(b[base + s:base + e], np.float32).copy()).reshape(v['shape'])))
    return out


def checkpoint(run, which):
    cks = sorted(glob.glob(os.path.join(run, 'checkpoints', 'epoch_*.safetensors')),
                 key=lambda p: int(p.split('epoch_')[1].split('.')[0]))
    if len(cks) < 2: raise SystemExit(f'{run}: needs its initial and final checkpoints')
    return load(cks[which])


def conv8():
    w = lambda c: int(c * width); layers, c = [], 1
    for v in [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M4"]:
        if v == "M": layers.append(nn.MaxPool2d(2))
        elif v == "M4": layers.append(nn.MaxPool2d(4))
        else: layers += [nn.Conv2d(c, w(v), 3, padding=1), nn.ReLU()]; c = w(v)
    h = w(256)
    layers += [nn.Conv2d(c, h, 1), nn.ReLU(), nn.Conv2d(h, h, 1), nn.ReLU(), nn.Conv2d(h, 10, 1), nn.Flatten()]
    return nn.Sequential(*layers)


def idx(p):
    if not os.path.exists(p): p = p[:-3]
    with (gzip.open(p) if p.endswith('.gz') else open(p, 'rb')) as f: d = f.read()
    nd = d[3]; dims = [int.from_bytes(d[4 + 4 * i:8 + 4 * i], 'big') for i in range(nd)]
    return np.frombuffer(d, np.uint8, offset=4 + 4 * nd).reshape(dims)


mlp = kind == 'mlp'
D = os.path.expanduser('~/.cache/ltx/data/mnist/') if mlp else '/usr/share/datasets/fashion-mnist/'
xs = torch.from_numpy(idx(D + 't10k-images-idx3-ubyte.gz')[:2000].astype(np.float32) / 255.).unsqueeze(1)
xs = (xs - 0.1307) / 0.3081 if mlp else (F.pad(xs, (2, 2, 2, 2)) - 0.2860) / 0.3530
ys = torch.from_numpy(idx(D + 't10k-labels-idx1-ubyte.gz')[:2000].astype(np.int64))
a0, aT, b0, bT = checkpoint(ra, 0), checkpoint(ra, -1), checkpoint(rb, 0), checkpoint(rb, -1)
m = (nn.Sequential(nn.Flatten(), nn.Linear(784, int(width), bias=False), nn.ReLU(), nn.Linear(int(width), 10, bias=False))
     if mlp else conv8())
params = list(m.parameters())
if [p.shape for p in params] != [t.shape for _, t in aT]:
    raise SystemExit(f'{ra}: its tensors do not fit {kind} at width {width}')


def acc(ts):
    with torch.no_grad():
        for p, t in zip(params, ts): p.copy_(t)
        return 100 * (m(xs).argmax(1) == ys).float().mean().item()


rel = [(k, (t - s).norm().item() / s.norm().item()) for (k, t), (_, s) in zip(aT, a0) if k.endswith('weight')]
print(f'{ra}: relative update ||theta_T - theta_0|| / ||theta_0|| per weight: '
      + ', '.join(f'{k} {r:.2f}' for k, r in rel))
print(f'  test acc (first 2,000): source final {acc([t for _, t in aT]):.2f}, target final {acc([t for _, t in bT]):.2f},'
      f' target init {acc([t for _, t in b0]):.2f}')
for c in [0.1, 0.25, 0.5, 0.75, 1.0]:
    noisy = [t + c * (u - s) for (_, t), (_, u), (_, s) in zip(aT, b0, a0)]
    print(f'  source final + {c:.2f} x (target init - source init): {acc(noisy):.2f}')
