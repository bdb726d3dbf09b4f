package io.github.prcv2021.fdattention;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.CifarResNet;

/**
 * FD-ResNets (Xu et al., PRCV 2021, Sect. 3.2, Fig. 3 and Table 2): ResNets whose residual blocks
 * refine one convolution's output with {@link FdAttention}, and the same networks without it. FD adds
 * no parameters, so each FD network has exactly the parameters of its plain twin (Table 1 note,
 * Table 5).
 *
 * <p>Where FD taps the block. Table 2 writes a block as {@code [F1, F2, FD(F1, F2)]}: "the feature
 * difference between F1 and F2 is computed and F2 is refined". Fig. 3 is not in the text; the reading
 * used here takes F1 and F2 as the input and the output of the block's shape-preserving 3x3
 * convolution:
 *
 * <ul>
 *   <li>basic block ({@link #basicBlock}): {@code F1 = ReLU(BN(conv3x3_a(x)))} (stride s),
 *       {@code F2 = BN(conv3x3_b(F1))}, {@code out = ReLU(σ(smooth(F2 − F1)) ⊙ F2 + shortcut(x))}. F2 is
 *       taken after BN, the tensor the residual add consumes (the paper does not say before or after
 *       BN). conv_b never changes the shape, so FD is in every block, the downsampling ones included;
 *   <li>bottleneck block ({@link #bottleneckBlock}): {@code F1 = ReLU(BN(conv1x1(x)))},
 *       {@code F2 = ReLU(BN(conv3x3(F1)))}, {@code out = ReLU(BN(conv1x1_expand(σ(smooth(F2 − F1)) ⊙ F2))
 *       + shortcut(x))}. With the stride on the 3x3 (torchvision's layout, the default here) F1 and F2
 *       differ in size in the first block of stages 3–5, and FD is skipped there, as the paper's rule
 *       "when the convolutional operator does not change the size of the input feature, we use the FD
 *       module" implies; {@link ImageNetBuilder#optStrideOnFirst1x1(boolean)} moves the stride to the
 *       first 1x1 (the original layout) so that every block has FD. The paper does not say which it
 *       used.
 * </ul>
 *
 * <p>Hosts: {@link #cifar(int, int, boolean)} (ResNet-20/32/44/56/110 of Table 1, through
 * {@link CifarResNet} with the FD basic block) and {@link #imageNetBuilder()} (ResNet-18/34/50/101 and
 * ResNeXt-50 32x4d of Tables 3 and 5, torchvision's layout). FD-VGG and FD-MobileNetV2 (Fig. 4,
 * Table 4) are built from {@link FdAttention#wrap(Block)} around the shape-preserving convolutions and
 * are not provided as ready networks.
 */
public final class FdResNet {

    private FdResNet() {}

    /**
     * The CIFAR basic block with or without FD; without FD it is {@link CifarResNet#basicBlock(int,
     * int, int)}, with FD its second conv-BN is wrapped in {@link FdAttention} (Fig. 3). Same
     * parameters either way.
     */
    public static Block basicBlock(int inChannels, int filters, int stride, boolean featureDifference) {
        return basicBlock(inChannels, filters, stride, featureDifference, 1f);
    }

    /** {@link #basicBlock(int, int, int, boolean)} with β of Eq. 3 (the paper: 1). */
    public static Block basicBlock(int inChannels, int filters, int stride, boolean featureDifference, float beta) {
        Block second = CifarResNet.convBn(filters, 1);
        SequentialBlock main = new SequentialBlock()
                .add(CifarResNet.convBn(filters, stride))
                .add(Activation.reluBlock())
                .add(featureDifference ? FdAttention.builder().setInner(second).optBeta(beta).build() : second);
        return CifarResNet.residual(main, CifarResNet.shortcut(inChannels, filters, stride));
    }

