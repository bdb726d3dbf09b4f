package io.github.prcv2021.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.junit.jupiter.api.Test;

/** The transposed convolution by hand, as the adjoint of DJL's convolution, and as a block. */
class TransposedConv2dTest {

    @Test
    void onePixelStampsTheKernel() {
        try (NDManager m = NDManager.newBaseManager()) {
            // a 2×2 input with stride 2 and a 2×2 kernel: every pixel stamps its scaled kernel in its own block
            NDArray x = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray w = m.create(new float[] {1, 10, 100, 1000}, new Shape(1, 1, 2, 2));
            NDArray y = TransposedConv2d.transposedConv2d(x, w, null, 2, 0, 0);
            assertEquals(new Shape(1, 1, 4, 4), y.getShape());
            assertArrayEquals(new float[] {1, 10, 2, 20, 100, 1000, 200, 2000, 3, 30, 4, 40, 300, 3000, 400, 4000},
                    y.toFloatArray());
            // stride 1 overlaps: 1×1 input [1], bias 5 → kernel + 5
            NDArray one = TransposedConv2d.transposedConv2d(m.ones(new Shape(1, 1, 1, 1)), w, m.create(new float[] {5}), 1, 0, 0);
            assertArrayEquals(new float[] {6, 15, 105, 1005}, one.toFloatArray());
        }
    }

    @Test
    void isTheAdjointOfConvolution() {
        // ⟨conv(z, w), y⟩ = ⟨z, convT(y, w)⟩ for the shapes PyTorch pairs them with (output padding 0 and 1)
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(2);
            int[][] cases = {{9, 2, 1, 0, 3}, {10, 2, 1, 1, 3}, {8, 1, 0, 0, 3}, {12, 3, 2, 2, 5}, {16, 2, 1, 0, 4}};
            for (int[] c : cases) {
                int side = c[0];
                int stride = c[1];
                int pad = c[2];
                int op = c[3];
                int k = c[4];
                NDArray z = m.randomNormal(0, 1, new Shape(2, 3, side, side), DataType.FLOAT64);
                NDArray w = m.randomNormal(0, 1, new Shape(4, 3, k, k), DataType.FLOAT64);
                NDArray conv = Conv2d.conv2d(z, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1)).head();
                NDArray y = m.randomNormal(0, 1, conv.getShape(), DataType.FLOAT64);
                NDArray back = TransposedConv2d.transposedConv2d(y, w, null, stride, pad, op);
                assertEquals(z.getShape(), back.getShape(), "case " + java.util.Arrays.toString(c));
                double lhs = conv.mul(y).sum().getDouble();
                double rhs = z.mul(back).sum().getDouble();
                assertEquals(lhs, rhs, 1e-9 * Math.max(1, Math.abs(lhs)), "case " + java.util.Arrays.toString(c));
            }
        }
    }

    @Test
    void blockShapesAndBadInput() {
        TransposedConv2d block = TransposedConv2d.builder().setFilters(5).setKernelShape(new Shape(4, 4)).optStride(2)
                .optPadding(1).build();
        try (Model model = Model.newInstance("tconv"); NDManager m = NDManager.newBaseManager()) {
            model.setBlock(block);
            block.setInitializer(new NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(2, 3, 7, 7));
            assertEquals(new Shape(2, 5, 14, 14), block.getOutputShapes(new Shape[] {new Shape(2, 3, 7, 7)})[0]);
            NDArray y = block.forward(new ParameterStore(model.getNDManager(), false),
                    new NDList(m.randomNormal(new Shape(2, 3, 7, 7))), false).singletonOrThrow();
            assertEquals(new Shape(2, 5, 14, 14), y.getShape());
            assertThrows(IllegalArgumentException.class,
                    () -> TransposedConv2d.builder().setFilters(2).setKernelShape(new Shape(3, 3)).optPadding(3).build());
            assertThrows(IllegalArgumentException.class, () -> TransposedConv2d.transposedConv2d(m.zeros(new Shape(1, 2, 3, 3)),
                    m.zeros(new Shape(3, 1, 3, 3)), null, 1, 0, 0));
        }
    }
}
