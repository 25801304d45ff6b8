"""The time-conditioned U-Net of the paper's MNIST experiments (method.md §5).

Inputs x [B, C, H, W] float32 and t [B] float32 (t in [0, 1]); output the velocity, same shape as x.
H and W must be divisible by 4 (two 2x poolings).
"""
import math

import torch
from torch import nn


class SinusoidalEmbedding(nn.Module):
    def __init__(self, dim: int, t_scale: float = 1000.0):
        super().__init__()
        half = dim // 2
        freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
        self.register_buffer("freqs", freqs)
        self.t_scale = t_scale

    def forward(self, t: torch.Tensor) -> torch.Tensor:
        args = (t * self.t_scale)[:, None] * self.freqs[None, :]
        return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


class Block(nn.Module):
    """Two 3x3 conv + BatchNorm + ReLU layers; the time embedding is projected and added after the first."""

    def __init__(self, cin: int, cout: int, temb: int):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(cout)
        self.time = nn.Linear(temb, cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(cout)

    def forward(self, x: torch.Tensor, emb: torch.Tensor) -> torch.Tensor:
        h = self.bn1(self.conv1(x)) + self.time(emb)[:, :, None, None]
        h = torch.relu(h)
        return torch.relu(self.bn2(self.conv2(h)))


class UNet(nn.Module):
    def __init__(self, in_channels: int = 1, channels=(32, 64, 128), temb: int = 128):
        super().__init__()
        c1, c2, c3 = channels
        self.embed = SinusoidalEmbedding(temb)
        self.mlp = nn.Sequential(nn.Linear(temb, temb), nn.ReLU(), nn.Linear(temb, temb))
        self.enc1 = Block(in_channels, c1, temb)
        self.enc2 = Block(c1, c2, temb)
        self.mid = Block(c2, c3, temb)
        self.up2 = nn.ConvTranspose2d(c3, c2, 2, stride=2)
        self.dec2 = Block(2 * c2, c2, temb)
        self.up1 = nn.ConvTranspose2d(c2, c1, 2, stride=2)
        self.dec1 = Block(2 * c1, c1, temb)
        self.out = nn.Conv2d(c1, in_channels, 1)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        emb = self.mlp(self.embed(t))
        h1 = self.enc1(x, emb)
        h2 = self.enc2(self.pool(h1), emb)
        m = self.mid(self.pool(h2), emb)
        d2 = self.dec2(torch.cat([self.up2(m), h2], dim=1), emb)
        d1 = self.dec1(torch.cat([self.up1(d2), h1], dim=1), emb)
        return self.out(d1)




class GaussianVelocity(nn.Module):
    """Exact velocity of the linear interpolant I_t = (1-t) x0 + t x1 towards N(m, S), plus a fixed perturbation.

    b_t(x) = m + (-(1-t) I + t S) ((1-t)^2 I + t^2 S)^{-1} (x - t m)  (+ sign * e(x), e = a fixed affine field).
    Inputs x [B, d], t [B]. Used as an exact-answer fixture for the ensemble.
    """

    def __init__(self, mean, cov, perturb_matrix=None, perturb_shift=None, sign: float = 0.0):
        super().__init__()
        d = len(mean)
        self.register_buffer("m", torch.tensor(mean, dtype=torch.float32))
        evals, evecs = torch.linalg.eigh(torch.tensor(cov, dtype=torch.float64))
        self.register_buffer("evals", evals.float())
        self.register_buffer("evecs", evecs.float())
        pm = torch.zeros(d, d) if perturb_matrix is None else torch.tensor(perturb_matrix, dtype=torch.float32)
        ps = torch.zeros(d) if perturb_shift is None else torch.tensor(perturb_shift, dtype=torch.float32)
        self.register_buffer("pm", pm)
        self.register_buffer("ps", ps)
        self.sign = float(sign)

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        tt = t[:, None]
        y = (x - tt * self.m) @ self.evecs                      # coordinates in the eigenbasis of S
        gain = (-(1 - tt) + tt * self.evals) / ((1 - tt) ** 2 + tt ** 2 * self.evals)
        v = (y * gain) @ self.evecs.T + self.m
        return v + self.sign * (x @ self.pm.T + self.ps)


class BadShape(nn.Module):
    """Returns half the width: a fixture for the output-shape check."""

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return x[..., : x.shape[-1] // 2]


class NanBelowHalf(nn.Module):
    """NaN wherever t < 0.5: a fixture for the NaN/Inf check."""

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return x + torch.log(t - 0.5).view([-1] + [1] * (x.dim() - 1))
