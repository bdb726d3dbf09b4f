package io.github.prcv2021.bench;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.github.prcv2021.fdattention.FdResNet;
import io.github.prcv2021.nn.CifarResNet;
import java.util.Locale;

/**
 * The models the benchmarks train, each written a second time, layer for layer, in
 * {@code benchmarks/pytorch/models.py}. A change here must be made there too (and in the README's
 * "Models" section); {@link #parameterCount(String)} is the number both sides print so a mismatch
 * shows.
 *
 * <ul>
 *   <li>{@code cnn7}: input (N, 1, 28, 28); conv3x3(32, pad 1, no bias)-BN-ReLU,
 *       conv3x3(32)-BN-ReLU, maxpool 2x2, conv3x3(64)-BN-ReLU, conv3x3(64)-BN-ReLU, maxpool 2x2,
 *       flatten, linear(3136 -> 10). Seven layers with parameters or pooling; 96,554 parameters.
 *   <li>{@code cnn7-nobn}: the same without the BatchNorm layers, the convolutions with a bias;
 *       96,362 parameters (isolates what BatchNorm costs).
 *   <li>{@code mlp}: input (N, 784); linear(512)-ReLU, linear(512)-ReLU, linear(10); 669,706
 *       parameters.
 *   <li>{@code resnet44}: input (N, 3, 32, 32); the library's {@link CifarResNet} of depth 44 with 10
 *       classes (CIFAR ResNet v1, 3 stages x 7 basic blocks of 16/32/64 channels, 1x1 projection
 *       shortcuts with bias and no BN, global average pool, linear(10)); 661,242 trainable
 *       parameters (the library's own count, 664,410, includes BatchNorm's running statistics).
 *   <li>{@code resnet20}, {@code fd-resnet20}: input (N, 3, 32, 32); the same CIFAR ResNet of depth 20
 *       without and with the Feature Difference step of paper 02 in every basic block
 *       ({@code FdResNet.cifar(20, 10, fd)}: {@code F2 = sigmoid(smooth_l1(F2 − F1)) * F2} on the second
 *       conv-BN's output, before the residual add); 272,378 trainable parameters either way.
 * </ul>
 *
 * <p>BatchNorm uses PyTorch's defaults in both (eps 1e-5, running-average momentum 0.1, which is
 * DJL's {@code optMomentum(0.9f)}).
 */
public final class BenchModels {

    /** The names {@link #build(String)} accepts. */
    public static final String[] NAMES = {"cnn7", "cnn7-nobn", "mlp", "resnet44", "resnet20", "fd-resnet20"};

    private BenchModels() {}

    /** Builds the named model (see the class javadoc). */
    public static Block build(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cnn7":
                return cnn7(true);
            case "cnn7-nobn":
                return cnn7(false);
            case "mlp":
                return mlp();
            case "resnet44":
                return CifarResNet.builder().setDepth(44).setNumClasses(10).build();
            case "resnet20":
                return FdResNet.cifar(20, 10, false);
            case "fd-resnet20":
                return FdResNet.cifar(20, 10, true);
            default:
                throw new IllegalArgumentException(
                        "BenchModels expects one of cnn7, cnn7-nobn, mlp, resnet44, resnet20, fd-resnet20, got " + name);
        }
    }

    /** The input shape of the named model for a batch of {@code batch}. */
    public static Shape inputShape(String name, int batch) {
        if (name.contains("resnet")) {
            return new Shape(batch, 3, 32, 32);
        }
        return name.startsWith("cnn7") ? new Shape(batch, 1, 28, 28) : new Shape(batch, 784);
    }

    /** Number of trainable parameters of the named model, as both sides count them. */
    public static long parameterCount(String name) {
        switch (name) {
            case "cnn7":
                return 96_554L;
            case "cnn7-nobn":
                return 96_362L;
            case "mlp":
                return 669_706L;
            case "resnet44":
                return 661_242L;
            case "resnet20":
            case "fd-resnet20":
                return 272_378L;
            default:
                throw new IllegalArgumentException("unknown model " + name);
        }
    }

    static Block cnn7(boolean batchNorm) {
        SequentialBlock net = new SequentialBlock();
        int[] widths = {32, 32, 64, 64};
        for (int i = 0; i < widths.length; i++) {
            net.add(Conv2d.builder()
                    .setKernelShape(new Shape(3, 3))
                    .optPadding(new Shape(1, 1))
                    .setFilters(widths[i])
                    .optBias(!batchNorm)
                    .build());
            if (batchNorm) {
                net.add(BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build());
            }
            net.add(Activation::relu);
            if (i % 2 == 1) {
                net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
        }
        net.add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(10).build());
        return net;
    }

    static Block mlp() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(512).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(512).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(10).build());
    }
}
