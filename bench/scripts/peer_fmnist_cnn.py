#!/usr/bin/python3
"""PyTorch 1.13 twin of the source/target runs of `ltx reproduce fmnist-conv8` and `fmnist-resnet18`:
Conv8 (no BN) or the 32-px ResNet-18 (BN) at a width factor, PyTorch default init, Fashion-MNIST padded to
32x32 and normalized (0.2860, 0.3530), 9:1 split (torch generator seeded 777), SGD momentum 0.9 with coupled
weight decay (or AdamW with decoupled weight decay), the official per-epoch warm-up + cosine schedule
(reference.md section 9), batch 128.
Prints the validation accuracy after each epoch and the final test accuracy per seed (all 10,000 test examples, and
the first 2,000 in file order, which is what ltx measures where an experiment cuts its evaluation to 2,000), then
the means over seeds.

Usage: /usr/bin/python3 peer_fmnist_cnn.py MODEL WIDTH EPOCHS OPT LR WARMUP WD THREADS SEEDS [TRAIN_N [MAX_STEPS]]
  MODEL conv8|resnet18; OPT sgd|adamw; SEEDS comma-separated (e.g. 101,102,201,202,301,302); MAX_STEPS stops each run early
  (probing a recipe: prints the running loss every 25 steps); TRAIN_N trains on the first N examples of the
  training split (0: all; ltx's trainExamples; the split itself is torch's, not ltx's, so the examples differ).
The source runs of the suite entries:
  fmnist-conv8:          peer_fmnist_cnn.py conv8 0.0625 4 adamw 0.001 0 1e-4 2 101,102,201,202,301,302 27000
  fmnist-conv8 --quick:  peer_fmnist_cnn.py conv8 0.0625 4 adamw 0.001 0 1e-4 2 101,102 6400
  fmnist-resnet18:       peer_fmnist_cnn.py resnet18 0.0625 3 sgd 0.05 0 1e-4 2 101,102,201,202,301,302 10000
  fmnist-resnet18 --quick: peer_fmnist_cnn.py resnet18 0.0625 1 sgd 0.05 0 1e-4 2 101,102 2000
"""
import gzip
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

model_name, width = sys.argv[1], float(sys.argv[2])
E, opt_name, lr0, W, wd = int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
torch.set_num_threads(int(sys.argv[8])); seeds = [int(s) for s in sys.argv[9].split(',')]
train_n = int(sys.argv[10]) if len(sys.argv) > 10 else 0
max_steps = int(sys.argv[11]) if len(sys.argv) > 11 else None


def idx(p):
    with gzip.open(p) as f: d = f.read()
    nd = d[3]; dims = [int.from_bytes(d[4 + 4 * i:8 + 4 * i], 'big') for i in range(nd)]
    return np.frombuffer(d, np.uint8, offset=4 + 4 * nd).reshape(dims)


def prep(x):
    x = torch.from_numpy(x.astype(np.float32) / 255.).unsqueeze(1)
    return (F.pad(x, (2, 2, 2, 2)) - 0.2860) / 0.3530


D = '/usr/share/datasets/fashion-mnist/'
x = prep(idx(D + 'train-images-idx3-ubyte.gz')); y = torch.from_numpy(idx(D + 'train-labels-idx1-ubyte.gz').astype(np.int64))
xs = prep(idx(D + 't10k-images-idx3-ubyte.gz')); ys = torch.from_numpy(idx(D + 't10k-labels-idx1-ubyte.gz').astype(np.int64))
g = torch.Generator().manual_seed(777); perm = torch.randperm(len(x), generator=g)
nv = len(x) // 10; xv, yv = x[perm[:nv]], y[perm[:nv]]; xt, yt = x[perm[nv:]], y[perm[nv:]]
if train_n > 0: xt, yt = xt[:train_n], yt[:train_n]


