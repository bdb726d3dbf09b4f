"""PyTorch peer of HybridHgcnStepBench: one full-batch training step of paper 09's HybridHGCN (or HGNN):
for each branch k, Z_k = G_k ((dropout(relu(G_k (X W1 + b1)))) W2 + b2) with shared W1 (100 x 32), W2 (32 x 5)
(HGNN_conv's G.matmul(x.matmul(W) + b)), element-wise max over the branches, cross-entropy on the 50
labelled vertices, backward and an Adam step (lr 0.01, weight decay 5e-4). n = 2000, Gaussian features,
dense operators with uniform entries in [0, 2/n), as the JMH bench builds them.

/usr/bin/python3 benchmarks/pytorch/hybrid_hgcn_step.py --threads 2
"""
import math

import torch
import torch.nn.functional as F

import harness


class Conv(torch.nn.Module):
    def __init__(self, fin, fout):
        super().__init__()
        stdv = 1.0 / math.sqrt(fout)
        self.weight = torch.nn.Parameter(torch.empty(fin, fout).uniform_(-stdv, stdv))
        self.bias = torch.nn.Parameter(torch.empty(fout).uniform_(-stdv, stdv))

    def forward(self, x, g):
        return g.matmul(x.matmul(self.weight) + self.bias)


class Hybrid(torch.nn.Module):
    def __init__(self, fin, hidden, classes):
        super().__init__()
        self.c1 = Conv(fin, hidden)
        self.c2 = Conv(hidden, classes)

    def forward(self, x, ops):
        zs = [self.c2(F.dropout(F.relu(self.c1(x, g)), 0.5, self.training), g) for g in ops]
        return zs[0] if len(zs) == 1 else torch.stack(zs).amax(0)


def make_step(name, seed):
    n = int(name.split("-n")[1])
    branches = 3 if name.startswith("hybrid") else 1
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 100, generator=g)
    ops = [torch.rand(n, n, generator=g) * (2.0 / n) for _ in range(branches)]
    labels = torch.full((n,), -1, dtype=torch.long)
    labels[:50] = torch.randint(0, 5, (50,), generator=g)
    model = Hybrid(100, 32, 5)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=5e-4)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x, ops), labels, ignore_index=-1)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="hybrid123-n2000,hgnn-n2000")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("hybrid_hgcn_step/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
