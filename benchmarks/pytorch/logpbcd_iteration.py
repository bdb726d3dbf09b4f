"""PyTorch peer of LogPbcdIterationBench: one LOG-PBCD iteration (Fashion-MNIST setting,
784-500-500-10) written block for block as io.github.prcv2021.logpbcd.LogPbcdTrainer.sweep does it,
with the same formulas, the same float64 steps and the same order (Gauss-Seidel, forward sweep):

  for l = 1 .. L-1:
    W_l  <- (delta W + c (Z - b) A_{l-1}^T) (delta I + c A_{l-1} A_{l-1}^T)^{-1}
            (the Gram matrix formed in float32, inverted in float64, the product taken in float64;
             for l = 1 the inverse is computed once at initialisation, since X is fixed)
    b_l  <- (delta b + c mean_j(Z - W A)) / (c + delta)              (shared-vector update)
    Z_l  <- reluProx(A_l, S, eta),  S = (delta Z + rho (W A + b)) / (rho + delta), eta = (rho + delta)/gamma
            (the case analysis of Eq. 13, as Prox.reluProx)
    A_l  <- l <= L-2 (sparse): prox-linear step X = A - grad/delta,
                grad = c W_{l+1}^T (W_{l+1} A + b_{l+1} - Z_{l+1}) + gamma (A - relu(Z_l)),
                then the log threshold of Eq. 17 (Prox.logThreshold)
            l = L-1: (c W^T W + (gamma + delta) I)^{-1} (delta A + c W^T (Z - b) + gamma relu(Z_l)),
                via the small p x p inverse in float64 (LinAlg.solveShiftedNormal)
  W_L, b_L as above with c = beta; Z_L <- (beta (W A + b) + alpha Y + delta Z) / (alpha + beta + delta)

W A is cached between the b and Z updates of a layer, as the library's product(l) cache does.
Parameters: lambda 1e-7, epsilon 1e-4, rho = gamma = delta = alpha = beta = 1.

/usr/bin/python3 benchmarks/pytorch/logpbcd_iteration.py --model m2000 --threads 2
"""
import math

import torch

import harness

LAMBDA, EPS, RHO, DELTA = 1e-7, 1e-4, 1.0, 1.0  # PaperSetting.FASHION_MNIST
GAMMA, ALPHA, BETA = RHO, 1.0, 1.0               # the builder's defaults
SIZES = (784, 500, 500, 10)


def shifted_gram(a, c, delta):
    d = a.shape[0]
    return (a @ a.T) * c + torch.eye(d, dtype=a.dtype) * delta


def inverse64(g):
    return torch.linalg.inv(g.double())


def right_multiply64(r, g_inv64):
    return (r.double() @ g_inv64).to(r.dtype)


def solve_shifted_normal(w, c, k, v):
    p, d = w.shape
    if p < d:
        small = w @ w.T + torch.eye(p, dtype=w.dtype) * (k / c)
        inner = inverse64(small).to(v.dtype)
        wv = w @ v
        return (v - w.T @ (inner @ wv)) / k
    g = (w.T @ w) * c + torch.eye(d, dtype=w.dtype) * k
    return inverse64(g).to(v.dtype) @ v


def relu_prox(a, s, eta):
    c = eta - math.sqrt(eta * (eta + 1))
    es = s * eta
    u = a + es
    ca = a * c
    zero = torch.zeros((), dtype=a.dtype)
    val = torch.where(u < 0, torch.minimum(s, zero), zero)
    positive = ((u >= 0) & (s >= 0)) | ((ca <= es) & (s < 0))
    val = torch.where(positive, u / (1 + eta), val)
    negative = (-a <= es) & (es <= ca)
    return torch.where(negative, s, val)


def log_threshold(x, t, eps):
    tau = math.sqrt(4 * t) - eps if t >= eps * eps else t / eps
    ax = x.abs()
    disc = torch.clamp((ax + eps).square() - 4 * t, min=0)
    root = (ax - eps + disc.sqrt()) * 0.5
    return torch.where(ax > tau, root * x.sign(), torch.zeros((), dtype=x.dtype))


class LogPbcd:
    def __init__(self, x, y, seed):
        g = torch.Generator().manual_seed(seed)
        self.L = len(SIZES) - 1
        self.x, self.y = x, y
        self.w, self.b, self.z, self.a = [None], [None], [None], [x]
        for l in range(1, self.L + 1):
            w = torch.randn(SIZES[l], SIZES[l - 1], generator=g) * 0.01
            b = torch.full((SIZES[l], 1), 0.1)
            z = w @ self.a[l - 1] + b
            self.w.append(w), self.b.append(b), self.z.append(z)
            if l < self.L:
                self.a.append(torch.relu(z))
        self.first_gram_inverse = inverse64(shifted_gram(x, RHO, DELTA))

    def coupling(self, l):
        return RHO if l < self.L else BETA

    def iterate(self):
        L, w, b, z, a = self.L, self.w, self.b, self.z, self.a
        products = {}

        def product(l):
            if l not in products:
                products[l] = w[l] @ a[l - 1]
            return products[l]

        def update_w(l):
            prev, c = a[l - 1], self.coupling(l)
            g_inv = self.first_gram_inverse if l == 1 else inverse64(shifted_gram(prev, c, DELTA))
            r = w[l] * DELTA + ((z[l] - b[l]) @ prev.T) * c
            w[l] = right_multiply64(r, g_inv)
            products.pop(l, None)

        def update_b(l):
            c = self.coupling(l)
            residual = z[l] - product(l)
            b[l] = (b[l] * DELTA + residual.mean(1, keepdim=True) * c) / (c + DELTA)

        for l in range(1, L):
            update_w(l)
            update_b(l)
            s = (z[l] * DELTA + (product(l) + b[l]) * RHO) / (RHO + DELTA)
            z[l] = relu_prox(a[l], s, (RHO + DELTA) / GAMMA)
            wn, bn, zn, c = w[l + 1], b[l + 1], z[l + 1], self.coupling(l + 1)
            fz = torch.relu(z[l])
            if l <= L - 2:  # sparse layers: the default 1..L-2
                grad = (wn.T @ (wn @ a[l] + bn - zn)) * c + (a[l] - fz) * GAMMA
                a[l] = log_threshold(a[l] - grad / DELTA, LAMBDA / DELTA, EPS)
            else:
                rhs = a[l] * DELTA + (wn.T @ (zn - bn)) * c + fz * GAMMA
                a[l] = solve_shifted_normal(wn, c, GAMMA + DELTA, rhs)
            products.pop(l + 1, None)
        update_w(L)
        update_b(L)
        z[L] = ((product(L) + b[L]) * BETA + self.y * ALPHA + z[L] * DELTA) / (ALPHA + BETA + DELTA)
        return z[L][0, 0].item()


def make_step(name, seed):
    m = int(name[1:])
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(SIZES[0], m, generator=g)
    y = torch.zeros(SIZES[-1], m)
    y[torch.randint(0, SIZES[-1], (m,), generator=g), torch.arange(m)] = 1.0
    solver = LogPbcd(x, y, seed)
    return solver.iterate


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="m2000")
    args = p.parse_args()
    harness.setup(args)
    with torch.no_grad():
        for name in args.model.split(","):
            harness.measure("log_pbcd_iteration/" + name, make_step(name, args.seed), args, model=name)


if __name__ == "__main__":
    main()
