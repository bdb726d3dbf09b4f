"""PyTorch peer of TransferAttackBench: one whole transfer attack of paper 13 (T = 10, eps = 0.1) on a
fixed batch of uniform [0, 1] 28x28 images against a small CNN (3x3 conv 32 + BN + ReLU + maxpool,
3x3 conv 64 + BN + ReLU + maxpool, FC 128, FC 10) in eval mode.

ai-fgtm         AI-FGTM: m += 1.5 g, v += 1.9 g^2, x += a_t tanh(1.3 m / (sqrt v + 1e-8)), a_t increasing
ni-ti-di-aitm   the same with the Nesterov look-ahead x + a_t u_{t-1}, a 3x3 TI kernel (gkern, nsig 3)
                and DI (nearest resize to r in [28, 32), zero pad to 32 at a random offset, resize to 28)
ni-ti-di-mailm  Algorithm 1: the same plus PL (rho 0.5, threshold 3), GR (gamma 0.12) and the mixed
                input 0.5 V*x + 0.5 x (V 3x3), the gradient taken at the mixed input
Input gradients are taken with the parameters frozen (requires_grad_(False)), as on the JMH side.

/usr/bin/python3 benchmarks/pytorch/transfer_attack.py --model ai-fgtm,ni-ti-di-mailm --threads 2
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import harness

EPS = 0.1
T = 10


def surrogate():
    return nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(64 * 49, 128), nn.ReLU(), nn.Linear(128, 10)).eval()


def gkern(size, nsig=3.0):
    t = torch.linspace(-nsig, nsig, size)
    k = torch.exp(-0.5 * t * t)
    k2 = torch.outer(k, k)
    return (k2 / k2.sum()).view(1, 1, size, size)


def smooth(x, k):
    return F.conv2d(x, k.repeat(x.shape[1], 1, 1, 1), padding=k.shape[-1] // 2, groups=x.shape[1])


def steps(eps, t_max, b1=0.9, b2=0.99):
    raw = [(1 - b1 ** (t + 1)) / math.sqrt(1 - b2 ** (t + 1)) for t in range(t_max)]
    return [eps * r / sum(raw) for r in raw]


def diversity(x, gen):
    h = x.shape[-1]
    s = 32
    r = int(torch.randint(h, s, (1,), generator=gen))
    top = int(torch.randint(0, s - r + 1, (1,), generator=gen))
    left = int(torch.randint(0, s - r + 1, (1,), generator=gen))
    z = F.interpolate(x, size=(r, r), mode="nearest")
    z = F.pad(z, (left, s - r - left, top, s - r - top))
    return F.interpolate(z, size=(h, h), mode="nearest")


def make_step(name, batch, seed):
    g = torch.Generator().manual_seed(seed)
    net = surrogate()
    for p in net.parameters():
        p.requires_grad_(False)
    x = torch.rand(batch, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)
    k3 = gkern(3)
    alphas = steps(EPS, T)
    full = name != "ai-fgtm"
    mai = name == "ni-ti-di-mailm"

    def grad_at(z):
        z = z.detach().clone().requires_grad_(True)
        inp = diversity(z, g) if full else z
        F.cross_entropy(net(inp), y, reduction="sum").backward()
        return z.grad

    def step():
        adv = x.clone()
        m = v = u = None
        for t in range(T):
            a = alphas[t]
            look = adv + a * u if (full and u is not None) else adv
            if mai:
                look = 0.5 * smooth(look, k3) + 0.5 * look
            gr = grad_at(look)
            gw = smooth(gr, k3) if full else gr
            dm, dv = 1.5 * gw, 1.9 * gw * gw
            if mai:
                dm, dv = dm + 0.12 * gr, dv + 0.12 * gr * gr
            m = dm if m is None else m + dm
            v = dv if v is None else v + dv
            z = 1.3 * m / (v.sqrt() + 1e-8)
            u = torch.where(z.abs() < 3, 0.5 * z, z.sign()) if mai else torch.tanh(z)
            adv = torch.min(torch.max(adv + a * u, x - EPS), x + EPS).clamp(0, 1)
        return adv

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="ai-fgtm,ni-ti-di-aitm,ni-ti-di-mailm")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("transfer_attack/" + name, make_step(name, args.batch, args.seed), args, model=name)


if __name__ == "__main__":
    main()
