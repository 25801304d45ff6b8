#!/usr/bin/env python3
"""Trains the project's own MNIST judge: a small CNN whose penultimate layer is the feature space of ksi's FID, and
whose softmax says which digit a sample is and how sure it is. Trained on the shipped train split (data/real/mnist,
9,000 digits), scored on the 1,000 held-out ones, exported as TorchScript returning (logits [B, 10], features [B, 128])
for inputs [B, 1, 28, 28] scaled to [-1, 1], ksi's image scale.

    python3 models/python/judge.py --out models/judge      # about a minute on 2 CPU cores
"""
import argparse
import gzip
import json
import os
import struct

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        data = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8)
    return data.reshape(dims)


def split(part):
    base = os.path.join(ROOT, "data", "real", "mnist", part)
    x = idx(base + "-images-idx3-ubyte.gz").float().div(127.5).sub(1).unsqueeze(1)
    y = idx(base + "-labels-idx1-ubyte.gz").long()
    return x, y


class Judge(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU())
        self.head = nn.Linear(128, 10)

    def forward(self, x):
        features = self.body(x)
        return self.head(features), features


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(ROOT, "models", "judge"))
    p.add_argument("--epochs", type=int, default=6)
    args = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)
    x, y = split("train")
    xh, yh = split("heldout")
    model = Judge()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    gen = torch.Generator().manual_seed(1)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 128):
            b = perm[i:i + 128]
            # small shifts: samplers rarely centre digits exactly as MNIST does
            xb = torch.roll(x[b], shifts=tuple(torch.randint(-2, 3, (2,), generator=gen).tolist()), dims=(2, 3))
            loss = nn.functional.cross_entropy(model(xb)[0], y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = (model(xh)[0].argmax(1) == yh).float().mean().item()
        print(f"epoch {epoch + 1}: held-out accuracy {acc:.4f}")
    os.makedirs(args.out, exist_ok=True)
    torch.jit.script(model.eval()).save(os.path.join(args.out, "mnist_judge.pt"))
    with open(os.path.join(args.out, "mnist_judge.json"), "w") as f:
        json.dump({"heldOutAccuracy": round(acc, 4), "heldOutDigits": len(xh), "trainDigits": len(x),
                   "epochs": args.epochs, "made by": "python3 models/python/judge.py (torch " + torch.__version__ + ")"},
                  f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
