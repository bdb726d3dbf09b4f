"""PyTorch peer of AnmmfFitBench: paper 06's factorisation, float64, on X (64 x 1797) of uniform integers
0-16: a 10-NN heat-kernel graph (t = mean squared edge distance), P = 3 random non-negative starts, then
10 Gauss-Seidel sweeps of U_i <- U_i * (X V_i) / (U_i V_i^T V_i) and
V_i <- V_i * (X^T U_i + l1 K- V_i + l2 W V_i) / (V_i U_i^T U_i + l1 K+ V_i + l2 D V_i), K = sum_{j != i}
(H V_j)(H V_j)^T split into positive and negative parts, with the objective after every sweep, as
Anmmf.fit does.

/usr/bin/python3 benchmarks/pytorch/anmmf_fit.py --threads 2
"""
import torch

import harness

EPS = 1e-10


def make_step(name, seed):
    sweeps = int(name.split("-")[1])
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, 17, (64, 1797), generator=g).double()
    n, m, p, l1, l2, k = x.shape[1], 10, 3, 0.01, 1000.0, 10

    def graph():
        rows = x.t()
        sq = (rows * rows).sum(1)
        d2 = (sq[:, None] + sq[None, :] - 2 * rows @ rows.t()).clamp_min(0)
        nn = (d2 + torch.eye(n, dtype=x.dtype) * 1e300).argsort(1)[:, :k]
        t = d2.gather(1, nn).mean()
        mask = torch.zeros(n, n, dtype=x.dtype)
        mask.scatter_(1, nn, 1.0)
        mask = torch.maximum(mask, mask.t())
        return torch.exp(-d2 / t) * mask

    def objective(us, vs, lap):
        o = 0.0
        for i in range(p):
            o += ((x - us[i] @ vs[i].t()) ** 2).sum().item() + l2 * (vs[i] * (lap @ vs[i])).sum().item()
            for j in range(i + 1, p):
                hi, hj = vs[i] - vs[i].mean(0), vs[j] - vs[j].mean(0)
                o += l1 * ((hi.t() @ hj) ** 2).sum().item()
        return o

    def step():
        w = graph()
        deg = w.sum(1, keepdim=True)
        lap = torch.diag(deg[:, 0]) - w
        scale = (x.mean() / m).sqrt()
        us = [torch.rand(64, m, generator=g, dtype=x.dtype) * scale for _ in range(p)]
        vs = [torch.rand(n, m, generator=g, dtype=x.dtype) * scale for _ in range(p)]
        objective(us, vs, lap)
        for _ in range(sweeps):
            for i in range(p):
                u, v = us[i], vs[i]
                u = u * (x @ v) / (u @ (v.t() @ v) + EPS)
                num = x.t() @ u + l2 * (w @ v)
                den = v @ (u.t() @ u) + l2 * (deg * v)
                kk = torch.zeros(n, n, dtype=x.dtype)
                for j in range(p):
                    if j != i:
                        hv = vs[j] - vs[j].mean(0)
                        kk += hv @ hv.t()
                a = kk.abs()
                num += l1 * (((a - kk) / 2) @ v)
                den += l1 * (((a + kk) / 2) @ v)
                us[i], vs[i] = u, v * num / (den + EPS)
            objective(us, vs, lap)

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="sweeps-10")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("anmmf_fit/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
