"""The benchmark models, written layer for layer as in BenchModels.java (keep the two in step).

cnn7      input (N, 1, 28, 28): conv3x3(32, pad 1, no bias)-BN-ReLU, conv3x3(32)-BN-ReLU, maxpool 2x2,
          conv3x3(64)-BN-ReLU, conv3x3(64)-BN-ReLU, maxpool 2x2, flatten, linear(3136 -> 10);
          96,554 trainable parameters.
cnn7-nobn the same without BatchNorm, convolutions with a bias; 96,362 parameters.
mlp       input (N, 784): linear(512)-ReLU, linear(512)-ReLU, linear(10); 669,706 parameters.

BatchNorm keeps PyTorch's defaults (eps 1e-5, momentum 0.1), which DJL spells optMomentum(0.9f).
Weights are Xavier-uniform and biases zero, as DJL's XavierInitializer does for the weights.
"""
import torch
from torch import nn

PARAMETERS = {"cnn7": 96_554, "cnn7-nobn": 96_362, "mlp": 669_706}


def cnn7(batch_norm=True):
    layers = []
    c_in = 1
    for i, width in enumerate([32, 32, 64, 64]):
        layers.append(nn.Conv2d(c_in, width, 3, padding=1, bias=not batch_norm))
        if batch_norm:
            layers.append(nn.BatchNorm2d(width, eps=1e-5, momentum=0.1))
        layers.append(nn.ReLU())
        if i % 2 == 1:
            layers.append(nn.MaxPool2d(2, 2))
        c_in = width
    layers += [nn.Flatten(), nn.Linear(64 * 7 * 7, 10)]
    return nn.Sequential(*layers)


def mlp():
    return nn.Sequential(
        nn.Linear(784, 512), nn.ReLU(),
        nn.Linear(512, 512), nn.ReLU(),
        nn.Linear(512, 10))


def build(name):
    net = {"cnn7": lambda: cnn7(True), "cnn7-nobn": lambda: cnn7(False), "mlp": mlp}[name]()
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    count = sum(p.numel() for p in net.parameters() if p.requires_grad)
    if count != PARAMETERS[name]:
        raise SystemExit(f"models.py: {name} has {count} parameters, BenchModels.java says {PARAMETERS[name]}")
    return net


def input_shape(name, batch):
    return (batch, 1, 28, 28) if name.startswith("cnn7") else (batch, 784)
