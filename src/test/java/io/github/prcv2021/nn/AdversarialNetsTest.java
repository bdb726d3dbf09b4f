package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** The networks of the adversarial-training papers: parameter counts from the architecture, shapes. */
class AdversarialNetsTest {

    private static long trainable(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t != Parameter.Type.RUNNING_MEAN && t != Parameter.Type.RUNNING_VAR) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

    @Test
    void wongMnistCnnHasTheReferenceArchitecture() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = WongMnistCnn.build(10);
            Shape in = new Shape(2, 1, 28, 28);
            net.initialize(m, DataType.FLOAT32, in);
            assertEquals(166_406L, WongMnistCnn.parameterCount(1, 10));
            assertEquals(WongMnistCnn.parameterCount(1, 10), trainable(net));
            NDArray out = net.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, in)), false).head();
            assertEquals(new Shape(2, 10), out.getShape());
            // PyTorch's default bound 1/sqrt(fan_in) for the first convolution: fan_in = 1 * 4 * 4
            float maxW = net.getParameters().valueAt(0).getArray().abs().max().getFloat();
            assertEquals(0.25f, maxW, 0.02f);
        }
    }

    @Test
    void preActResNet18ParameterCountAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block net = PreActResNet.resNet18(10);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            long expected = PreActResNet.trainableParameterCount(new int[] {2, 2, 2, 2}, 3, 10);
            // 11,171,146 in the variant without the final BN (1,024 fewer), 11,172,170 with it (He et al.; Wong et al.)
            assertEquals(11_172_170L, expected);
            assertEquals(expected, trainable(net));
            Block mnist = PreActResNet.resNet18(10);
            Shape in = new Shape(2, 1, 28, 28);
            mnist.initialize(m, DataType.FLOAT32, in);
            NDArray out = mnist.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1, in)), true).head();
            assertEquals(new Shape(2, 10), out.getShape());
        }
        assertThrows(IllegalArgumentException.class, () -> PreActResNet.build(new int[] {2, 2}, 10));
        assertThrows(IllegalArgumentException.class, () -> WongMnistCnn.build(0));
    }
}
