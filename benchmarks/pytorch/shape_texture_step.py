"""PyTorch peer of ShapeTextureStepBench: one training step of the shape-texture paper's multi-view
network (paper 12, Eq. 8) with the library's quick-scale sizes, on a batch of 28 x 28 images:

  frozen CNN 16-32-64 (conv3x3 no bias, BN, ReLU; max-pool before stages 2 and 3), eval mode
  shape:   stage 1 max-pooled to 7x7, 2 x [x + IN(conv3x3(ReLU(IN(conv3x3(x)))))], final IN
  texture: stages 0-2 avg-pooled to 7x7, 1x1 convs to 64, sum, ReLU, GAP, FC to 8
  heads:   FC(1568 -> 10) on the flattened shape code, FC(8 -> 10); softmax each
  weights: softmax(a), a = 0 (2); mixture = w_s p_s + w_t p_t
  decoder: MLP 8-64-64-256 -> AdaIN (gamma = 1 + g) in 2 residual blocks of 32 channels,
           2 x (nearest x2, conv5x5, ReLU) 32 -> 16 -> 8, conv7x7 -> 1, sigmoid
  codes:   fixed random projections (no bias) of both codes to 256
  loss:    -log(mixture[y]) + 1 * |recon - x|_1 (mean) + 0.1 * cos(z_s, z_t) (mean); Adam 1e-3

/usr/bin/python3 benchmarks/pytorch/shape_texture_step.py --model quick --threads 2
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import harness


class ResIN(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c1 = nn.Conv2d(c, c, 3, padding=1)
        self.c2 = nn.Conv2d(c, c, 3, padding=1)

    def forward(self, x):
        h = F.relu(F.instance_norm(self.c1(x), eps=1e-5))
        return x + F.instance_norm(self.c2(h), eps=1e-5)


def adain(x, gamma, beta):
    return F.instance_norm(x, eps=1e-5) * gamma[:, :, None, None] + beta[:, :, None, None]


class MultiView(nn.Module):
    def __init__(self, widths=(16, 32, 64), classes=10, tex_ch=64, code=8, dec_blocks=2, hidden=64, d=256):
        super().__init__()
        stages, cin = [], 1
        for w in widths:
            stages.append(nn.Sequential(nn.Conv2d(cin, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()))
            cin = w
        self.stages = nn.ModuleList(stages)
        for p in self.stages.parameters():
            p.requires_grad_(False)
        c = widths[1]
        self.shape = nn.Sequential(ResIN(c), ResIN(c))
        self.rl = nn.ModuleList([nn.Conv2d(w, tex_ch, 1) for w in widths])
        self.tex_fc = nn.Linear(tex_ch, code)
        self.head_s = nn.Linear(c * 49, classes)
        self.head_t = nn.Linear(code, classes)
        self.a = nn.Parameter(torch.zeros(2))
        self.c = c
        self.dec_blocks = dec_blocks
        self.mlp = nn.Sequential(nn.Linear(code, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                                 nn.Linear(hidden, 4 * dec_blocks * c))
        self.res = nn.ModuleList([nn.Conv2d(c, c, 3, padding=1) for _ in range(2 * dec_blocks)])
        self.up1 = nn.Conv2d(c, c // 2, 5, padding=2)
        self.up2 = nn.Conv2d(c // 2, max(8, c // 4), 5, padding=2)
        self.out = nn.Conv2d(max(8, c // 4), 1, 7, padding=3)
        self.proj_s = nn.Linear(c * 49, d, bias=False)
        self.proj_t = nn.Linear(code, d, bias=False)
        for p in list(self.proj_s.parameters()) + list(self.proj_t.parameters()):
            p.requires_grad_(False)

    def forward(self, x):
        self.stages.eval()
        taps, h = [], x
        for i, s in enumerate(self.stages):
            if i > 0:
                h = F.max_pool2d(h, 2)
            h = s(h)
            taps.append(h)
        size = taps[-1].shape[2]
        s_map = F.max_pool2d(taps[1], taps[1].shape[2] // size)
        s_code = F.instance_norm(self.shape(s_map), eps=1e-5)
        t_sum = sum(rl(F.avg_pool2d(t, t.shape[2] // size) if t.shape[2] != size else t) for rl, t in zip(self.rl, taps))
        t_code = self.tex_fc(F.relu(t_sum).mean((2, 3)))
        s_flat = s_code.flatten(1)
        p_s = F.softmax(self.head_s(s_flat), 1)
        p_t = F.softmax(self.head_t(t_code), 1)
        w = F.softmax(self.a, 0)
        mix = w[0] * p_s + w[1] * p_t
        g = self.mlp(t_code)
        c, k, r = self.c, 0, s_code
        for b in range(self.dec_blocks):
            h = r
            for j in range(2):
                h = self.res[2 * b + j](h)
                h = adain(h, 1 + g[:, k * c:(k + 1) * c], g[:, (k + 1) * c:(k + 2) * c])
                k += 2
                if j == 0:
                    h = F.relu(h)
            r = r + h
        r = F.relu(self.up1(F.interpolate(r, scale_factor=2, mode="nearest")))
        r = F.relu(self.up2(F.interpolate(r, scale_factor=2, mode="nearest")))
        recon = torch.sigmoid(self.out(r))
        return mix, recon, self.proj_s(s_flat), self.proj_t(t_code)


def loss_fn(mix, recon, zs, zt, x, y):
    nll = -mix.gather(1, y[:, None]).squeeze(1).clamp_min(1e-12).log().mean()
    l1 = (recon - x).abs().mean()
    cos = F.cosine_similarity(zs, zt, dim=1, eps=1e-12).mean()
    return nll + l1 + 0.1 * cos


def make_step(name, batch, seed):
    if name != "quick":
        raise ValueError("unknown model " + name)
    g = torch.Generator().manual_seed(seed)
    model = MultiView()
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    x = torch.rand(batch, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)

    def step():
        opt.zero_grad(set_to_none=True)
        mix, recon, zs, zt = model(x.clone())
        loss = loss_fn(mix, recon, zs, zt, x, y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="quick")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("shape_texture_step/" + name, make_step(name, args.batch, args.seed), args, model=name)


if __name__ == "__main__":
    main()
