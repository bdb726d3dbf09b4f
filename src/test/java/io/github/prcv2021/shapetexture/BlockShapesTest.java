package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Every block's declared output shapes equal those of a real forward pass (SequentialBlock relies on them). */
class BlockShapesTest {

    private static void check(Block block, Shape... in) {
        try (NDManager m = NDManager.newBaseManager()) {
            block.initialize(m, DataType.FLOAT32, in);
            NDList x = new NDList();
            for (Shape s : in) {
                x.add(m.randomUniform(0f, 1f, s));
            }
            NDList out = block.forward(new ParameterStore(m, false), x, false);
            assertArrayEquals(block.getOutputShapes(in), out.getShapes(), block.toString());
        }
    }

    @Test
    void declaredShapesMatchTheForwardPass() {
        check(StagedCnn.builder().setWidths(4, 6, 8).build(), new Shape(2, 1, 16, 16));
        check(ShapeEncoder.builder().optNumBlocks(2).build(), new Shape(2, 5, 4, 4));
        check(TextureEncoder.builder().setNumLayers(2).optChannels(6).optCodeDim(3).build(),
                new Shape(2, 4, 8, 8), new Shape(2, 7, 4, 4));
        check(AdaInDecoder.builder().setUpsamplings(2).setImageChannels(1).build(), new Shape(2, 5, 4, 4), new Shape(2, 3));
        check(AdaInDecoder.builder().setUpsamplings(1).setImageChannels(3).optTanh(true).build(),
                new Shape(2, 5, 4, 4), new Shape(2, 3), new Shape(2, 2));
        check(io.github.prcv2021.nn.InstanceNorm.builder().optAffine(true).build(), new Shape(2, 3, 5, 5));
    }
}
