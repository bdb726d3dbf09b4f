/**
 * Paper 02: F. Xu, L. Duan, Y. Qiao, J. Chen, "Convolution Tells Where to Look", PRCV 2021, LNCS 13022,
 * pp. 16–28.
 *
 * <p>Feature Difference (FD) attention refines a convolution's output {@code F} by how much the
 * convolution changed its input {@code X}: {@code F̃ = σ(smooth(F − X)) ⊙ F} (Eqs. 2–5), with no
 * parameters. {@link io.github.prcv2021.fdattention.FdAttention} is the module (block and functions),
 * {@link io.github.prcv2021.fdattention.FdResNet} the FD basic and bottleneck blocks and the ResNet hosts
 * (CIFAR ResNet-20/32/44/56/110, ImageNet ResNet-18/34/50/101, ResNeXt-50), and
 * {@link io.github.prcv2021.fdattention.FdAttentionReproduction} the paper's Table 1 depth sweep on MNIST
 * and Fashion-MNIST.
 */
package io.github.prcv2021.fdattention;
