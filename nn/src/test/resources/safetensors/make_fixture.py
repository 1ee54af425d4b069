#!/usr/bin/env python3
"""Writes fixture.safetensors by hand (struct + json + numpy/torch), independently of ltx.

Run from this folder: /usr/bin/python3 make_fixture.py
Layout follows the safetensors reference writer: data sorted by dtype size (largest first) then
name, header keys sorted alphabetically (so header order != data order), header padded with
spaces to a multiple of 8.
"""
import json
import struct

import numpy as np
import torch

tensors = {
    "b.f64": ("F64", [3], np.array([1.5, -0.0, 1e300], dtype="<f8").tobytes()),
    "d.i64": ("I64", [2], np.array([-(2**62), 2**40 + 7], dtype="<i8").tobytes()),
    "a.f32": ("F32", [2, 3], np.array([0.0, 1.0, -2.5, 3.25, 1e-30, -7.0], dtype="<f4").tobytes()),
    "c.i32": ("I32", [2, 2], np.array([1, -2, 2147483647, -2147483648], dtype="<i4").tobytes()),
    "g.scalar": ("F32", [], np.array([42.0], dtype="<f4").tobytes()),
    "h.empty": ("F32", [0, 4], b""),
    "e.f16": ("F16", [4], np.array([1.0, -2.0, 65504.0, 2**-24], dtype="<f2").tobytes()),
    "f.bf16": ("BF16", [3], torch.tensor([1.0, -3.5, 1e38], dtype=torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()),
}
size = {"F64": 8, "I64": 8, "F32": 4, "I32": 4, "F16": 2, "BF16": 2}
order = sorted(tensors, key=lambda k: (-size[tensors[k][0]], k))
header, data, offset = {}, b"", 0
for name in order:
    dtype, shape, raw = tensors[name]
    header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
    data += raw
    offset += len(raw)
header["__metadata__"] = {"format": "pt", "producer": "make_fixture.py"}
text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
text += b" " * (-len(text) % 8)
with open("fixture.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    f.write(data)
