#!/usr/bin/env python3
"""PyTorch 1.13 twin of `ltx train --model conv8 --dataset fashion-mnist` (issue 3 acceptance recipe):
Conv8 (PyTorch default init), Fashion-MNIST padded to 32x32 and normalized (0.2860, 0.3530), 9:1 split
(seed 777), SGD lr 0.05 momentum 0.9 wd 1e-4, per-epoch cosine over 3 epochs, batch 128.
Prints the running train loss every 25 steps and validation accuracy after each epoch.
Usage: python3 peer_conv8_fashion_mnist.py BATCH THREADS SEED [EPOCHS_TO_RUN]   (data from dataset-fashion-mnist)
"""
import gzip
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

bs = int(sys.argv[1]); threads = int(sys.argv[2]); seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
torch.set_num_threads(threads); torch.manual_seed(seed)
def idx(p):
    with gzip.open(p) as f: d = f.read()
    nd = d[3]; dims = [int.from_bytes(d[4+4*i:8+4*i], 'big') for i in range(nd)]
    return np.frombuffer(d, np.uint8, offset=4+4*nd).reshape(dims)
D = '/usr/share/datasets/fashion-mnist/'
x = idx(D+'train-images-idx3-ubyte.gz'); y = idx(D+'train-labels-idx1-ubyte.gz')
x = torch.from_numpy(x.astype(np.float32)/255.).unsqueeze(1); x = F.pad(x, (2,2,2,2)); x = (x-0.2860)/0.3530
y = torch.from_numpy(y.astype(np.int64))
g = torch.Generator().manual_seed(777); perm = torch.randperm(len(x), generator=g)
nv = len(x)//10; xv, yv = x[perm[:nv]], y[perm[:nv]]; xt, yt = x[perm[nv:]], y[perm[nv:]]
CFG = [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M4"]
layers, c = [], 1
for v in CFG:
    if v == "M": layers.append(nn.MaxPool2d(2))
    elif v == "M4": layers.append(nn.MaxPool2d(4))
    else: layers += [nn.Conv2d(c, v, 3, padding=1), nn.ReLU()]; c = v
layers += [nn.Conv2d(512,256,1), nn.ReLU(), nn.Conv2d(256,256,1), nn.ReLU(), nn.Conv2d(256,10,1), nn.Flatten()]
m = nn.Sequential(*layers)
opt = torch.optim.SGD(m.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
E = 3; EMAX = int(sys.argv[4]) if len(sys.argv) > 4 else 3; step = 0; t0 = time.time()
for e in range(EMAX):
    for gp in opt.param_groups: gp['lr'] = 0.05*0.5*(1+math.cos(math.pi*e/E))
    m.train(); p = torch.randperm(len(xt)); run = 0.0; n = 0
    for i in range(0, len(xt), bs):
        b = p[i:i+bs]; out = m(xt[b]); loss = F.cross_entropy(out, yt[b])
        opt.zero_grad(); loss.backward(); opt.step(); step += 1; run += loss.item(); n += 1
        if step % 25 == 0: print(f'e{e} step {step} loss {run/n:.4f} t {time.time()-t0:.0f}s', flush=True); run = 0.0; n = 0
    m.eval(); corr = 0
    with torch.no_grad():
        for i in range(0, nv, 512): corr += (m(xv[i:i+512]).argmax(1) == yv[i:i+512]).sum().item()
    print(f'EPOCH {e} val {100*corr/nv:.2f} t {time.time()-t0:.0f}s', flush=True)
