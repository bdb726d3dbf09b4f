"""PyTorch peer of TrainStepBench: one eager training step (forward, cross-entropy, backward,
SGD with momentum) of a model from models.py on one fixed synthetic batch.

/usr/bin/python3 benchmarks/pytorch/train_step.py --model cnn7,cnn7-nobn,mlp --threads 2
"""
import torch
import torch.nn.functional as F

import harness
import models

LEARNING_RATE = 0.01  # TrainFixture.LEARNING_RATE
MOMENTUM = 0.9        # TrainFixture.MOMENTUM


def make_step(name, batch, seed):
    g = torch.Generator().manual_seed(seed)
    net = models.build(name).train()
    x = torch.randn(models.input_shape(name, batch), generator=g)
    y = torch.randint(0, 10, (batch,), generator=g)
    opt = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()

    return step


def main():
    p = harness.parser(__doc__)
    p.add_argument("--model", default="cnn7,cnn7-nobn,mlp")
    args = p.parse_args()
    harness.setup(args)
    for name in args.model.split(","):
        harness.measure("train_step/" + name, make_step(name, args.batch, args.seed), args, model=name)


if __name__ == "__main__":
    main()
