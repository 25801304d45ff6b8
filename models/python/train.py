#!/usr/bin/env python3
"""Train a cohort of velocity U-Nets on your own data, the recipe of ksi's Java trainer (VelocityTrainer):

    loss = E | v(t, (1-t) x0 + t x1) - (x1 - x0) |^2,   x0 ~ N(0, I), t ~ U(0, 1), x1 from the data,

Adam (or --optimizer sgd: momentum 0.9), batch 128, independent random initializations (seed + i). Writes NAME-00.pt ... as TorchScript and adds them to
OUT/manifest.json, ready for `./ksi fit --models OUT/manifest.json`.

  python3 models/python/train.py --data my_images.npy --name mine-100 --models 20 --steps 100 --out my_cohort

--data is an .npy array [N, C, H, W] (H, W divisible by 4) scaled the way you will sample (ksi's PNG loader uses [-1, 1]),
or a gzipped IDX file of bytes (as under data/real), read as [N, C, H, W] and scaled to [-1, 1] as ksi reads it.
--snapshots 5000,20000 also writes NAME-00-step5000.pt ... along the way: one run shows what more training buys.
"""
import argparse
import json
import os

import numpy as np
import torch

from judge import idx
from unet import UNet


def load(path):
    """An .npy array as it is, or a gzipped IDX byte file as ksi reads it: [N, C, H, W], byte / 127.5 - 1."""
    if path.endswith(".npy"):
        return np.load(path).astype(np.float32)
    try:
        data = idx(path).numpy().astype(np.float32) / 127.5 - 1
    except (OSError, RuntimeError) as e:
        raise SystemExit(f"{path}: not an .npy file nor a gzipped IDX file of bytes ({e})")
    return data[:, None] if data.ndim == 3 else data


def train_member(data, channels, temb, steps, batch, lr, seed, optimizer="adam", snapshot=None, snapshots=()):
    torch.manual_seed(seed)
    gen = np.random.default_rng(seed)
    model = UNet(in_channels=data.shape[1], channels=channels, temb=temb)
    if optimizer == "sgd":
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    first = last = None
    for step in range(steps):
        x1 = torch.from_numpy(data[gen.integers(0, len(data), batch)])
        x0 = torch.randn(x1.shape)
        t = torch.rand(batch)
        tb = t.view(-1, 1, 1, 1)
        loss = ((model((1 - tb) * x0 + tb * x1, t) - (x1 - x0)) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        first = loss.item() if first is None else first
        last = loss.item()
        if step + 1 in snapshots:
            snapshot(model.eval(), step + 1)
            model.train()
    return model.eval(), first, last


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--models", type=int, default=20)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam", help="sgd: momentum 0.9")
    p.add_argument("--channels", default="8,16,32")
    p.add_argument("--temb", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--snapshots", default="", help="steps at which to save each member too, e.g. 5000,20000")
    p.add_argument("--out", required=True)
    a = p.parse_args()
    data = load(a.data)
    if data.ndim != 4 or data.shape[2] % 4 or data.shape[3] % 4:
        raise SystemExit(f"{a.data}: expected [N, C, H, W] with H and W divisible by 4, got {data.shape}")
    channels = tuple(int(c) for c in a.channels.split(","))
    os.makedirs(a.out, exist_ok=True)
    entries = []
    for i in range(a.models):
        name = f"{a.name}-{i:02d}"

        def snapshot(model, step, name=name):
            torch.jit.script(model).save(os.path.join(a.out, f"{name}-step{step}.pt"))
            print(f"{name}: step {step} saved", flush=True)

        model, first, last = train_member(data, channels, a.temb, a.steps, a.batch, a.lr, a.seed + i,
                                           a.optimizer, snapshot, {int(s) for s in a.snapshots.split(",") if s})
        torch.jit.script(model).save(os.path.join(a.out, name + ".pt"))
        entries.append({"name": name, "file": name + ".pt", "inputShape": list(data.shape[1:]), "output": "velocity",
                        "schedule": "linear", "tags": {"cohort": a.name, "domain": os.path.basename(a.data),
                                                       "trainingSteps": a.steps, "seed": a.seed + i,
                                                       "optimizer": a.optimizer, "learningRate": a.lr,
                                                       "finalLoss": round(last, 4)}})
        print(f"{name}: {a.steps} steps, loss {first:.3f} -> {last:.3f}")
    path = os.path.join(a.out, "manifest.json")
    kept = []
    if os.path.exists(path):
        names = {e["name"] for e in entries}
        kept = [e for e in json.load(open(path))["models"] if e["name"] not in names]
    with open(path, "w") as f:
        json.dump({"description": "cohorts trained by models/python/train.py", "models": kept + entries}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
