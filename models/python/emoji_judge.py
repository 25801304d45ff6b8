#!/usr/bin/env python3
"""Trains the project's own emoji judge: a small CNN on the nine emoji categories whose penultimate layer is the
feature space of the colour study's FID. Trained on both vendors' training emoji (data/real/emoji, 2 x 3,275 images),
scored on the held-out emoji (unseen in training in either vendor's art), exported as TorchScript returning
(logits [B, 9], features [B, 128]) for inputs [B, 3, 32, 32] scaled to [-1, 1], ksi's image scale.

    /usr/bin/python3 models/python/emoji_judge.py --out models/judge      # a few minutes on 2 CPU cores
"""
import argparse
import gzip
import json
import os
import struct

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CATEGORIES = 9


def idx(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        data = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8)
    return data.reshape(dims)


def split(vendor, part):
    base = os.path.join(ROOT, "data", "real", "emoji", f"{vendor}-{part}")
    x = idx(base + "-images-idx4-ubyte.gz").float().div(127.5).sub(1)
    y = idx(base + "-labels-idx1-ubyte.gz").long()
    return x, y


class Judge(nn.Module):
    def __init__(self):
        super().__init__()

        def block(cin, cout):
            return [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                    nn.Conv2d(cout, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]

        self.body = nn.Sequential(*block(3, 32), *block(32, 64), *block(64, 128), nn.Flatten(),
                                  nn.Linear(128 * 4 * 4, 128), nn.ReLU())
        self.drop = nn.Dropout(0.3)
        self.head = nn.Linear(128, CATEGORIES)

    def forward(self, x):
        features = self.body(x)
        return self.head(self.drop(features)), features


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        return (torch.cat([model(x[i:i + 512])[0] for i in range(0, len(x), 512)]).argmax(1) == y).float().mean().item()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(ROOT, "models", "judge"))
    p.add_argument("--epochs", type=int, default=20)
    args = p.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(2)
    parts = {v: (split(v, "train"), split(v, "heldout")) for v in ("noto", "twemoji")}
    x = torch.cat([parts[v][0][0] for v in parts])
    y = torch.cat([parts[v][0][1] for v in parts])
    model = Judge()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.epochs)
    gen = torch.Generator().manual_seed(1)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 128):
            b = perm[i:i + 128]
            # small shifts and mirror images: generated emoji are rarely placed exactly as the art is
            xb = torch.roll(x[b], shifts=tuple(torch.randint(-2, 3, (2,), generator=gen).tolist()), dims=(2, 3))
            if torch.rand(1, generator=gen).item() < 0.5:
                xb = xb.flip(3)
            loss = nn.functional.cross_entropy(model(xb)[0], y[b])
            opt.zero_grad()
            loss.backward()
            opt.step()
        sched.step()
        held = {v: accuracy(model, *parts[v][1]) for v in parts}
        print(f"epoch {epoch + 1}: held-out accuracy noto {held['noto']:.4f}, twemoji {held['twemoji']:.4f}")
    os.makedirs(args.out, exist_ok=True)
    torch.jit.script(model.eval()).save(os.path.join(args.out, "emoji_judge.pt"))
    with open(os.path.join(args.out, "emoji_judge.json"), "w") as f:
        json.dump({"heldOutAccuracy": {v: round(a, 4) for v, a in held.items()},
                   "heldOutEmoji": len(parts["noto"][1][0]), "trainImages": len(x), "epochs": args.epochs,
                   "categories": CATEGORIES,
                   "made by": "/usr/bin/python3 models/python/emoji_judge.py (torch " + torch.__version__ + ")"},
                  f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
