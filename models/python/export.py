#!/usr/bin/env python3
"""Export velocity models to TorchScript (.pt) and ONNX (.onnx) with a manifest entry and PyTorch reference outputs.

Usage (Debian's python3 with python3-torch / python3-onnx; torch 1.13 is enough):
  python3 models/python/export.py unet --name unet_mnist --channels 32,64,128 --out models/templates
  python3 models/python/export.py fixtures --out models/fixtures     # every committed test fixture

Each exported model NAME gets NAME.pt and NAME.onnx (same weights; dynamic batch axis), NAME.reference.npz
(x, t, v computed by PyTorch in eval mode) and an entry in OUT/manifest.json.
"""
import argparse
import json
import os

import numpy as np
import torch

from unet import UNet, GaussianVelocity, BadShape, NanBelowHalf

OPSET = 14


def export_model(module, name, out, input_shape, tags=None, onnx=True, ref_batch=3, seed=0, extra=None):
    """Script, save and reference-evaluate one model; returns its manifest entry."""
    os.makedirs(out, exist_ok=True)
    module = module.eval()
    scripted = torch.jit.script(module)
    scripted.save(os.path.join(out, name + ".pt"))
    gen = torch.Generator().manual_seed(seed + 1)
    x = torch.randn([ref_batch] + list(input_shape), generator=gen)
    t = torch.rand([ref_batch], generator=gen)
    with torch.no_grad():
        v = module(x, t)
    np.savez(os.path.join(out, name + ".reference.npz"), x=x.numpy(), t=t.numpy(), v=v.numpy())
    entry = {"name": name, "file": name + ".pt", "inputShape": list(input_shape), "output": "velocity",
             "tags": tags or {}}
    entry.update(extra or {})
    entries = [entry]
    if onnx:
        torch.onnx.export(module, (x, t), os.path.join(out, name + ".onnx"), input_names=["x", "t"],
                          output_names=["v"], dynamic_axes={"x": {0: "batch"}, "t": {0: "batch"}, "v": {0: "batch"}},
                          opset_version=OPSET)
        onnx_entry = dict(entry)
        onnx_entry["name"] = name + "-onnx"
        onnx_entry["file"] = name + ".onnx"
        entries.append(onnx_entry)
    return entries


def randomize_batchnorm(module, gen):
    """Give BatchNorm layers non-trivial running statistics, so eval-mode references exercise them."""
    for m in module.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.copy_(0.1 * torch.randn(m.running_mean.shape, generator=gen))
            m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=gen))


def write_manifest(out, entries, description, file="manifest.json"):
    """Writes OUT/FILE, keeping existing entries of other names."""
    path = os.path.join(out, file)
    kept = []
    if os.path.exists(path):
        with open(path) as f:
            names = {e["name"] for e in entries}
            kept = [e for e in json.load(f).get("models", []) if e["name"] not in names]
    manifest = {"description": description, "models": kept + entries}
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def unet(channels, seed, in_channels=1, size=28, temb=128, clean_bn=False):
    torch.manual_seed(seed)
    model = UNet(in_channels=in_channels, channels=channels, temb=temb)
    if not clean_bn:
        randomize_batchnorm(model, torch.Generator().manual_seed(seed))
    return model, [in_channels, size, size]


def cmd_unet(args):
    channels = tuple(int(c) for c in args.channels.split(","))
    model, shape = unet(channels, args.seed, args.in_channels, args.size, args.temb, args.template)
    entries = export_model(model, args.name, args.out, shape, tags={"architecture": "unet", "channels": list(channels),
                                                                    "temb": args.temb},
                           onnx=not args.no_onnx, seed=args.seed)
    write_manifest(args.out, entries, args.description)


# The Gaussian fixture: target N(m, S) in d = 4, exact velocity and two perturbed copies v +- e.
GAUSS_MEAN = [1.0, -0.5, 0.25, 2.0]
GAUSS_COV = [[1.0, 0.3, 0.0, 0.1], [0.3, 0.5, 0.1, 0.0], [0.0, 0.1, 2.0, -0.4], [0.1, 0.0, -0.4, 0.8]]
PERTURB_MATRIX = [[0.0, 1.5, 0.0, 0.0], [-1.0, 0.5, 0.0, 0.0], [0.0, 0.0, 1.0, 0.7], [0.3, 0.0, 0.0, -0.8]]
PERTURB_SHIFT = [2.0, -1.0, 0.5, 1.0]


def cmd_fixtures(args):
    out = args.out
    entries = []
    tiny, shape = unet((8, 16, 32), seed=7)
    entries += export_model(tiny, "unet_tiny", out, shape, tags={"architecture": "unet", "channels": [8, 16, 32]}, seed=7)
    for sign, name in [(0.0, "gauss_exact"), (1.0, "gauss_plus"), (-1.0, "gauss_minus")]:
        m = GaussianVelocity(GAUSS_MEAN, GAUSS_COV, PERTURB_MATRIX, PERTURB_SHIFT, sign)
        entries += export_model(m, name, out, [4], tags={"target": "gaussian-d4", "perturbation": sign}, seed=3)
    healthy = list(entries)
    entries += export_model(BadShape(), "bad_shape", out, [1, 8, 8], onnx=False)
    entries += export_model(NanBelowHalf(), "nan_below_half", out, [1, 8, 8], onnx=False)
    write_manifest(out, entries, "Test fixtures made by models/python/export.py fixtures; bad_shape and nan_below_half "
                                 "are broken on purpose, for the error-reporting tests (healthy.json lists the others)")
    write_manifest(out, healthy, "The healthy test fixtures (manifest.json adds two broken on purpose)", "healthy.json")
    np.save(os.path.join(out, "gauss_target.npy"), gaussian_samples(4096, seed=11))
    with open(os.path.join(out, "gauss_target.json"), "w") as f:
        json.dump({"mean": GAUSS_MEAN, "cov": GAUSS_COV}, f, indent=2)
        f.write("\n")


def gaussian_samples(n, seed):
    gen = np.random.default_rng(seed)
    return gen.multivariate_normal(GAUSS_MEAN, GAUSS_COV, size=n).astype(np.float32)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    u = sub.add_parser("unet", help="export one U-Net (random init unless trained elsewhere)")
    u.add_argument("--name", required=True)
    u.add_argument("--channels", default="32,64,128")
    u.add_argument("--in-channels", type=int, default=1)
    u.add_argument("--size", type=int, default=28)
    u.add_argument("--seed", type=int, default=0)
    u.add_argument("--out", required=True)
    u.add_argument("--temb", type=int, default=128, help="time-embedding width")
    u.add_argument("--template", action="store_true",
                   help="a training template: fresh BatchNorm statistics (the Java trainer re-initializes the weights)")
    u.add_argument("--no-onnx", action="store_true")
    u.add_argument("--description", default="U-Net exported by models/python/export.py")
    u.set_defaults(func=cmd_unet)
    f = sub.add_parser("fixtures", help="export every committed test fixture")
    f.add_argument("--out", default="models/fixtures")
    f.set_defaults(func=cmd_fixtures)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
