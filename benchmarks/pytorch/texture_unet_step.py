"""PyTorch peer of TextureUnetStepBench: one training step (forward, loss, backward, Adam 1e-3) of paper 04's
quick-scale networks on a fixed batch of single-channel 64x64 crops. unet: U-Net C = 8, 3 levels, [3x3 conv
(no bias), BN, ReLU] x 2 per level, down = 3x3 stride-2 conv + BN + ReLU, up = ConvTranspose2d(3, s2, p1, op1),
1x1 head, MSE. tgunet: the same with PAC down/up (unfold-based, Gaussian kernel exp(-0.5 sum_c (f_j - f_c)^2),
channel_wise = False) guided by a Haar DWT -> bilinear up -> 3x3 convs 4-16-16-12 -> 3 groups of 4 channels
avg-pooled to each level; deep supervision (side 1x1 heads, bilinear up, weight 0.25) and IMED (sigma 1, 7x7,
mean of e * (g * e)), as the Java TextureGuidedUNet / ImedLoss / DeepSupervisionLoss.

/usr/bin/python3 benchmarks/pytorch/texture_unet_step.py --threads 2 --batch 8
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import harness


def double_conv(cin, w):
    return nn.Sequential(nn.Conv2d(cin, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU(),
                         nn.Conv2d(w, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU())


def pac(xp, gp, w, b, stride, ho, wo):
    k = w.shape[-1]
    n, c = xp.shape[:2]
    cols = F.unfold(xp, k, stride=stride).view(n, c, k * k, ho, wo)
    gcols = F.unfold(gp, k, stride=stride).view(n, gp.shape[1], k * k, ho, wo)
    centre = gcols[:, :, k * k // 2:k * k // 2 + 1]
    kern = torch.exp(-0.5 * ((gcols - centre) ** 2).sum(1, keepdim=True))
    y = (w.reshape(w.shape[0], -1) @ (cols * kern).reshape(n, c * k * k, ho * wo)).view(n, w.shape[0], ho, wo)
    return y if b is None else y + b.view(1, -1, 1, 1)


class PacDown(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.w = nn.Parameter(torch.randn(cout, cin, 3, 3) * math.sqrt(2 / (cin * 9)))
        self.bn = nn.BatchNorm2d(cout)

    def forward(self, x, g):
        h, w = x.shape[2] // 2, x.shape[3] // 2
        return F.relu(self.bn(pac(F.pad(x, (1, 1, 1, 1)), F.pad(g, (1, 1, 1, 1)), self.w, None, 2, h, w)))


class PacUp(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.w = nn.Parameter(torch.randn(cin, cout, 3, 3) * math.sqrt(2 / (cin * 9)))
        self.b = nn.Parameter(torch.zeros(cout))

    def forward(self, x, g):
        n, c, h, w = x.shape
        u = torch.zeros(n, c, 2 * h - 1, 2 * w - 1)
        u[:, :, ::2, ::2] = x
        u = F.pad(u, (1, 2, 1, 2))
        wf = self.w.transpose(0, 1).flip(2, 3)
        return pac(u, F.pad(g, (1, 1, 1, 1)), wf, self.b, 1, 2 * h, 2 * w)


class Guidance(nn.Module):
    def __init__(self, levels, gc):
        super().__init__()
        self.levels = levels
        self.convs = nn.Sequential(nn.Conv2d(4, 16, 3, padding=1), nn.ReLU(), nn.Conv2d(16, 16, 3, padding=1), nn.ReLU(),
                                   nn.Conv2d(16, levels * gc, 3, padding=1))
        h = torch.tensor([[[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [-0.5, -0.5]], [[0.5, -0.5], [0.5, -0.5]],
                          [[0.5, -0.5], [-0.5, 0.5]]])
        self.register_buffer("haar", h.unsqueeze(1))

    def forward(self, x):
        bands = F.conv2d(x, self.haar, stride=2)
        t = F.interpolate(bands, size=x.shape[2:], mode="bilinear", align_corners=False)
        groups = self.convs(t).chunk(self.levels, 1)
        return [g if i == 0 else F.avg_pool2d(g, 2 ** i) for i, g in enumerate(groups)]


class UNet(nn.Module):
    def __init__(self, c=8, levels=3, tg=False):
        super().__init__()
        self.tg, self.levels = tg, levels
        self.guidance = Guidance(levels, 4) if tg else None
        self.enc = nn.ModuleList()
        self.down = nn.ModuleList()
        cin = 1
        for k in range(levels):
            w = c << k
            self.enc.append(double_conv(cin, w))
            self.down.append(PacDown(w, w) if tg else nn.Sequential(nn.Conv2d(w, w, 3, 2, 1, bias=False),
                                                                    nn.BatchNorm2d(w), nn.ReLU()))
            cin = w
        self.bottleneck = double_conv(cin, c << levels)
        self.up, self.dec, self.side = nn.ModuleList(), nn.ModuleList(), nn.ModuleList()
        for k in range(levels - 1, -1, -1):
            self.up.append(PacUp(c << (k + 1), c << k) if tg else nn.ConvTranspose2d(c << (k + 1), c << k, 3, 2, 1, 1))
            self.dec.append(double_conv(2 * (c << k), c << k))
            if tg and k > 0:
                self.side.append(nn.Conv2d(c << k, 1, 1))
        self.head = nn.Conv2d(c, 1, 1)

    def forward(self, x):
        g = self.guidance(x) if self.tg else None
        skips = []
        for k in range(self.levels):
            x = self.enc[k](x)
            skips.append(x)
            x = self.down[k](x, g[k]) if self.tg else self.down[k](x)
        x = self.bottleneck(x)
        sides = []
        for i in range(self.levels):
            k = self.levels - 1 - i
            x = self.up[i](x, g[k]) if self.tg else self.up[i](x)
            x = self.dec[i](torch.cat([x, skips[k]], 1))
            if self.tg and k > 0:
                sides.append(self.side[len(sides)](x))
        return [self.head(x)] + sides


def imed(pred, label, kernel):
    e = pred - label
    return (e * F.conv2d(e, kernel, padding=3)).mean()


def make_step(name, batch, seed):
    torch.manual_seed(seed)
    tg = name == "tgunet"
    net = UNet(tg=tg)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.rand(batch, 1, 64, 64)
    y = torch.rand(batch, 1, 64, 64)
    r = torch.arange(-3, 4, dtype=torch.float32)
    kernel = (torch.exp(-(r[:, None] ** 2 + r[None, :] ** 2) / 2) / (2 * math.pi)).view(1, 1, 7, 7)

    def step():
        opt.zero_grad()
        out = net(x)
        if tg:
            loss = imed(out[0], y, kernel)
            for s in out[1:]:
                loss = loss + 0.25 * imed(F.interpolate(s, size=(64, 64), mode="bilinear", align_corners=False), y, kernel)
        else:
            loss = F.mse_loss(out[0], y)
        loss.backward()
        opt.step()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="unet-b8,tgunet-b8")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        kind, _, b = name.partition("-b")  # "tgunet-b8": the batch rides in the name, as in the JMH class
        harness.measure("texture_unet_step/" + name, make_step(kind, int(b) if b else args.batch, args.seed), args, model=name)


if __name__ == "__main__":
    main()
