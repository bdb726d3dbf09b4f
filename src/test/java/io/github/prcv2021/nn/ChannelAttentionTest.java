package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** Channel attention against the squeeze-and-excitation formula by hand, and the residual joins. */
class ChannelAttentionTest {

    @Test
    void weightsAreTheSqueezeExcitationOfTheChannelMeans() {
        try (NDManager m = NDManager.newBaseManager()) {
            ChannelAttention ca = new ChannelAttention(2, 1);
            ca.initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 2));
            // squeeze W1 = [1, −1], b1 = 0.5; expand W2 = [2, −3]ᵀ, b2 = [0, 1]
            float[][] values = {{1, -1}, {0.5f}, {2, -3}, {0, 1}};
            int i = 0;
            for (Pair<String, Parameter> p : ca.getParameters()) {
                p.getValue().getArray().set(values[i++]);
            }
            // channel means 1 and 4: h = ReLU(1 − 4 + 0.5) = 0; weights σ(0) = 0.5 and σ(1)
            NDArray x = m.create(new float[] {0, 1, 1, 2, 3, 4, 5, 4}, new Shape(1, 2, 2, 2));
            NDArray y = ca.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            float s1 = (float) (1 / (1 + Math.exp(-1)));
            assertArrayEquals(new float[] {0, 0.5f, 0.5f, 1, 3 * s1, 4 * s1, 5 * s1, 4 * s1}, y.toFloatArray(), 1e-6f);
            // channel means 4 and 1 (swapped): h = ReLU(4 − 1 + 0.5) = 3.5; weights σ(7), σ(−9.5)
            NDArray x2 = m.create(new float[] {3, 4, 5, 4, 0, 1, 1, 2}, new Shape(1, 2, 2, 2));
            NDArray w = ca.weights(new ParameterStore(m, false), x2, false);
            assertArrayEquals(new float[] {(float) (1 / (1 + Math.exp(-7))), (float) (1 / (1 + Math.exp(9.5)))},
                    w.toFloatArray(), 1e-6f);
            assertThrows(IllegalArgumentException.class,
                    () -> new ChannelAttention(3, 1).initialize(m, DataType.FLOAT32, new Shape(1, 2, 2, 2)));
        }
    }

    @Test
    void residualJoinsAdd() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block lin = Linear.builder().setUnits(2).optBias(false).build();
            Block res = Residual.around(lin);
            res.initialize(m, DataType.FLOAT32, new Shape(1, 2));
            lin.getParameters().get("weight").getArray().set(new float[] {1, 2, 3, 4});
            NDArray y = res.forward(new ParameterStore(m, false), new NDList(m.create(new float[] {1, 1}, new Shape(1, 2))), false)
                    .singletonOrThrow();
            // W x = [3, 7]; plus x
            assertArrayEquals(new float[] {4, 8}, y.toFloatArray());
            assertEquals(new Shape(1, 2), res.getOutputShapes(new Shape[] {new Shape(1, 2)})[0]);
        }
    }
}
