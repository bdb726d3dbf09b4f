"""PyTorch peer of SargStepBench: one training step of paper 05's network (forward, CE(group) + CE(action),
backward, Adam 1e-3) on a fixed batch of synthetic scenes: 12 actors, 64-d N(0, 9) features, uniform
centres, embedding FC-LN-ReLU to d = 64, N_g = 4 graphs (theta, phi: Linear(64 -> 64), mu = 0.3,
row softmax of theta phi^T / sqrt(64) masked beyond mu), GCN ReLU(LN(A X W)), dropout 0.2.

arg    Z = X + sum_i H_i, Z' = max over actors
sarg   per graph: H = ReLU(FC(H_i)), S = sigmoid((A + I) H theta_att), top-6 by S as a one-hot P,
       H_s = P (H * S), A_out = P A P^T row-renormalised, subgraph GCN, scatter P^T;
       Z = sum_i ReLU(FC([X, H_i, H'_s,i])), Z' = sum over actors (Fusion Net)

/usr/bin/python3 benchmarks/pytorch/sarg_step.py --model arg,sarg --threads 1 --batch 64
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

import harness

N, F_IN, D, G, A, NG, MU = 12, 64, 64, 5, 6, 4, 0.3


class Gcn(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Linear(D, D, bias=False)
        self.ln = nn.LayerNorm(D)

    def forward(self, h, a):
        return F.relu(self.ln(self.w(a @ h)))


class Graph(nn.Module):
    def __init__(self, sarg):
        super().__init__()
        self.theta, self.phi, self.gcn = nn.Linear(D, D), nn.Linear(D, D), Gcn()
        self.sarg = sarg
        if sarg:
            self.action, self.score, self.sub = nn.Linear(D, D), nn.Linear(D, 1), Gcn()
            self.fusion = nn.Linear(3 * D, D)

    def forward(self, x, c):
        logits = self.theta(x) @ self.phi(x).transpose(1, 2) / math.sqrt(D)
        far = (torch.cdist(c, c) > MU).float()
        a = torch.softmax(logits - 1e9 * far, dim=-1)
        h1 = self.gcn(x, a)
        if not self.sarg:
            return h1
        h = F.relu(self.action(h1))
        eye = torch.eye(N).expand_as(a)
        s = torch.sigmoid(self.score((a + eye) @ h)).squeeze(2)
        idx = s.detach().argsort(dim=1, descending=True)[:, :N // 2]
        p = F.one_hot(idx, N).float()
        hs = p @ (h * s.unsqueeze(2))
        a_out = p @ a @ p.transpose(1, 2)
        a_out = a_out / a_out.sum(2, keepdim=True)
        scattered = p.transpose(1, 2) @ self.sub(hs, a_out)
        return F.relu(self.fusion(torch.cat([x, h1, scattered], 2)))


class Net(nn.Module):
    def __init__(self, sarg):
        super().__init__()
        self.embed, self.ln = nn.Linear(F_IN, D), nn.LayerNorm(D)
        self.graphs = nn.ModuleList([Graph(sarg) for _ in range(NG)])
        self.sarg = sarg
        self.drop = nn.Dropout(0.2)
        self.actions, self.activities = nn.Linear(D, A), nn.Linear(D, G)

    def forward(self, x, c):
        x = F.relu(self.ln(self.embed(x)))
        parts = [g(x, c) for g in self.graphs]
        z = sum(parts) if self.sarg else x + sum(parts)
        pooled = z.sum(1) if self.sarg else z.max(1).values
        return self.activities(self.drop(pooled)), self.actions(self.drop(z))


def make_step(name, batch):
    net = Net(name == "sarg").train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = torch.randn(batch, N, F_IN) * 3
    c = torch.rand(batch, N, 2)
    yg = torch.randint(0, G, (batch,))
    ya = torch.randint(0, A, (batch, N))

    def step():
        opt.zero_grad()
        act, actions = net(x, c)
        loss = F.cross_entropy(act, yg) + F.cross_entropy(actions.reshape(-1, A), ya.reshape(-1))
        loss.backward()
        opt.step()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="arg,sarg")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("sarg_step/" + name, make_step(name, args.batch), args, model=name)


if __name__ == "__main__":
    main()
