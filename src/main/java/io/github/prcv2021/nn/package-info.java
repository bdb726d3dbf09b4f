/** Blocks shared by several papers: CIFAR ResNets, MLPs, and later U-Net parts, ConvLSTM, attention. */
package io.github.prcv2021.nn;