def conv8():
    w = lambda c: int(c * width)
    layers, c = [], 1
    for v in [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M4"]:
        if v == "M": layers.append(nn.MaxPool2d(2))
        elif v == "M4": layers.append(nn.MaxPool2d(4))
        else: layers += [nn.Conv2d(c, w(v), 3, padding=1), nn.ReLU()]; c = w(v)
    h = w(256)
    layers += [nn.Conv2d(c, h, 1), nn.ReLU(), nn.Conv2d(h, h, 1), nn.ReLU(), nn.Conv2d(h, 10, 1), nn.Flatten()]
    return nn.Sequential(*layers)


class Block(nn.Module):
    def __init__(s, i, o, stride):
        super().__init__()
        s.c1 = nn.Conv2d(i, o, 3, stride, 1, bias=False); s.b1 = nn.BatchNorm2d(o)
        s.c2 = nn.Conv2d(o, o, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(o)
        s.sc = nn.Sequential()
        if stride != 1 or i != o: s.sc = nn.Sequential(nn.Conv2d(i, o, 1, stride, bias=False), nn.BatchNorm2d(o))

    def forward(s, x):
        return F.relu(s.b2(s.c2(F.relu(s.b1(s.c1(x))))) + s.sc(x))


class ResNet18(nn.Module):  # 32-px stem (3x3/1, no max-pool), stem width 64*width as ltx (official at width 1), avg-pool 4
    def __init__(s):
        super().__init__()
        i = int(64 * width)
        s.c = nn.Conv2d(1, i, 3, 1, 1, bias=False); s.b = nn.BatchNorm2d(i); blocks = []
        for planes, stride in zip([64, 128, 256, 512], [1, 2, 2, 2]):
            o = int(planes * width); blocks += [Block(i, o, stride), Block(o, o, 1)]; i = o
        s.blocks = nn.Sequential(*blocks); s.fc = nn.Linear(i, 10)

    def forward(s, x):
        return s.fc(torch.flatten(F.avg_pool2d(s.blocks(F.relu(s.b(s.c(x)))), 4), 1))


def lr_at(e):
    return lr0 * (e + 1) / W if e < W else lr0 * 0.5 * (1 + math.cos(math.pi * (e - W) / (E - W)))


def accuracy(m, xx, yy):
    m.eval(); corr = 0
    with torch.no_grad():
        for i in range(0, len(xx), 512): corr += (m(xx[i:i + 512]).argmax(1) == yy[i:i + 512]).sum().item()
    return 100 * corr / len(xx)


finals, firsts = [], []
for seed in seeds:
    torch.manual_seed(seed); m = conv8() if model_name == 'conv8' else ResNet18()
    opt = (torch.optim.SGD(m.parameters(), lr=lr0, momentum=0.9, weight_decay=wd) if opt_name == 'sgd'
           else torch.optim.AdamW(m.parameters(), lr=lr0, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd))
    step = 0; t0 = time.time()
    for e in range(E):
        for gp in opt.param_groups: gp['lr'] = lr_at(e)
        m.train(); p = torch.randperm(len(xt)); run, n = 0.0, 0
        for i in range(0, len(xt), 128):
            b = p[i:i + 128]; loss = F.cross_entropy(m(xt[b]), yt[b])
            opt.zero_grad(); loss.backward(); opt.step(); step += 1; run += loss.item(); n += 1
            if max_steps and step % 25 == 0:
                print(f'seed {seed} e{e} step {step} loss {run / n:.4f} {time.time() - t0:.0f}s', flush=True); run, n = 0.0, 0
            if max_steps and step >= max_steps: break
        print(f'seed {seed} EPOCH {e} lr {lr_at(e):.5f} val {accuracy(m, xv, yv):.2f} {time.time() - t0:.0f}s', flush=True)
        if max_steps and step >= max_steps: break
    test = accuracy(m, xs, ys); finals.append(test); first = accuracy(m, xs[:2000], ys[:2000]); firsts.append(first)
    print(f'seed {seed} FINAL test {test:.2f} (first 2,000 test examples: {first:.2f}) {time.time() - t0:.0f}s', flush=True)
sd = lambda v: np.std(v, ddof=1) if len(v) > 1 else 0
print(f'MEAN test {np.mean(finals):.2f} +- {sd(finals):.2f} over {len(finals)} seeds'
      f' (first 2,000 test examples, as ltx fmnist-resnet18 measures: {np.mean(firsts):.2f} +- {sd(firsts):.2f})')
