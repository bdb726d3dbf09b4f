"""PyTorch peer of FpsoraIterationBench: one FPSORA iteration (paper 19, Eqs. 5-11) in float64 at n = 500
unit-norm samples of p = 784 uniform pixels, d = 20, k = 5: squared distances of the kNN pairs in the
current embedding Z, mu = (1/d) / sum(1/d) per sample, W_o = mu^2 symmetrised, L_o = D - W_o,
torch.linalg.eigh(L_o), Z <- (L_A^{1/2})^+ U diag(sqrt(lambda)) U^T Z. The graph, (L_A^{1/2})^+ and
Z_0 = PCA are built once, as in the Java setup.

/usr/bin/python3 benchmarks/pytorch/fpsora_iteration.py --threads 2
"""
import torch

import harness


def make_step(name, seed):
    n, d, k = (int(part[1:]) for part in name.split("-"))
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, 784, generator=g, dtype=torch.float64)
    x = x / x.norm(dim=1, keepdim=True)
    sq = (x * x).sum(1)
    d2 = (sq[:, None] + sq[None, :] - 2 * x @ x.t()).clamp_min(0)
    nn = (d2 + torch.eye(n, dtype=x.dtype) * 1e300).argsort(1)[:, :k]
    heat = torch.exp(-d2.gather(1, nn) / 2)
    c = heat.sqrt().sum(1, keepdim=True)
    wa = torch.zeros(n, n, dtype=x.dtype)
    wa.scatter_(1, nn, heat / c ** 2)
    wa = (wa + wa.t()) / 2
    lam, u = torch.linalg.eigh(torch.diag(wa.sum(1)) - wa)
    tol = 1e-10 * lam[-1]
    inv = torch.where(lam > tol, 1 / lam.clamp_min(tol).sqrt(), torch.zeros_like(lam))
    pinv_root_a = (u * inv) @ u.t()
    xc = x - x.mean(0)
    _, _, vt = torch.linalg.svd(xc, full_matrices=False)
    z0 = xc @ vt[:d].t()
    rows = torch.arange(n)[:, None].expand(n, k)

    def step():
        dist = ((z0[:, None, :] - z0[nn]) ** 2).sum(2)
        dist = dist + 1e-12 * dist.mean(1, keepdim=True)
        inv_d = 1 / dist
        mu = inv_d / inv_d.sum(1, keepdim=True)
        w = torch.zeros(n, n, dtype=x.dtype)
        w.index_put_((rows, nn), mu ** 2, accumulate=True)
        w = (w + w.t()) / 2
        lam_o, u_o = torch.linalg.eigh(torch.diag(w.sum(1)) - w)
        root_z = u_o @ (lam_o.clamp_min(0).sqrt()[:, None] * (u_o.t() @ z0))
        return pinv_root_a @ root_z

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="n500-d20-k5")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("fpsora_iteration/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
