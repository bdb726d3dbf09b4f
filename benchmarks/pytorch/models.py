"""The benchmark models, written layer for layer as in BenchModels.java (keep the two in step).

cnn7      input (N, 1, 28, 28): conv3x3(32, pad 1, no bias)-BN-ReLU, conv3x3(32)-BN-ReLU, maxpool 2x2,
          conv3x3(64)-BN-ReLU, conv3x3(64)-BN-ReLU, maxpool 2x2, flatten, linear(3136 -> 10);
          96,554 trainable parameters.
cnn7-nobn the same without BatchNorm, convolutions with a bias; 96,362 parameters.
mlp       input (N, 784): linear(512)-ReLU, linear(512)-ReLU, linear(10); 669,706 parameters.
resnet44  input (N, 3, 32, 32): the library's CifarResNet (depth 44, 10 classes), CIFAR ResNet v1 6n+2
          with n = 7: conv3x3(16, no bias)-BN-ReLU; 3 stages x 7 basic blocks of 16/32/64 channels,
          block = conv3x3(stride, no bias)-BN-ReLU-conv3x3(no bias)-BN + shortcut, then ReLU; the
          first block of stages 2 and 3 has stride 2 and a 1x1 conv shortcut with bias and no BN;
          global average pool; linear(64 -> 10); 661,242 trainable parameters.

BatchNorm keeps PyTorch's defaults (eps 1e-5, momentum 0.1), which DJL spells optMomentum(0.9f).
Weights are Xavier-uniform and biases zero, as DJL's XavierInitializer does for the weights.
"""
import torch
from torch import nn

PARAMETERS = {"cnn7": 96_554, "cnn7-nobn": 96_362, "mlp": 669_706, "resnet44": 661_242}


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


class BasicBlock(nn.Module):
    """conv3x3(stride)-BN-ReLU-conv3x3-BN plus shortcut, then ReLU (CifarResNet.basicBlock)."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1), nn.ReLU(),
            nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
            nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1))
        self.shortcut = (nn.Identity() if stride == 1 and c_in == c_out
                         else nn.Conv2d(c_in, c_out, 1, stride=stride, bias=True))

    def forward(self, x):
        return torch.relu(self.main(x) + self.shortcut(x))


def cifar_resnet(depth=44, classes=10):
    n = (depth - 2) // 6
    layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16, eps=1e-5, momentum=0.1), nn.ReLU()]
    c_in = 16
    for s, width in enumerate([16, 32, 64]):
        for b in range(n):
            layers.append(BasicBlock(c_in, width, 2 if s > 0 and b == 0 else 1))
            c_in = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes)]
    return nn.Sequential(*layers)


def build(name):
    net = {"cnn7": lambda: cnn7(True), "cnn7-nobn": lambda: cnn7(False), "mlp": mlp,
           "resnet44": lambda: cifar_resnet(44, 10)}[name]()
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
    if name.startswith("resnet"):
        return (batch, 3, 32, 32)
    return (batch, 1, 28, 28) if name.startswith("cnn7") else (batch, 784)
