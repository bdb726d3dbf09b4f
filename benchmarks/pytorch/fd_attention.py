"""PyTorch peer of FdAttentionBench.

fd-c<C>      the Feature Difference step of paper 02 alone: sigmoid(smooth_l1(F - X)) * F summed, backward
             to both X and F, on fixed X, F of shape (batch, C, 32, 32); fresh leaves each step, as the
             JMH side duplicates its arrays
resnet20,    one eager training step (forward, cross-entropy, backward, SGD with momentum) of the CIFAR
fd-resnet20  ResNet-20 of models.py without and with FD

/usr/bin/python3 benchmarks/pytorch/fd_attention.py --model fd-c16,resnet20,fd-resnet20 --threads 1
"""
import torch
import torch.nn.functional as F

import harness
import models
from train_step import make_step as train_step


def fd_step(channels, batch, seed):
    g = torch.Generator().manual_seed(seed)
    x0 = torch.randn(batch, channels, 32, 32, generator=g)
    f0 = torch.randn(batch, channels, 32, 32, generator=g)

    def step():
        x = x0.detach().clone().requires_grad_(True)
        f = f0.detach().clone().requires_grad_(True)
        models.feature_difference(x, f).sum().backward()
        return x.grad[0, 0, 0, 0].item()

    return step


def check_value():
    """feature_difference against Eqs. 2-5 written out (smooth-L1 with beta = 1)."""
    x = torch.tensor([1.0, -2.0, 0.25, 3.0])
    f = torch.tensor([1.0, 1.0, -0.25, -1.5])
    d = (f - x).abs()
    smooth = torch.where(d < 1, 0.5 * d * d, d - 0.5)
    want = torch.sigmoid(smooth) * f
    if not torch.allclose(models.feature_difference(x, f), want):
        raise SystemExit("fd_attention.py: feature_difference does not match Eqs. 2-5")


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="fd-c16,resnet20,fd-resnet20")
    args = p.parse_args()
    harness.setup(args)
    check_value()
    for name in args.model.split(","):
        if name.startswith("fd-c"):
            step = fd_step(int(name[4:]), args.batch, args.seed)
        else:
            step = train_step(name, args.batch, args.seed)
        harness.measure("fd_attention/" + name, step, args, model=name)


if __name__ == "__main__":
    main()
