"""PyTorch peer of ListaMsnStepBench: one LISTA-MSN training step of paper 32 (Algorithm 1).

k10   tied-weight LISTA, K = 10 layers (W_e = D^T/L, S = I - D^T D/L, theta = lambda/L, lambda = 0.5),
      on a Gaussian 64 x 256 dictionary with unit atoms; the MSN: one bias-free linear map 256 -> 3 * 513,
      log-softmax weights, centres soft-thresholded at 0.01, sigma = ELU + 1 floored at 1e-4; the mixture
      NLL (-logsumexp) against fixed sparse Gaussian targets; backward; Adam 1e-3.
Signals: Gaussian, each scaled to lambda_max = ||D^T x||_inf = 1.

/usr/bin/python3 benchmarks/pytorch/lista_msn_step.py --model k10 --threads 2
"""
import math

import torch

import harness

N, M_CODE, COMPONENTS, LAMBDA, EPS = 64, 256, 3, 0.5, 0.01


def shrink(u, theta):
    return torch.sign(u) * torch.clamp(u.abs() - theta, min=0)


class ListaMsn(torch.nn.Module):
    def __init__(self, d, k):
        super().__init__()
        lip = torch.linalg.matrix_norm(d, ord=2).item() ** 2
        self.k = k
        self.we = torch.nn.Parameter(d / lip)                                   # W_e^T, (n, m)
        self.s = torch.nn.Parameter(torch.eye(M_CODE) - d.t() @ d / lip)        # S^T, (m, m)
        self.theta = torch.nn.Parameter(torch.full((1, M_CODE), LAMBDA / lip))
        w = torch.randn(M_CODE, (2 * M_CODE + 1) * COMPONENTS) * 0.01
        for i in range(COMPONENTS):
            w[:, COMPONENTS + i * M_CODE: COMPONENTS + (i + 1) * M_CODE] += torch.eye(M_CODE)
        self.wm = torch.nn.Parameter(w)

    def forward(self, x):
        b = x @ self.we
        z = shrink(b, self.theta)
        for _ in range(1, self.k):
            z = shrink(b + z @ self.s, self.theta)
        o = z @ self.wm
        mc = COMPONENTS * M_CODE
        log_alpha = torch.log_softmax(o[:, :COMPONENTS], dim=1)
        mu = shrink(o[:, COMPONENTS:COMPONENTS + mc].reshape(-1, COMPONENTS, M_CODE), EPS)
        t = o[:, COMPONENTS + mc:].reshape(-1, COMPONENTS, M_CODE)
        sigma = torch.clamp(torch.clamp(t, min=0) + torch.exp(torch.clamp(t, max=0)) - 1 + 1, min=1e-4)
        return log_alpha, mu, sigma


def nll(log_alpha, mu, sigma, z):
    sq = (((z.unsqueeze(1) - mu) / sigma) ** 2).sum(2) * 0.5
    log_phi = -(sigma.log().sum(2) + sq) - 0.5 * M_CODE * math.log(2 * math.pi)
    return -torch.logsumexp(log_alpha + log_phi, dim=1).mean()


def make_step(name, batch, seed):
    k = int(name[1:])
    torch.manual_seed(seed)
    d = torch.randn(N, M_CODE)
    d = d / d.norm(dim=0, keepdim=True)
    net = ListaMsn(d, k)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(batch, N)
    x = x / (x @ d).abs().amax(dim=1, keepdim=True)
    z = torch.randn(batch, M_CODE) * (torch.rand(batch, M_CODE) < 0.06).float()

    def step():
        opt.zero_grad()
        loss = nll(*net(x), z)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="k10")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("lista_msn_step/" + name, make_step(name, args.batch, args.seed), args, model=name)


if __name__ == "__main__":
    main()
