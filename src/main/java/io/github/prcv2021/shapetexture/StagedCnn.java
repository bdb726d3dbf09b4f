package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The small CNN that stands in for the paper's frozen VGG-16-BN (Sect. 3.2): stages of conv3x3 + batch
 * norm + ReLU, with a 2x2 max-pool before every stage but the first, whose forward returns the output of
 * every stage (the "taps" the shape and texture encoders read). No ImageNet VGG-16-BN weights exist
 * offline, so the library pretrains this network on the data set's own classification for a short
 * while ({@link #classifier(StagedCnn, int)}) and then freezes it, as the paper freezes VGG. Any block
 * whose forward returns a list of feature maps can replace it in {@link MultiViewNet}.
 */
public final class StagedCnn extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int[] widths;
    private final List<SequentialBlock> stages = new ArrayList<>();

    private StagedCnn(Builder b) {
        super(VERSION);
        this.widths = b.widths.clone();
        for (int i = 0; i < widths.length; i++) {
            SequentialBlock stage = new SequentialBlock();
            if (i > 0) {
                stage.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            }
            stage.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(widths[i]).optBias(false).build());
            stage.add(BatchNorm.builder().build());
            stage.add(Activation.reluBlock());
            stages.add(addChildBlock("stage" + (i + 1), stage));
        }
    }

    /** A builder; {@code setWidths} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The channels of every stage. */
    public int[] widths() {
        return widths.clone();
    }

    /**
     * The pretraining network: this backbone, its last stage flattened (as VGG's FC head reads the whole
     * map) and a linear layer to {@code numClasses} logits. The backbone is shared, not copied.
     */
    public static SequentialBlock classifier(StagedCnn backbone, int numClasses) {
        Checks.notNull(backbone, "StagedCnn.classifier", "a backbone");
        Checks.positive(numClasses, "StagedCnn.classifier", "numClasses");
        return new SequentialBlock().add(backbone)
                .add(new LambdaBlock(list -> new NDList(list.get(list.size() - 1)), "lastStage"))
                .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(numClasses).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Checks.rank(x, 4, "StagedCnn", "images (N, C, H, W)");
        NDList taps = new NDList(stages.size());
        NDList current = new NDList(x);
        for (SequentialBlock stage : stages) {
            current = stage.forward(store, current, training, params);
            taps.add(current.singletonOrThrow());
        }
        return taps;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shape = inputShapes;
        for (SequentialBlock stage : stages) {
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(shape);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape[] out = new Shape[widths.length];
        long h = in.get(2);
        long w = in.get(3);
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                h /= 2;
                w /= 2;
            }
            out[i] = new Shape(in.get(0), widths[i], h, w);
        }
        return out;
    }

    @Override
    public String toString() {
        return "StagedCnn" + Arrays.toString(widths);
    }

    /** Builder for {@link StagedCnn}. */
    public static final class Builder {
        private int[] widths;

        private Builder() {}

        /** The channels of each stage, e.g. {@code 16, 32, 64} (the paper's VGG-16 has 64-128-256-512-512). */
        public Builder setWidths(int... widths) {
            Checks.check(widths != null && widths.length >= 1, "StagedCnn", "at least one stage width",
                    widths == null ? "null" : Arrays.toString(widths));
            for (int w : widths) {
                Checks.positive(w, "StagedCnn", "every stage width");
            }
            this.widths = widths.clone();
            return this;
        }

        /** Builds the block. */
        public StagedCnn build() {
            Checks.check(widths != null, "StagedCnn", "setWidths(...)", "no widths");
            return new StagedCnn(this);
        }
    }
}
