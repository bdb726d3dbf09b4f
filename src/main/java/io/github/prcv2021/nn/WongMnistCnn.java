package io.github.prcv2021.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.XavierInitializer;
import io.github.prcv2021.core.Checks;

/**
 * The small MNIST CNN of Wong, Rice and Kolter ("Fast is better than free", 2020), which the FGSMPR
 * paper trains on MNIST: Conv(16, 4×4, stride 2, pad 1) → ReLU → Conv(32, 4×4, stride 2, pad 1) → ReLU →
 * Flatten → Linear(100) → ReLU → Linear(K). On 28×28 inputs the flattened size is 32·7·7 = 1568 and the
 * network has 166,406 parameters for K = 10 ({@link #parameterCount}).
 *
 * <p>Weights are initialised as PyTorch initialises Conv2d and Linear by default,
 * {@code U(−1/√fan_in, 1/√fan_in)} (Xavier-uniform on fan-in with magnitude 1); biases start at zero.
 */
public final class WongMnistCnn {

    private WongMnistCnn() {}

    /** The network for {@code numClasses} outputs, taking (N, C, 28, 28). */
    public static SequentialBlock build(int numClasses) {
        Checks.positive(numClasses, "WongMnistCnn", "numClasses");
        SequentialBlock net = new SequentialBlock()
                .add(conv(16))
                .add(Activation.reluBlock())
                .add(conv(32))
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(100).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(numClasses).build());
        net.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.IN, 1), Parameter.Type.WEIGHT);
        return net;
    }

    /** Parameters for a (C, 28, 28) input and K classes, counted from the architecture. */
    public static long parameterCount(int inChannels, int numClasses) {
        return 16L * inChannels * 16 + 16 + 32L * 16 * 16 + 32 + 1568L * 100 + 100 + 100L * numClasses + numClasses;
    }

    private static Conv2d conv(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(4, 4)).optStride(new Shape(2, 2))
                .optPadding(new Shape(1, 1)).setFilters(filters).build();
    }
}