    /**
     * The CIFAR ResNet of He et al. with depth {@code 6n + 2} (20, 32, 44, 56, 110 in the paper's Table 1),
     * with FD in every basic block when {@code featureDifference} is true; everything else is
     * {@link CifarResNet}.
     */
    public static SequentialBlock cifar(int depth, int numClasses, boolean featureDifference) {
        return cifar(depth, numClasses, featureDifference, 1f);
    }

    /** {@link #cifar(int, int, boolean)} with β of Eq. 3 (the paper: 1). */
    public static SequentialBlock cifar(int depth, int numClasses, boolean featureDifference, float beta) {
        return CifarResNet.builder().setDepth(depth).setNumClasses(numClasses)
                .optBlock((in, filters, stride) -> basicBlock(in, filters, stride, featureDifference, beta))
                .build();
    }

    /**
     * The bottleneck block of ResNet-50/101 (groups = 1) and ResNeXt (groups = 32) with the FD step of
     * Table 2 on the 3x3 convolution's output whenever that convolution keeps the size.
     *
     * @param inChannels input channels
     * @param width channels of the 1x1 reduction and the 3x3 convolution (F1 and F2)
     * @param outChannels channels after the expanding 1x1
     * @param stride 1 or 2
     * @param groups groups of the 3x3 convolution (ResNeXt: 32)
     * @param strideOnFirst1x1 put the stride on the first 1x1 instead of the 3x3
     * @param featureDifference whether to use FD
     */
    public static Block bottleneckBlock(int inChannels, int width, int outChannels, int stride, int groups,
            boolean strideOnFirst1x1, boolean featureDifference) {
        Checks.check(stride == 1 || stride == 2, "FdResNet.bottleneckBlock", "stride 1 or 2", stride);
        Checks.check(width % groups == 0, "FdResNet.bottleneckBlock", "a width divisible by groups " + groups, width);
        int s1 = strideOnFirst1x1 ? stride : 1;
        int s3 = strideOnFirst1x1 ? 1 : stride;
        Block f2 = new SequentialBlock().add(conv(3, width, s3, groups)).add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
        SequentialBlock main = new SequentialBlock()
                .add(conv(1, width, s1, 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
                .add(featureDifference && s3 == 1 ? FdAttention.wrap(f2) : f2)
                .add(conv(1, outChannels, 1, 1)).add(BatchNorm.builder().build());
        return CifarResNet.residual(main, projection(inChannels, outChannels, stride));
    }

    /**
     * The basic block of ImageNet ResNet-18/34 (torchvision layout: projection shortcut with BN), FD as
     * in {@link #basicBlock(int, int, int, boolean)}.
     */
    public static Block imageNetBasicBlock(int inChannels, int filters, int stride, boolean featureDifference) {
        Block second = CifarResNet.convBn(filters, 1);
        SequentialBlock main = new SequentialBlock()
                .add(CifarResNet.convBn(filters, stride))
                .add(Activation.reluBlock())
                .add(featureDifference ? FdAttention.wrap(second) : second);
        return CifarResNet.residual(main, projection(inChannels, filters, stride));
    }

    private static Block projection(int in, int out, int stride) {
        if (in == out && stride == 1) {
            return Blocks.identityBlock();
        }
        return new SequentialBlock().add(conv(1, out, stride, 1)).add(BatchNorm.builder().build());
    }

    private static Conv2d conv(int k, int filters, int stride, int groups) {
        return Conv2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(k / 2, k / 2)).setFilters(filters).optGroups(groups).optBias(false).build();
    }

    /** A builder for the ImageNet hosts of Tables 3 and 5; {@code setDepth} and {@code setNumClasses} are required. */
    public static ImageNetBuilder imageNetBuilder() {
        return new ImageNetBuilder();
    }

    /**
     * ImageNet ResNets in torchvision's layout: 7x7/2 stem with 64 channels (Table 2 prints 16, a typo),
     * BN, ReLU, 3x3/2 max pooling, four stages (64, 128, 256, 512 base channels; blocks 2-2-2-2 for
     * depth 18, 3-4-6-3 for 34 and 50, 3-4-23-3 for 101), global average pooling, a dense layer.
     * Depths 18 and 34 use basic blocks, 50 and 101 bottlenecks (expansion 4); groups 32 with width 4
     * per group gives ResNeXt-50 32x4d.
     */
    public static final class ImageNetBuilder {
        private int depth;
        private int numClasses;
        private boolean featureDifference = true;
        private int groups = 1;
        private int widthPerGroup = 64;
        private boolean strideOnFirst1x1;

        private ImageNetBuilder() {}

        /** Sets the depth: 18, 34, 50 or 101. */
        public ImageNetBuilder setDepth(int depth) {
            Checks.check(depth == 18 || depth == 34 || depth == 50 || depth == 101, "FdResNet",
                    "a depth of 18, 34, 50 or 101", depth);
            this.depth = depth;
            return this;
        }

        /** Sets the number of classes. */
        public ImageNetBuilder setNumClasses(int numClasses) {
            this.numClasses = Checks.positive(numClasses, "FdResNet", "numClasses");
            return this;
        }

        /** Whether the blocks use FD (default true). */
        public ImageNetBuilder optFeatureDifference(boolean featureDifference) {
            this.featureDifference = featureDifference;
            return this;
        }

        /** Groups of the bottleneck's 3x3 convolution (default 1; ResNeXt-50 32x4d: 32 with width 4). */
        public ImageNetBuilder optGroups(int groups, int widthPerGroup) {
            this.groups = Checks.positive(groups, "FdResNet", "groups");
            this.widthPerGroup = Checks.positive(widthPerGroup, "FdResNet", "widthPerGroup");
            return this;
        }

        /**
         * Puts the bottleneck's stride on its first 1x1 (original ResNet) instead of the 3x3 (default,
         * torchvision); with it every bottleneck has FD. Not specified by the paper.
         */
        public ImageNetBuilder optStrideOnFirst1x1(boolean strideOnFirst1x1) {
            this.strideOnFirst1x1 = strideOnFirst1x1;
            return this;
        }

        /** Builds the network: (N, 3, H, W) to logits (N, numClasses). */
        public SequentialBlock build() {
            Checks.check(depth > 0, "FdResNet", "setDepth(18, 34, 50 or 101) to be called", "no depth");
            Checks.check(numClasses > 0, "FdResNet", "setNumClasses(K) to be called", "no class count");
            Checks.check(groups == 1 || depth >= 50, "FdResNet", "groups only with bottleneck depths 50 and 101",
                    "groups " + groups + " at depth " + depth);
            int[] blocks = depth == 18 ? new int[] {2, 2, 2, 2}
                    : depth == 101 ? new int[] {3, 4, 23, 3} : new int[] {3, 4, 6, 3};
            boolean bottleneck = depth >= 50;
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(7, 7)).optStride(new Shape(2, 2))
                            .optPadding(new Shape(3, 3)).setFilters(64).optBias(false).build())
                    .add(BatchNorm.builder().build()).add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
            int in = 64;
            for (int s = 0; s < 4; s++) {
                int planes = 64 << s;
                for (int b = 0; b < blocks[s]; b++) {
                    int stride = (s > 0 && b == 0) ? 2 : 1;
                    if (bottleneck) {
                        int width = planes * widthPerGroup / 64 * groups;
                        net.add(bottleneckBlock(in, width, planes * 4, stride, groups, strideOnFirst1x1,
                                featureDifference));
                        in = planes * 4;
                    } else {
                        net.add(imageNetBasicBlock(in, planes, stride, featureDifference));
                        in = planes;
                    }
                }
            }
            net.add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(numClasses).build());
            net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN,
                    XavierInitializer.FactorType.OUT, 2), Parameter.Type.WEIGHT);
            return net;
        }
    }
}
