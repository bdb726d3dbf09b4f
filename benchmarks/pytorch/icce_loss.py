"""PyTorch peer of IcceLossBench: one loss forward and backward on fixed logits (batch, K) with
class-index labels.

icce-c<K>        the ICCE loss of Eq. 5 (T = 4) exactly as io.github.prcv2021.icce.IcceLoss computes it:
                 log p_y = gather(log_softmax(z)); the series
                 e^{-T/2}[-log p + sum_k c_k - exp(log p * k) @ c], k = 1..K with K = ceil(e T) + 20 = 31
                 terms, c_k = T^k/(k k!); mean over the batch
cce-c<K>, sce-c<K> F.cross_entropy (the library's BaselineLosses.cce() and DJL's
                 softmaxCrossEntropyLoss compute the same value)
Each op copies the logits into a fresh leaf that requires a gradient, as the JMH side does.

/usr/bin/python3 benchmarks/pytorch/icce_loss.py --model icce-c10,cce-c10 --threads 2
"""
import math

import torch
import torch.nn.functional as F

import harness

T = 4.0


def icce_coefficients(t):
    terms = math.ceil(math.e * t) + 20
    c, coef = 1.0, []
    for k in range(1, terms + 1):
        c *= t / k
        coef.append(c / k)
    return terms, coef


TERMS, COEF = icce_coefficients(T)  # as IcceLoss's constructor: once
COEF_SUM = float(sum(COEF))


def icce_loss(z, y, t=T, terms=TERMS, coef=COEF, coef_sum=COEF_SUM):
    log_p = F.log_softmax(z, dim=1)
    log_py = log_p.gather(1, y.view(-1, 1))  # (N, 1)
    k = torch.arange(1.0, terms + 1.0).view(1, terms)
    c = torch.tensor(coef, dtype=torch.float32).view(terms, 1)
    powers = (log_py.view(-1, 1) * k).exp()
    series = -(powers @ c).view(-1) + coef_sum
    out = -log_py.view(-1) + series
    return (out * math.exp(-t / 2.0)).mean()


def make_step(name, batch, seed):
    loss_name, classes = name.split("-c")
    classes = int(classes)
    g = torch.Generator().manual_seed(seed)
    logits = torch.randn(batch, classes, generator=g)
    labels = torch.randint(0, classes, (batch,), generator=g)
    fn = icce_loss if loss_name == "icce" else F.cross_entropy
    if loss_name not in ("icce", "cce", "sce"):
        raise SystemExit(f"icce_loss.py: unknown loss {loss_name}")

    def step():
        z = logits.detach().clone().requires_grad_(True)
        fn(z, labels).backward()
        return z.grad[0, 0].item()

    return step


def check_value():
    """The torch series against the closed form at a few p (double precision reference)."""
    for p in (0.05, 0.3, 0.9):
        z = torch.tensor([[math.log(p), math.log(1 - p)]])
        got = icce_loss(z, torch.tensor([0])).item()
        terms, coef = icce_coefficients(T)
        ref = math.exp(-T / 2) * (-math.log(p) + sum(c * (1 - p ** (k + 1)) for k, c in enumerate(coef)))
        if abs(got - ref) > 1e-4 * max(1.0, abs(ref)):
            raise SystemExit(f"icce_loss.py: series {got} != {ref} at p = {p}")


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="icce-c10,cce-c10,sce-c10,icce-c100,cce-c100")
    p.add_argument("--inner", type=int, default=100, help="ops per counted step")
    args = p.parse_args()
    harness.setup(args)
    check_value()
    for name in args.model.split(","):
        harness.measure("icce_loss/" + name, make_step(name, args.batch, args.seed), args,
                        inner=args.inner, model=name)


if __name__ == "__main__":
    main()
