#!/usr/bin/env python3
"""The paper's Algorithm 1 in straight PyTorch, timed: the reference for `ksi bench --what paper`
(docs/benchmarks.md, "The paper's scale"). Same members, data, N, K, n, batch, threads and held-out pairs as the
Java run; fit (Gram matrix and right-hand side per time, ridge solve) and sampling (the optimal-diffusion integrator,
method.md section 4) are timed apart.

    ./ksi bench --what paper --fraction 0.0625        # writes the members out/bench/paper/members/member-NN.pt
    /usr/bin/python3 models/python/paper_bench.py --fraction 0.0625 --threads 2
    /usr/bin/python3 models/python/paper_bench.py --flops    # multiply-adds of one evaluation of the paper's U-Net
    /usr/bin/python3 models/python/paper_bench.py --export-onnx out/bench/paper/onnx   # the members as ONNX
"""
import argparse
import gzip
import math
import os
import struct
import sys
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MEMBERS, PAIRS, TIMES, SAMPLES = 20, 1000, 100, 1000


def scale(fraction):
    """N, held-out pairs, K and n of a run at this share of the paper's cost (as PaperBench.Scale)."""
    s = math.sqrt(fraction)
    pairs = max(4, round(PAIRS * s))
    return pairs, min(512, pairs // 4), max(2, round(TIMES * s)), max(2, round(SAMPLES * s))


def images(path):
    with gzip.open(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = [struct.unpack(">I", f.read(4))[0] for _ in range(magic & 0xFF)]
        data = torch.frombuffer(bytearray(f.read()), dtype=torch.uint8)
    return data.reshape(dims[0], 1, dims[1], dims[2]).float() / 127.5 - 1


def velocities(members, x, t):
    """[P, B, d] float32: every member at (x, t)."""
    tt = torch.full((x.shape[0],), float(t))
    return torch.stack([m(x, tt).reshape(x.shape[0], -1) for m in members])


def systems(members, x0, x1, t, batch):
    """K [P, P], h [P] and E|dI/dt|^2 in float64 over the pairs at time t, linear schedule: I_t = (1 - t) x0 + t x1."""
    p = len(members)
    gram = torch.zeros(p, p, dtype=torch.float64)
    rhs = torch.zeros(p, dtype=torch.float64)
    norm2 = 0.0
    for s in range(0, x0.shape[0], batch):
        a, b = x0[s:s + batch], x1[s:s + batch]
        v = velocities(members, (1 - t) * a + t * b, t).double()
        target = (b - a).reshape(a.shape[0], -1).double()
        gram += torch.einsum("ibd,jbd->ij", v, v)
        rhs += torch.einsum("ibd,bd->i", v, target)
        norm2 += float((target * target).sum())
    n = x0.shape[0]
    return gram / n, rhs / n, norm2 / n


def fit(members, train, held, times, batch, ridge=1e-6):
    eta, held_loss = [], 0.0
    for t in times:
        gram, rhs, _ = systems(members, *train, t, batch)
        lam = ridge * torch.trace(gram) / gram.shape[0]
        e = torch.linalg.solve(gram + lam * torch.eye(gram.shape[0], dtype=torch.float64), rhs)
        eta.append(e)
        if held is not None:
            hg, hr, hn = systems(members, *held, t, batch)
            held_loss += float(e @ hg @ e - 2 * e @ hr) + hn
    return torch.stack(eta), held_loss / len(times)


def sample(members, eta, times, n, batch, seed):
    """The optimal-diffusion integrator (method.md eq. 16) for the linear schedule: alpha = 1 - t, beta = t."""
    gen = torch.Generator().manual_seed(seed)
    out = []
    for s in range(0, n, batch):
        b = min(batch, n - s)
        x = torch.randn(b, 1, 28, 28, generator=gen)
        for k in range(len(times) - 1):
            t0, t1 = float(times[k]), float(times[k + 1])
            dt = t1 - t0
            v = velocities(members, x, t0)
            drift = torch.einsum("i,ibd->bd", eta[k].float(), v).reshape(x.shape)
            noise = dt * ((1 - t0) * t0 + (1 - t1) * t1)
            x = (t0 * x + (t0 + t1) * dt * drift + math.sqrt(noise) * torch.randn(x.shape, generator=gen)) / t1
        out.append(x)
    return torch.cat(out)


def engine_rate(member, batch):
    x, t = torch.randn(batch, 1, 28, 28), torch.full((batch,), 0.5)
    member(x, t)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(4):
            member(x, t)
        best = min(best, time.perf_counter() - start)
    return 4 * batch / best


def flops():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from unet import UNet
    net = UNet(1, (32, 64, 128), 128).eval()
    macs = []

    def hook(module, inputs, output):
        if isinstance(module, torch.nn.Conv2d):
            macs.append(output[0].numel() * module.in_channels // module.groups * math.prod(module.kernel_size))
        elif isinstance(module, torch.nn.ConvTranspose2d):
            macs.append(inputs[0][0].numel() * module.out_channels * math.prod(module.kernel_size))
        elif isinstance(module, torch.nn.Linear):
            macs.append(module.in_features * module.out_features)

    for m in net.modules():
        m.register_forward_hook(hook)
    with torch.no_grad():
        net(torch.randn(1, 1, 28, 28), torch.full((1,), 0.5))
    print("paper U-Net (32/64/128): %.1f M multiply-adds = %.1f MFLOP per evaluation" % (sum(macs) / 1e6,
                                                                                      2 * sum(macs) / 1e6))


def export_onnx(files, out):
    """Each member as ONNX with the same weights (the UNet class of unet.py, loaded from the TorchScript's state)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from export import OPSET
    from unet import UNet
    os.makedirs(out, exist_ok=True)
    x, t = torch.randn(2, 1, 28, 28), torch.full((2,), 0.5)
    for f in files:
        scripted = torch.jit.load(f).eval()
        net = UNet(1, (32, 64, 128), 128).eval()
        net.load_state_dict(scripted.state_dict())
        with torch.no_grad():
            err = float((net(x, t) - scripted(x, t)).abs().max())
        if err > 1e-5:
            sys.exit("%s: the UNet class does not reproduce this member (max error %g)" % (f, err))
        target = os.path.join(out, os.path.basename(f)[:-3] + ".onnx")
        torch.onnx.export(net, (x, t), target, input_names=["x", "t"], output_names=["v"],
                          dynamic_axes={"x": {0: "batch"}, "t": {0: "batch"}, "v": {0: "batch"}}, opset_version=OPSET)
        print("wrote", target)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fraction", type=float, default=0.0625)
    ap.add_argument("--members", default=os.path.join(ROOT, "out", "bench", "paper", "members"))
    ap.add_argument("--data", default=os.path.join(ROOT, "data", "real", "mnist", "train-images-idx3-ubyte.gz"))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=256)
    ap.add_argument("--flops", action="store_true")
    ap.add_argument("--export-onnx", metavar="DIR")
    a = ap.parse_args()
    if a.flops:
        flops()
        return
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    pairs, held_pairs, steps, n = scale(a.fraction)
    files = [os.path.join(a.members, "member-%02d.pt" % i) for i in range(MEMBERS)]
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        sys.exit("%s: missing; run ./ksi bench --what paper first, which writes the members" % missing[0])
    if a.export_onnx:
        export_onnx(files, a.export_onnx)
        return
    members = [torch.jit.load(f).eval() for f in files]
    data = images(a.data)
    keep = data.shape[0] // 10
    rows, held_rows = data[:-keep], data[-keep:]
    gen = torch.Generator().manual_seed(0)
    train = (torch.randn(pairs, 1, 28, 28, generator=gen), rows[torch.randperm(rows.shape[0], generator=gen)[:pairs]])
    held = (torch.randn(held_pairs, 1, 28, 28, generator=gen),
            held_rows[torch.randperm(held_rows.shape[0], generator=gen)[:held_pairs]]) if held_pairs else None
    times = torch.linspace(0, 1, steps + 1, dtype=torch.float64)
    print("torch %s, %d threads; P=%d, N=%d pairs (+%d held out) x %d steps, n=%d samples x %d steps (fraction %g)"
          % (torch.__version__, a.threads, MEMBERS, pairs, held_pairs, steps, n, steps, a.fraction))
    with torch.inference_mode():
        rate = engine_rate(members[0], min(a.batch, pairs))
        start = time.perf_counter()
        eta, held_loss = fit(members, train, held, times, a.batch)
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        x = sample(members, eta, times, n, a.batch, 1)
        sample_s = time.perf_counter() - start
    fit_evals = MEMBERS * (pairs + held_pairs) * (steps + 1)
    sample_evals = MEMBERS * n * steps
    print("  engine (batch %d): %.1f evaluations/s" % (min(a.batch, pairs), rate))
    print("| step | wall | model evaluations | evaluations/s |")
    print("|---|--:|--:|--:|")
    print("| fit | %.1f s | %d | %.1f |" % (fit_s, fit_evals, fit_evals / fit_s))
    print("| sample | %.1f s | %d | %.1f |" % (sample_s, sample_evals, sample_evals / sample_s))
    print("mean held-out loss %.1f; samples finite: %s; full scale at these rates:"
          " %.1f min" % (held_loss, bool(torch.isfinite(x).all()), (fit_s + sample_s) / a.fraction / 60))


if __name__ == "__main__":
    main()
