#!/usr/bin/env python3
"""Exact-Gaussian checkpoints in every convention ksi reads (docs/model-contract.md, docs/method.md section 6).

Each model is trained on x_m = a_s x1 + sigma_s eps under its own schedule, with x1 ~ N(m, S) the Gaussian of the
ksi fixtures (export.py), so its ideal output is closed-form:
    E[x1 | x_m] = m + a S (a^2 S + sigma^2 I)^-1 (x_m - a m),   E[eps | x_m] = (x_m - a E[x1 | x_m]) / sigma.
ksi must turn every one of them into the exact ksi velocity of the same Gaussian (gauss_exact.pt).

    python3 models/python/conventions.py --out models/fixtures/conventions
"""
import argparse
import json
import math
import os

import torch
from torch import nn

from export import GAUSS_COV, GAUSS_MEAN


def rescale_zero_terminal_snr(betas):
    """diffusers' rescale_betas_zero_snr: sqrt(alphabar) keeps its first value and reaches 0 at the last step."""
    ab, acc = [], 1.0
    for b in betas:
        acc *= 1 - b
        ab.append(acc)
    first, last = math.sqrt(ab[0]), math.sqrt(ab[-1])
    root = [(math.sqrt(a) - last) * first / (first - last) for a in ab]
    ab = [r * r for r in root]
    return [1 - ab[0]] + [1 - ab[i] / ab[i - 1] for i in range(1, len(ab))]


def diffusers_betas(n, schedule, start, end):
    if schedule == "linear":
        return [start + (end - start) * i / (n - 1) for i in range(n)]
    if schedule == "scaled_linear":
        s, e = math.sqrt(start), math.sqrt(end)
        return [(s + (e - s) * i / (n - 1)) ** 2 for i in range(n)]
    if schedule == "squaredcos_cap_v2":
        f = lambda t: math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
        return [min(1 - f((i + 1) / n) / f(i / n), 0.999) for i in range(n)]
    raise ValueError(schedule)


class ExactGaussian(nn.Module):
    """The ideal network of one convention: level from the timestep, posterior mean, output in the prediction's form."""

    def __init__(self, level: str, prediction: str, params, returns: str = "tensor"):
        super().__init__()
        self.level_kind = level
        self.prediction = prediction
        self.returns = returns
        self.register_buffer("m", torch.tensor(GAUSS_MEAN, dtype=torch.float64))
        evals, evecs = torch.linalg.eigh(torch.tensor(GAUSS_COV, dtype=torch.float64))
        self.register_buffer("evals", evals)
        self.register_buffer("evecs", evecs)
        self.n = float(params.get("n", 1000))
        self.sigma_data = float(params.get("sigma_data", 0.5))
        self.b0 = float(params.get("beta_min", 0.1))
        self.b1 = float(params.get("beta_max", 20.0))
        betas = torch.tensor(params.get("betas", [0.5, 0.5]), dtype=torch.float64)
        self.register_buffer("log_ab", torch.cumsum(torch.log1p(-betas), 0))

    def forward(self, x, timestep):
        tau = timestep.to(torch.float64)[:, None]
        xm = x.to(torch.float64)
        if self.level_kind == "ddpm":
            i0 = torch.clamp(torch.floor(tau), 0, self.log_ab.shape[0] - 2).long()
            f = tau - i0.to(torch.float64)
            lo = self.log_ab[i0]
            hi = self.log_ab[i0 + 1]
            # log alphabar linear between steps; alphabar itself towards a zero terminal SNR (log alphabar -inf there)
            finite = torch.isfinite(hi)
            lab = torch.where(finite, (1 - f) * lo + f * torch.where(finite, hi, lo),
                              torch.log(torch.clamp((1 - f) * torch.exp(lo), min=1e-300)))
            a = torch.exp(lab / 2)
            sigma = torch.sqrt(1 - torch.exp(lab))  # not expm1: ONNX has no such operator
        elif self.level_kind == "flow-match":
            sigma = tau / self.n
            a = 1 - sigma
        elif self.level_kind == "edm-precond":
            sigma = torch.exp(4 * tau)
            a = torch.ones_like(sigma)
            xm = xm * torch.sqrt(sigma ** 2 + self.sigma_data ** 2)  # the network saw c_in x_m
        elif self.level_kind == "vp-sde":
            s = tau / 999.0
            log_m = -s * s * (self.b1 - self.b0) / 4 - s * self.b0 / 2
            a = torch.exp(log_m)
            sigma = torch.sqrt(-torch.expm1(2 * log_m))
        else:  # edm-denoiser, ve-sde: called with sigma
            sigma = tau
            a = torch.ones_like(sigma)
        y = (xm - a * self.m) @ self.evecs
        x1 = self.m + (y * (a * self.evals / (a * a * self.evals + sigma * sigma))) @ self.evecs.T
        eps = (xm - a * x1) / sigma
        if self.prediction == "epsilon":
            out = eps
        elif self.prediction == "sample":
            out = x1
        elif self.prediction == "v_prediction":
            out = a * eps - sigma * x1
        elif self.prediction == "flow":
            out = eps - x1
        elif self.prediction == "score":
            out = -eps / sigma
        else:  # edm-precond: F = (D - c_skip x_m) / c_out
            n = sigma * sigma + self.sigma_data ** 2
            out = (x1 - self.sigma_data ** 2 / n * xm) / (sigma * self.sigma_data / torch.sqrt(n))
        return out.to(torch.float32)


