"""PyTorch peer of MranStepBench: one training step of paper 24's MRANet (SFB two 3x3 convs; m residual
groups of n RCBs, RCB(x) = CA(conv(PReLU(conv(x)) + x)) + x with per-channel PReLU and channel attention
GAP -> 1x1 (C -> C/8) -> ReLU -> 1x1 -> sigmoid; group = RCBs, conv, + input; concat of the group outputs,
channel attention with hidden width 4, 3x3 conv to one channel z; y = x - z), L1 loss (Eq. 6), backward,
Adam (lr 1e-3). quick-c16: C = 16, m = 2, n = 2, batch 8 of 32x32; paper-c64: C = 64, m = 3, n = 10,
batch 2 of 64x64.

/usr/bin/python3 benchmarks/pytorch/mran_step.py --threads 2
"""
import torch
from torch import nn
import torch.nn.functional as F

import harness


class CA(nn.Module):
    def __init__(self, c, h):
        super().__init__()
        self.a = nn.Conv2d(c, h, 1)
        self.b = nn.Conv2d(h, c, 1)

    def forward(self, x):
        return x * torch.sigmoid(self.b(F.relu(self.a(x.mean((2, 3), keepdim=True)))))


class RCB(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c1 = nn.Conv2d(c, c, 3, padding=1)
        self.act = nn.PReLU(c)
        self.c2 = nn.Conv2d(c, c, 3, padding=1)
        self.ca = CA(c, max(1, c // 8))

    def forward(self, x):
        t = self.act(self.c1(x)) + x
        return self.ca(self.c2(t)) + x


class Group(nn.Module):
    def __init__(self, c, n):
        super().__init__()
        self.body = nn.Sequential(*[RCB(c) for _ in range(n)], nn.Conv2d(c, c, 3, padding=1))

    def forward(self, x):
        return self.body(x) + x


class Mranet(nn.Module):
    def __init__(self, c, m, n):
        super().__init__()
        self.sfb = nn.Sequential(nn.Conv2d(1, c, 3, padding=1), nn.Conv2d(c, c, 3, padding=1))
        self.groups = nn.ModuleList([Group(c, n) for _ in range(m)])
        self.fusion = CA(m * c, 4)
        self.tail = nn.Conv2d(m * c, 1, 3, padding=1)

    def forward(self, x):
        f = self.sfb(x)
        levels = []
        for g in self.groups:
            f = g(f)
            levels.append(f)
        z = self.tail(self.fusion(torch.cat(levels, 1)))
        return x - z, z


def make_step(name, seed):
    paper = name.startswith("paper")
    batch, side = (2, 64) if paper else (8, 32)
    c, m, n = (64, 3, 10) if paper else (16, 2, 2)
    g = torch.Generator().manual_seed(seed)
    noisy = torch.rand(batch, 1, side, side, generator=g)
    clean = torch.rand(batch, 1, side, side, generator=g)
    model = Mranet(c, m, n)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def step():
        opt.zero_grad()
        loss = F.l1_loss(model(noisy)[0], clean)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="quick-c16,paper-c64")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("mran_step/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
