"""PyTorch peer of InvIcsStepBench: one InvICS training step of paper 45.

k3-z8-b16   CS ratio 25 % (Phi 272 x 1089 with orthonormal rows), P-block Conv3x3(1->z) ReLU Conv3x3(z->z-1)
            without bias, K = 3 phases on z = 8 channels: gradient step x - rho Phi^T(Phi x - y) per 33x33 block
            (rho = sigmoid(rho*) + 1), Cayley-orthogonal 1x1 mixing U, additive coupling with a dense block F
            (3 layers, growth 8, LeakyReLU 0.2), affine coupling with residual blocks G, H (g = 0.5 + 0.5 sigmoid),
            U^T; loss MSE + 0.01 mean((Phi Phi^T - I)^2); backward; Adam 5e-4. A fixed batch of 16 uniform blocks.

/usr/bin/python3 benchmarks/pytorch/invics_step.py --model k3-z8-b16 --threads 2
"""
import torch
import torch.nn.functional as F

import harness

B, M = 33, 272


def to_rows(x):
    n, _, h, w = x.shape
    return F.pixel_unshuffle(x, B).permute(0, 2, 3, 1).reshape(-1, B * B), (n, h // B, w // B)


def from_rows(r, shape):
    n, h, w = shape
    return F.pixel_shuffle(r.reshape(n, h, w, B * B).permute(0, 3, 1, 2), B)


class Dense(torch.nn.Module):
    def __init__(self, c, layers, growth):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        ch = c
        for i in range(layers):
            out = c if i == layers - 1 else growth
            self.convs.append(torch.nn.Conv2d(ch, out, 3, padding=1))
            ch += out
        torch.nn.init.zeros_(self.convs[-1].weight)
        torch.nn.init.zeros_(self.convs[-1].bias)

    def forward(self, x):
        feats = x
        for i, c in enumerate(self.convs):
            o = c(feats)
            if i < len(self.convs) - 1:
                o = F.leaky_relu(o, 0.2)
                feats = torch.cat([feats, o], 1)
        return o


class Res(torch.nn.Module):
    def __init__(self, c, hidden):
        super().__init__()
        self.a = torch.nn.Conv2d(c, hidden, 3, padding=1)
        self.b = torch.nn.Conv2d(hidden, c, 3, padding=1)

    def forward(self, x):
        return x + self.b(F.relu(self.a(x)))


class Phase(torch.nn.Module):
    def __init__(self, z):
        super().__init__()
        self.rho = torch.nn.Parameter(torch.zeros(1))
        self.s = torch.nn.Parameter(torch.randn(z, z) * 0.5)
        self.f, self.g, self.h = Dense(z // 2, 3, 8), Res(z // 2, z // 2), Res(z // 2, z // 2)
        self.z = z

    def forward(self, u, y, phi):
        rho = torch.sigmoid(self.rho) + 1
        x = u[:, :1]
        rows, shape = to_rows(x)
        r = x - rho * from_rows((rows @ phi.t() - y) @ phi, shape)
        u = torch.cat([r, u[:, 1:]], 1)
        a = self.s - self.s.t()
        eye = torch.eye(self.z)
        w = (eye - a) @ torch.linalg.inv(eye + a)
        zeta = F.conv2d(u, w[:, :, None, None])
        z1, z2 = zeta.chunk(2, 1)
        xi1 = z1 + self.f(z2)
        xi2 = (0.5 + 0.5 * torch.sigmoid(self.g(xi1))) * z2 + self.h(xi1)
        return F.conv2d(torch.cat([xi1, xi2], 1), w.t()[:, :, None, None])


class InvIcs(torch.nn.Module):
    def __init__(self, k, z):
        super().__init__()
        q, _ = torch.linalg.qr(torch.randn(B * B, M))
        self.phi = torch.nn.Parameter(q.t().contiguous())
        self.p = torch.nn.Sequential(torch.nn.Conv2d(1, z, 3, padding=1, bias=False), torch.nn.ReLU(),
                                     torch.nn.Conv2d(z, z - 1, 3, padding=1, bias=False))
        self.phases = torch.nn.ModuleList([Phase(z) for _ in range(k)])

    def forward(self, x):
        rows, shape = to_rows(x)
        y = rows @ self.phi.t()
        x0 = from_rows(y @ self.phi, shape)
        u = torch.cat([x0, self.p(x0)], 1)
        for ph in self.phases:
            u = ph(u, y, self.phi)
        return u[:, :1]


def make_step(name, seed):
    k, z, b = (int(p[1:]) for p in name.split("-"))
    torch.manual_seed(seed)
    net = InvIcs(k, z)
    opt = torch.optim.Adam(net.parameters(), lr=5e-4)
    x = torch.rand(b, 1, B, B)
    eye = torch.eye(M)

    def step():
        opt.zero_grad()
        loss = F.mse_loss(net(x), x) + 0.01 * ((net.phi @ net.phi.t() - eye) ** 2).mean()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="k3-z8-b16")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("invics_step/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