class AsTuple(nn.Module):
    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x, timestep):
        return (self.inner(x, timestep),)


class AsDict(nn.Module):
    """diffusers' return: a dict holding the prediction under "sample"."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x, timestep):
        return {"sample": self.inner(x, timestep)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default="models/fixtures/conventions")
    out = p.parse_args().out
    os.makedirs(out, exist_ok=True)
    schedulers = {
        "ddpm_linear.json": {"_class_name": "DDPMScheduler", "num_train_timesteps": 1000, "beta_schedule": "linear",
                             "beta_start": 0.0001, "beta_end": 0.02},
        "ddim_cosine_v.json": {"_class_name": "DDIMScheduler", "num_train_timesteps": 1000,
                               "beta_schedule": "squaredcos_cap_v2", "prediction_type": "v_prediction"},
        "flow_match.json": {"_class_name": "FlowMatchEulerDiscreteScheduler", "num_train_timesteps": 1000, "shift": 3.0},
        "ddim_zero_snr_v.json": {"_class_name": "DDIMScheduler", "num_train_timesteps": 1000,
                                 "beta_schedule": "scaled_linear", "beta_start": 0.00085, "beta_end": 0.012,
                                 "prediction_type": "v_prediction", "rescale_betas_zero_snr": True,
                                 "timestep_spacing": "trailing"},
    }
    for name, cfg in schedulers.items():
        with open(os.path.join(out, name), "w") as f:
            json.dump(cfg, f, indent=2)
            f.write("\n")
    lin = diffusers_betas(1000, "linear", 1e-4, 0.02)
    scaled = diffusers_betas(1000, "scaled_linear", 0.00085, 0.012)
    cos = diffusers_betas(1000, "squaredcos_cap_v2", 0, 0)
    zero_snr = rescale_zero_terminal_snr(scaled)
    # (file, module, manifest entry without name/file)
    models = [
        ("ddpm_eps", ExactGaussian("ddpm", "epsilon", {"betas": lin}), {"scheduler": "ddpm_linear.json"}),
        ("ddpm_sample_dict", AsDict(ExactGaussian("ddpm", "sample", {"betas": scaled})),
         {"convention": {"kind": "ddpm", "betaSchedule": "scaled_linear", "betaStart": 0.00085, "betaEnd": 0.012,
                         "prediction": "sample"}}),
        ("ddim_v_cosine", ExactGaussian("ddpm", "v_prediction", {"betas": cos}), {"scheduler": "ddim_cosine_v.json"}),
        ("flow_match_tuple", AsTuple(ExactGaussian("flow-match", "flow", {})), {"scheduler": "flow_match.json"}),
        ("edm_denoiser", ExactGaussian("edm-denoiser", "sample", {}), {"convention": {"kind": "edm-denoiser"}}),
        ("edm_precond", ExactGaussian("edm-precond", "edm-precond", {"sigma_data": 0.5}),
         {"convention": {"kind": "edm-precond", "sigmaData": 0.5}}),
        ("vp_sde_eps", ExactGaussian("vp-sde", "epsilon", {}), {"convention": {"kind": "vp-sde"}}),
        ("vp_sde_score", ExactGaussian("vp-sde", "score", {}), {"convention": {"kind": "vp-sde", "prediction": "score"}}),
        ("ve_sde_score", ExactGaussian("ve-sde", "score", {}),
         {"convention": {"kind": "ve-sde", "sigmaMin": 0.01, "sigmaMax": 50, "prediction": "score"}}),
        ("ddim_zero_snr_v", ExactGaussian("ddpm", "v_prediction", {"betas": zero_snr}),
         {"scheduler": "ddim_zero_snr_v.json"}),
    ]
    entries = []
    for name, module, entry in models:
        scripted = torch.jit.script(module.eval())
        scripted.save(os.path.join(out, name + ".pt"))
        entries.append({"name": name, "file": name + ".pt", "inputShape": [4], **entry,
                        "tags": {"target": "gaussian-d4"}})
    # the same v-prediction network as ONNX, inputs bound by diffusers' names
    onnx_model = ExactGaussian("ddpm", "v_prediction", {"betas": cos}).eval()
    torch.onnx.export(onnx_model, (torch.randn(3, 4), torch.tensor([10.0, 500.5, 900.0])),
                      os.path.join(out, "ddim_v_cosine.onnx"), input_names=["sample", "timestep"], output_names=["out"],
                      dynamic_axes={"sample": {0: "B"}, "timestep": {0: "B"}, "out": {0: "B"}}, opset_version=17)
    entries.append({"name": "ddim_v_cosine-onnx", "file": "ddim_v_cosine.onnx", "inputShape": [4],
                    "inputNames": ["sample", "timestep"], "scheduler": "ddim_cosine_v.json",
                    "tags": {"target": "gaussian-d4"}})
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump({"description": "Exact-Gaussian checkpoints in every convention, made by "
                                  "models/python/conventions.py; each must give ksi's exact velocity",
                   "models": entries}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
