"""PyTorch peer of EmmfIterationBench: one iteration of paper 23's Algorithm 1, full batch, on n samples
with three views of widths 64, 32, 32 (uniform [0, 1] data, as the digits views after min-max scaling):
the identity-input encoder (an n x 1000 table + bias, then 1000-500-200-k, ReLU hidden, linear code),
three decoders k-200-500-1000-d_p, three discriminators d_p-200-100-50-1; L1 = MSE reconstruction +
lambda_d * non-saturating adversarial loss updates encoder and decoders (Adam 1e-3), then the
discriminators' BCE on real rows and the detached reconstructions updates the discriminators (Adam 1e-3),
as Emmf.Session.step does.

/usr/bin/python3 benchmarks/pytorch/emmf_iteration.py --threads 2 --model n-500
"""
import torch
import torch.nn.functional as F
from torch import nn

import harness


def mlp(widths, last_relu=False):
    layers = []
    for i in range(1, len(widths)):
        layers.append(nn.Linear(widths[i - 1], widths[i]))
        if i < len(widths) - 1 or last_relu:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def make_step(name, seed, widths=(1000, 500, 200), k=10, dims=(64, 32, 32), lam=0.1):
    n = int(name.split("-")[1])
    g = torch.Generator().manual_seed(seed)
    views = [torch.rand(n, d, generator=g) for d in dims]
    table = nn.Parameter(torch.empty(n, widths[0]).uniform_(-n ** -0.5, n ** -0.5))
    bias = nn.Parameter(torch.empty(widths[0]).uniform_(-n ** -0.5, n ** -0.5))
    encoder = mlp(list(widths) + [k])
    decoders = nn.ModuleList([mlp([k] + list(reversed(widths)) + [d]) for d in dims])
    discs = nn.ModuleList([mlp([d, 200, 100, 50, 1]) for d in dims])
    gen_params = [table, bias] + list(encoder.parameters()) + list(decoders.parameters())
    opt_g = torch.optim.Adam(gen_params, lr=1e-3)
    opt_d = torch.optim.Adam(discs.parameters(), lr=1e-3)

    def step():
        h = encoder(torch.relu(table + bias))
        fakes = [dec(h) for dec in decoders]
        lr = sum(F.mse_loss(f, x) for f, x in zip(fakes, views))
        lrd = sum(F.softplus(-d(f)).mean() for d, f in zip(discs, fakes))
        opt_g.zero_grad(set_to_none=False)
        opt_d.zero_grad(set_to_none=False)
        (lr + lam * lrd).backward()
        opt_g.step()
        opt_d.zero_grad(set_to_none=False)
        ld = 0
        for d, f, x in zip(discs, fakes, views):
            z = d(torch.cat([x, f.detach()], 0))
            ld = ld + F.softplus(-z[:n]).mean() + F.softplus(z[n:]).mean()
        ld.backward()
        opt_d.step()
        lr.item()
        ld.item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="n-500")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("emmf_iteration/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
