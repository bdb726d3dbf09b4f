package io.github.prcv2021.nn;

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
import java.util.Arrays;

/**
 * The pre-activation ResNet of He et al. (2016, "Identity mappings in deep residual networks") in its
 * CIFAR form, PreAct ResNet-18, the network of the fast adversarial-training papers (Wong et al. 2020;
 * FGSMPR paper Table 2):
 * <ul>
 *   <li>a 3×3 convolution with 64 channels (no BN or ReLU after it);
 *   <li>four stages of two pre-activation blocks with 64, 128, 256, 512 channels, stride 2 at the
 *       first block of stages 2-4. A block computes {@code a = ReLU(BN(x))},
 *       {@code conv3×3(ReLU(BN(conv3×3(a))))} and adds the shortcut: {@code x} itself, or a 1×1
 *       convolution of {@code a} where the shape changes;
 *   <li>BN, ReLU, global average pooling (the CIFAR code's 4×4 pool on 32×32 inputs; global pooling
 *       also serves 28×28 inputs), and a linear layer.
 * </ul>
 * Convolutions have no bias. With 10 classes on 3-channel input the network has 11,172,170 trainable
 * parameters (plus BN running statistics, which DJL stores as parameters).
 */
public final class PreActResNet {

    private static final int[] FILTERS = {64, 128, 256, 512};

    private PreActResNet() {}

    /** PreAct ResNet-18 for {@code numClasses} outputs, taking (N, C, H, W). */
    public static SequentialBlock resNet18(int numClasses) {
        return build(new int[] {2, 2, 2, 2}, numClasses);
    }

    /** A pre-activation ResNet with the given number of basic blocks per stage (2, 2, 2, 2 is ResNet-18). */
    public static SequentialBlock build(int[] blocksPerStage, int numClasses) {
        Checks.check(blocksPerStage != null && blocksPerStage.length == 4, "PreActResNet", "4 stage sizes",
                Arrays.toString(blocksPerStage));
        Checks.positive(numClasses, "PreActResNet", "numClasses");
        SequentialBlock net = new SequentialBlock().add(conv(64, 3, 1));
        int in = 64;
        for (int s = 0; s < 4; s++) {
            Checks.positive(blocksPerStage[s], "PreActResNet", "blocks in stage " + (s + 1));
            for (int b = 0; b < blocksPerStage[s]; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                net.add(block(in, FILTERS[s], stride));
                in = FILTERS[s];
            }
        }
        net.add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(numClasses).build());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
        return net;
    }

    /** Trainable parameters (BN running statistics excluded) for C input channels and K classes. */
    public static long trainableParameterCount(int[] blocksPerStage, int inChannels, int numClasses) {
        long count = 9L * inChannels * 64;
        int in = 64;
        for (int s = 0; s < 4; s++) {
            int f = FILTERS[s];
            for (int b = 0; b < blocksPerStage[s]; b++) {
                count += 2L * in + 9L * in * f + 2L * f + 9L * f * f;
                if (in != f || (s > 0 && b == 0)) {
                    count += (long) in * f;
                }
                in = f;
            }
        }
        return count + 2L * 512 + 512L * numClasses + numClasses;
    }

    /** One pre-activation basic block. */
    public static Block block(int inChannels, int filters, int stride) {
        SequentialBlock residual = new SequentialBlock()
                .add(conv(filters, 3, stride))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(conv(filters, 3, 1));
        boolean project = stride != 1 || inChannels != filters;
        if (!project) {
            return new SequentialBlock().add(Residual.sum(new SequentialBlock().add(preActivation()).add(residual),
                    Blocks.identityBlock()));
        }
        // the projection shortcut reads the pre-activated input, as in the reference code
        return new SequentialBlock().add(preActivation()).add(Residual.sum(residual, conv(filters, 1, stride)));
    }

    private static SequentialBlock preActivation() {
        return new SequentialBlock().add(BatchNorm.builder().build()).add(Activation.reluBlock());
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters(filters).optBias(false).build();
    }
}
