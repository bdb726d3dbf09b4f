"""PyTorch peer of DistCamHeatmapBench: Dist-CAM heatmaps (paper 28, Eqs. 4-6) for a batch of
feature maps Q (N, K, H, H) and C class prototypes (C, K), uniform in [0, 1):

  q = Q.mean((2, 3))                              GAP
  d = |q[:, None] - P[None]|.sum(2)               L1 distance to every prototype (N, C)
  p = P[d.argmin(1)]                              nearest prototype
  W = 1 / (|p - q| + 1e-8); W /= W.sum(1)         Eqs. 4-5, sum normalisation
  M = bmm(W[:, None], Q.view(N, K, H*H))          Eq. 6, (N, H, H)

Each op copies Q first, as the JMH side duplicates it. The class indices are read back (.tolist()),
as the Java API returns them.

/usr/bin/python3 benchmarks/pytorch/distcam_heatmap.py --model n128-k64-h16-c10 --threads 2
"""
import torch

import harness


def parse(name):
    n, k, h, c = (int(part[1:]) for part in name.split("-"))
    return n, k, h, c


def dist_cam(q_maps, protos, eps=1e-8):
    n, k, h, w = q_maps.shape
    pooled = q_maps.mean((2, 3))
    d = (pooled[:, None, :] - protos[None, :, :]).abs().sum(2)
    idx = d.argmin(1)
    p = protos[idx]
    weights = 1.0 / ((p - pooled).abs() + eps)
    weights = weights / weights.sum(1, keepdim=True)
    maps = torch.bmm(weights[:, None, :], q_maps.reshape(n, k, h * w)).reshape(n, h, w)
    return idx, d, maps


def check():
    """Hand values of DistCamTest: Q = [[1, 3], [4, 0]], prototypes (3, 4) and (1.5, 2.5)."""
    q = torch.tensor([1.0, 3.0, 4.0, 0.0]).reshape(1, 2, 1, 2)
    protos = torch.tensor([[3.0, 4.0], [1.5, 2.5]])
    idx, d, maps = dist_cam(q, protos)
    assert idx.tolist() == [1], idx
    assert torch.allclose(d, torch.tensor([[3.0, 1.0]])), d
    assert torch.allclose(maps.flatten(), torch.tensor([2.5, 1.5])), maps


def make_step(name, seed):
    n, k, h, c = parse(name)
    g = torch.Generator().manual_seed(seed)
    q_maps = torch.rand(n, k, h, h, generator=g)
    protos = torch.rand(c, k, generator=g)

    def step():
        with torch.no_grad():
            idx, _, maps = dist_cam(q_maps.clone(), protos)
            idx.tolist()
            return maps[0, 0, 0].item()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="n128-k64-h16-c10,n32-k512-h7-c200")
    p.add_argument("--inner", type=int, default=20, help="ops per counted step")
    args = p.parse_args()
    harness.setup(args)
    check()
    for name in args.model.split(","):
        harness.measure("dist_cam_heatmap/" + name, make_step(name, args.seed), args, inner=args.inner, model=name)


if __name__ == "__main__":
    main()
