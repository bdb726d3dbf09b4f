package io.github.prcv2021.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * The CIFAR ResNet v1 of He et al. (2016, Sect. 4.2) with depth {@code 6n + 2}, in the form of the Keras
 * CIFAR-10 example that the ICCE paper trains ("ResNet44 and ResNet56 given by the Keras office"):
 *
 * <ul>
 *   <li>a 3x3 convolution with 16 channels, BatchNorm, ReLU;
 *   <li>three stages of {@code n} basic blocks with 16, 32 and 64 channels; a block is conv3x3, BN,
 *       ReLU, conv3x3, BN, plus the shortcut, then ReLU; the first block of stages 2 and 3 has
 *       stride 2 and a 1x1 projection shortcut (a convolution with bias, no BN, as in Keras);
 *   <li>global average pooling (the Keras example's 8x8 pool on 32x32 inputs; global pooling keeps the
 *       network valid for 28x28 MNIST inputs) and a dense layer with {@code numClasses} outputs.
 * </ul>
 *
 * Weights use He-normal initialisation (Keras {@code he_normal}). The 3x3 convolutions have no bias:
 * a bias before BatchNorm is cancelled by its mean subtraction, so this changes no function the
 * network can compute (Keras keeps the redundant bias). Depths: 20, 32, 44, 56, 110, ... ({@code n =
 * (depth − 2)/6}).
 *
 * <p>The residual block is pluggable ({@link Builder#optBlock(BlockFactory)}): a paper that changes
 * the inside of the block but keeps the stage layout (for example a parameter-free attention after
 * the second convolution) passes its own factory and reuses the rest. The default factory is
 * {@link #basicBlock(int, int, int)}.
 *
 * <p>DJL's model-zoo {@code ResNetV1} builds ImageNet-style networks; it has no 6n+2 CIFAR variant,
 * hence this class.
 */
public final class CifarResNet {

    private static final int[] FILTERS = {16, 32, 64};

    private CifarResNet() {}

    /** A builder; {@code setDepth} and {@code setNumClasses} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The number of parameters the network has for {@code inChannels} input channels, counted from
     * the architecture alone (BatchNorm's running mean and variance included, as DJL stores them as
     * parameters). Tests compare it with the built block.
     */
    public static long parameterCount(int depth, int inChannels, int numClasses) {
        int n = blocksPerStage(depth);
        long count = 9L * inChannels * 16 + 4 * 16; // stem conv + BN
        int in = 16;
        for (int s = 0; s < 3; s++) {
            int f = FILTERS[s];
            for (int b = 0; b < n; b++) {
                count += 9L * in * f + 4L * f + 9L * f * f + 4L * f;
                if (in != f) {
                    count += (long) in * f + f;
                }
                in = f;
            }
        }
        return count + 64L * numClasses + numClasses;
    }

    static int blocksPerStage(int depth) {
        Checks.check(depth >= 8 && (depth - 2) % 6 == 0, "CifarResNet", "a depth of the form 6n + 2 (20, 32, 44, 56, 110, ...)", depth);
        return (depth - 2) / 6;
    }

    /**
     * Builds the residual block of one position in the network; see {@link Builder#optBlock(BlockFactory)}.
     */
    @FunctionalInterface
    public interface BlockFactory {
        /**
         * The block taking {@code inChannels} channels to {@code filters} channels with this stride
         * (2 in the first block of stages 2 and 3, else 1).
         */
        Block create(int inChannels, int filters, int stride);
    }

    /** A 3x3 convolution without bias (padding 1) followed by BatchNorm: the unit of the basic block. */
    public static SequentialBlock convBn(int filters, int stride) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                        .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build())
                .add(BatchNorm.builder().build());
    }

    /** One basic residual block: conv-BN-ReLU-conv-BN plus shortcut, then ReLU. */
    public static Block basicBlock(int inChannels, int filters, int stride) {
        SequentialBlock main = new SequentialBlock()
                .add(convBn(filters, stride))
                .add(Activation.reluBlock())
                .add(convBn(filters, 1));
        return residual(main, shortcut(inChannels, filters, stride));
    }

    /**
     * The shortcut of a basic block: the identity when the shape is kept, else a strided 1x1
     * convolution with bias (the Keras example's projection).
     */
    public static Block shortcut(int inChannels, int filters, int stride) {
        return (stride == 1 && inChannels == filters)
                ? Blocks.identityBlock()
                : Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                        .setFilters(filters).build();
    }

    /** {@code ReLU(main(x) + shortcut(x))}: the residual join of the basic block. */
    public static SequentialBlock residual(Block main, Block shortcut) {
        return new SequentialBlock()
                .add(Residual.sum(main, shortcut))
                .add(Activation.reluBlock());
    }

    /** Builder for the network. */
    public static final class Builder {
        private int depth;
        private int numClasses;
        private BlockFactory block = CifarResNet::basicBlock;

        private Builder() {}

        /**
         * Sets the residual block used at every position (default {@link CifarResNet#basicBlock(int,
         * int, int)}). {@link CifarResNet#parameterCount} holds for any factory whose blocks have
         * the basic block's parameters.
         */
        public Builder optBlock(BlockFactory block) {
            this.block = Checks.notNull(block, "CifarResNet", "block");
            return this;
        }

        /** Sets the depth, of the form 6n + 2 (the paper uses 44 and 56). */
        public Builder setDepth(int depth) {
            blocksPerStage(depth);
            this.depth = depth;
            return this;
        }

        /** Sets the number of classes K. */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = Checks.positive(numClasses, "CifarResNet", "numClasses");
            return this;
        }

        /**
         * Builds the network as a DJL block taking (N, C, H, W) and returning logits (N, K); the input
         * channel count C is inferred when the block is initialised.
         */
        public SequentialBlock build() {
            Checks.check(depth > 0, "CifarResNet", "setDepth(6n + 2) to be called", "no depth");
            Checks.check(numClasses > 0, "CifarResNet", "setNumClasses(K) to be called", "no class count");
            int n = blocksPerStage(depth);
            SequentialBlock net = new SequentialBlock().add(convBn(16, 1)).add(Activation.reluBlock());
            int in = 16;
            for (int s = 0; s < 3; s++) {
                for (int b = 0; b < n; b++) {
                    int stride = (s > 0 && b == 0) ? 2 : 1;
                    net.add(block.create(in, FILTERS[s], stride));
                    in = FILTERS[s];
                }
            }
            net.add(Pool.globalAvgPool2dBlock())
                    .add(Linear.builder().setUnits(numClasses).build());
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
            return net;
        }
    }
}
