#!/usr/bin/env python3
"""A quick look at colour velocity models outside ksi: held-out drift loss and the mean colour of their samples.

  python3 docs/demo-color/velocity_check.py OUT.png MODEL.pt [MODEL.pt ...]

For each TorchScript model v(x, t) of the linear interpolant I_t = (1-t) x0 + t x1 (x in [-1, 1], [B, 3, 32, 32]):
the drift loss E|v(t, I_t) - (x1 - x0)|^2, summed over pixels, on the first 128 held-out Noto emoji at ten times
t = 0.05 ... 0.95 (noise from seed 0), and 16 samples by Heun's ODE with 50 steps, their mean R, G, B printed and
drawn as one row of OUT.png per model. Needs PyTorch and Pillow (Debian: python3-torch, python3-pil); docs/demo-color.md
quotes its numbers for the committed and the lever-search oracles and members.
"""
import gzip
import sys

import numpy as np
import torch
from PIL import Image

HELD_OUT = "data/real/emoji/noto-heldout-images-idx4-ubyte.gz"


def idx(path):
    b = gzip.open(path).read()
    n = b[3]
    dims = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(n)]
    return np.frombuffer(b[4 + 4 * n:], dtype=np.uint8).reshape(dims)


def main(out, models):
    torch.set_num_threads(1)
    x1 = torch.tensor(idx(HELD_OUT)[:128].astype(np.float32) / 127.5 - 1)
    g = torch.Generator().manual_seed(0)
    x0 = torch.randn(x1.shape, generator=g)
    z = torch.randn((16, 3, 32, 32), generator=g)
    rows = []
    for path in models:
        m = torch.jit.load(path)
        m.eval()
        with torch.no_grad():
            losses = []
            for t in np.linspace(0.05, 0.95, 10):
                xt = (1 - t) * x0 + t * x1
                v = m(xt, torch.full((len(x1),), float(t)))
                losses.append(((v - (x1 - x0)) ** 2).sum(dim=(1, 2, 3)).mean().item())
            x, n = z.clone(), 50
            for k in range(n):
                t, h = k / n, 1 / n
                v = m(x, torch.full((16,), t))
                v2 = m(x + h * v, torch.full((16,), t + h))
                x = x + h * (v + v2) / 2
        rgb = ", ".join(f"{c:.2f}" for c in x.mean(dim=(0, 2, 3)).tolist())
        print(f"{path}: held-out drift loss {np.mean(losses):.1f}, samples' mean R, G, B ({rgb})")
        rows.append(x)
    data = ", ".join(f"{c:.2f}" for c in x1.mean(dim=(0, 2, 3)).tolist())
    print(f"held-out emoji's mean R, G, B ({data})")
    img = np.concatenate([np.concatenate(
        [((r[i].clamp(-1, 1).numpy() + 1) * 127.5).astype(np.uint8).transpose(1, 2, 0) for i in range(16)], axis=1)
        for r in rows], axis=0)
    Image.fromarray(img).resize((img.shape[1] * 3, img.shape[0] * 3), Image.NEAREST).save(out)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
