package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.InstanceNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape encoder of Eq. 2, {@code F^S = RB(S^l)}: residual blocks on a mid-level feature map
 * {@code S^l} of the frozen CNN, each {@code x + IN(conv3x3(ReLU(IN(conv3x3(x)))))} (MUNIT's residual
 * block; the paper: "residual blocks ... followed by Instance Normalization", Sect. 2.2 and 4.2), then an
 * instance normalisation of the result ("four residual blocks followed by Instance Normalization",
 * Sect. 4.2). The final normalisation removes every channel's per-image mean and variance, the statistics
 * the texture view carries, so the shape code keeps where features are, not how strong they are.
 * Channels and spatial size are those of the input. The paper uses four blocks on VGG-16's conv4_2.
 */
public final class ShapeEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numBlocks;
    private final boolean finalNorm;
    private final List<SequentialBlock> blocks = new ArrayList<>();

    private ShapeEncoder(Builder b) {
        super(VERSION);
        this.numBlocks = b.numBlocks;
        this.finalNorm = b.finalNorm;
        for (int i = 0; i < numBlocks; i++) {
            blocks.add(addChildBlock("res" + (i + 1), new SequentialBlock()));
        }
    }

    /** A builder: four residual blocks (Sect. 4.2) and the final instance normalisation. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Checks.rank(x, 4, "ShapeEncoder", "a feature map (N, C, H, W)");
        for (SequentialBlock b : blocks) {
            x = x.add(b.forward(store, new NDList(x), training, params).singletonOrThrow());
        }
        if (finalNorm) {
            x = InstanceNorm.instanceNorm(x, 1e-5f);
        }
        return new NDList(x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long channels = inputShapes[0].get(1);
        for (SequentialBlock b : blocks) {
            if (b.getChildren().isEmpty()) {
                b.add(conv(channels)).add(InstanceNorm.builder().build()).add(Activation.reluBlock())
                        .add(conv(channels)).add(InstanceNorm.builder().build());
                b.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT); // created after the trainer set its initializers
            }
            b.initialize(manager, dataType, inputShapes);
        }
    }

    private static Conv2d conv(long channels) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters((int) channels).build();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Builder for {@link ShapeEncoder}. */
    public static final class Builder {
        private int numBlocks = 4;
        private boolean finalNorm = true;

        private Builder() {}

        /** The number of residual blocks (default 4, Sect. 4.2). */
        public Builder optNumBlocks(int numBlocks) {
            this.numBlocks = (int) Checks.nonNegative(numBlocks, "ShapeEncoder", "numBlocks");
            return this;
        }

        /** Instance-normalise the output of the residual blocks (default true, Sect. 4.2). */
        public Builder optFinalNorm(boolean finalNorm) {
            this.finalNorm = finalNorm;
            return this;
        }

        /** Builds the block. */
        public ShapeEncoder build() {
            return new ShapeEncoder(this);
        }
    }
}
