"""PyTorch peer of AdversarialStepBench: one adversarial-training step of the Wong et al. MNIST CNN
(the FGSMPR paper's MNIST network) on a fixed batch of uniform [0, 1] images, eps = 0.3, Adam 1e-3.

standard-wong  clean forward, cross-entropy, backward, Adam step
fgsm-wong      FGSM AT: input gradient at x, x + eps sign(g) clipped to [0, 1], then the update
fgsmpr-wong    FGSMPR (Algorithm 1): FGSM on the batch, PGD-3 (zero init, step eps/3) on one random
               example, one update on the B + 1 inputs with CE + 0.1 ||z_fgsm - z_pgd||_2
pgd10-wong     a PGD-10 attack of the batch (random start, step 0.1), no update
As on the JMH side, the attack passes do not accumulate parameter gradients (parameters are frozen
with requires_grad_(False) while the input gradient is taken).

/usr/bin/python3 benchmarks/pytorch/adv_step.py --model fgsm-wong,fgsmpr-wong --threads 2
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import harness

EPS = 0.3


def wong_cnn():
    return nn.Sequential(nn.Conv2d(1, 16, 4, 2, 1), nn.ReLU(), nn.Conv2d(16, 32, 4, 2, 1), nn.ReLU(),
                         nn.Flatten(), nn.Linear(1568, 100), nn.ReLU(), nn.Linear(100, 10))


def input_grad(net, x, y):
    for p in net.parameters():
        p.requires_grad_(False)
    x = x.detach().clone().requires_grad_(True)
    F.cross_entropy(net(x), y, reduction="sum").backward()
    for p in net.parameters():
        p.requires_grad_(True)
    return x.grad


def project(a, x):
    return torch.min(torch.max(a, x - EPS), x + EPS).clamp(0, 1)


def pgd(net, x, y, steps, step, random_start):
    a = project(x + torch.empty_like(x).uniform_(-EPS, EPS), x) if random_start else x
    for _ in range(steps):
        a = project(a + step * input_grad(net, a, y).sign(), x)
    return a.detach()


def make_step(name, batch, seed):
    method = name.split("-")[0]
    g = torch.Generator().manual_seed(seed)
    net = wong_cnn().train()
    x = torch.rand(batch, 1, 28, 28, generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def update(inputs, loss_fn):
        opt.zero_grad(set_to_none=True)
        loss_fn(net(inputs)).backward()
        opt.step()

    def step():
        if method == "standard":
            update(x, lambda z: F.cross_entropy(z, y))
        elif method == "fgsm":
            update(project(x + EPS * input_grad(net, x, y).sign(), x), lambda z: F.cross_entropy(z, y))
        elif method == "fgsmpr":
            xf = project(x + EPS * input_grad(net, x, y).sign(), x)
            j = torch.randint(0, batch, (1,))
            xp = pgd(net, x[j], y[j], 3, EPS / 3, False)

            def loss(z):
                main = z[:batch]
                return F.cross_entropy(main, y) + 0.1 * (main[j] - z[batch:]).norm(dim=1).mean()
            update(torch.cat([xf, xp]), loss)
        elif method.startswith("pgd"):
            pgd(net, x, y, int(method[3:]), 0.1, True)
        else:
            raise SystemExit(f"adv_step.py: unknown step {name}")

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="standard-wong,fgsm-wong,fgsmpr-wong,pgd10-wong")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("adv_step/" + name, make_step(name, args.batch, args.seed), args, model=name)


if __name__ == "__main__":
    main()
