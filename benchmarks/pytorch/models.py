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
resnet20, fd-resnet20  the same with depth 20 (n = 3), without and with the Feature Difference step of
          paper 02 in every block (FdResNet.cifar(20, 10, fd)): F2 = sigmoid(smooth_l1(F2 - F1)) * F2 on
          the second conv-BN's output F2, F1 the block's first conv-BN-ReLU output, before the residual
          add; 272,378 trainable parameters either way.

BatchNorm keeps PyTorch's defaults (eps 1e-5, momentum 0.1), which DJL spells optMomentum(0.9f).
Weights are Xavier-uniform and biases zero, as DJL's XavierInitializer does for the weights.
"""
import torch
import torch.nn.functional as F
from torch import nn

PARAMETERS = {"cnn7": 96_554, "cnn7-nobn": 96_362, "mlp": 669_706, "resnet44": 661_242,
              "resnet20": 272_378, "fd-resnet20": 272_378}


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


def feature_difference(f1, f2, beta=1.0):
    """FD of paper 02 (Eqs. 2-5): sigmoid(smooth_l1(F2 - F1)) * F2 (FdAttention.refine)."""
    return torch.sigmoid(F.smooth_l1_loss(f2, f1, reduction="none", beta=beta)) * f2


class BasicBlock(nn.Module):
    """conv3x3(stride)-BN-ReLU-conv3x3-BN plus shortcut, then ReLU (CifarResNet.basicBlock); with
    fd=True the second conv-BN's output is refined by feature_difference (FdResNet.basicBlock)."""

    def __init__(self, c_in, c_out, stride, fd=False):
        super().__init__()
        self.fd = fd
        self.first = nn.Sequential(
            nn.Conv2d(c_in, c_out, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1), nn.ReLU())
        self.second = nn.Sequential(
            nn.Conv2d(c_out, c_out, 3, padding=1, bias=False),
            nn.BatchNorm2d(c_out, eps=1e-5, momentum=0.1))
        self.shortcut = (nn.Identity() if stride == 1 and c_in == c_out
                         else nn.Conv2d(c_in, c_out, 1, stride=stride, bias=True))

    def forward(self, x):
        f1 = self.first(x)
        f2 = self.second(f1)
        if self.fd:
            f2 = feature_difference(f1, f2)
        return torch.relu(f2 + self.shortcut(x))


def cifar_resnet(depth=44, classes=10, fd=False):
    n = (depth - 2) // 6
    layers = [nn.Conv2d(3, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16, eps=1e-5, momentum=0.1), nn.ReLU()]
    c_in = 16
    for s, width in enumerate([16, 32, 64]):
        for b in range(n):
            layers.append(BasicBlock(c_in, width, 2 if s > 0 and b == 0 else 1, fd))
            c_in = width
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes)]
    return nn.Sequential(*layers)


def build(name):
    net = {"cnn7": lambda: cnn7(True), "cnn7-nobn": lambda: cnn7(False), "mlp": mlp,
           "resnet44": lambda: cifar_resnet(44, 10),
           "resnet20": lambda: cifar_resnet(20, 10), "fd-resnet20": lambda: cifar_resnet(20, 10, fd=True)}[name]()
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
    if "resnet" in name:
        return (batch, 3, 32, 32)
    return (batch, 1, 28, 28) if name.startswith("cnn7") else (batch, 784)
