package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * Channel attention in the squeeze-and-excitation form of RCAN (Zhang et al., ECCV 2018) and FFA-Net:
 * {@code w = σ(Conv1×1_{h→C}(ReLU(Conv1×1_{C→h}(GAP(x)))))}, {@code CA(x) = x ⊗ w}, one weight in (0, 1)
 * per sample and channel; both 1×1 convolutions have a bias. The hidden width h is given directly (RCAN:
 * C / 16; FFA-Net's blocks: C / 8).
 */
public final class ChannelAttention extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final Block excitation;
    private final Block expand;

    /** Channel attention over {@code channels} channels whose squeeze has {@code hidden} channels. */
    public ChannelAttention(int channels, int hidden) {
        super(VERSION);
        this.channels = Checks.positive(channels, "ChannelAttention", "channels");
        Checks.positive(hidden, "ChannelAttention", "hidden");
        excitation = addChildBlock("excitation", new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(hidden).build())
                .add(Activation.reluBlock()));
        expand = addChildBlock("expand", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels).build());
    }

    /** The weights w, (N, C, 1, 1), for an input x (N, C, H, W). */
    public NDArray weights(ParameterStore store, NDArray x, boolean training) {
        NDArray pooled = InstanceNorm.spatialMean(x);
        NDArray h = excitation.forward(store, new NDList(pooled), training).singletonOrThrow();
        return Activation.sigmoid(expand.forward(store, new NDList(h), training).singletonOrThrow());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(x.mul(weights(store, x, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Checks.check(x.dimension() == 4 && x.get(1) == channels, "ChannelAttention",
                "an input (N, " + channels + ", H, W)", x);
        Shape pooled = new Shape(x.get(0), x.get(1), 1, 1);
        excitation.initialize(manager, dataType, pooled);
        expand.initialize(manager, dataType, excitation.getOutputShapes(new Shape[] {pooled}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
