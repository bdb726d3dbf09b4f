package io.github.prcv2021.mran;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * PReLU on NCHW maps, {@code f(x) = max(x, 0) + a · min(x, 0)}, with one learnable slope per channel
 * (PyTorch's {@code nn.PReLU(C)}) or a single shared slope ({@code nn.PReLU()}); slopes start at 0.25 as in
 * PyTorch (the parameter has type OTHER so that a block-wide weight initialiser leaves it alone). The paper uses PReLU in its residual channel-attention blocks without saying which form;
 * DJL's own {@code Prelu} has only the shared slope.
 */
public final class ChannelPrelu extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final boolean shared;
    private final Parameter alpha;

    /**
     * @param channels C, the number of channels of the input
     * @param shared one slope for all channels instead of one per channel
     */
    public ChannelPrelu(int channels, boolean shared) {
        super(VERSION);
        this.channels = Checks.positive(channels, "ChannelPrelu", "channels");
        this.shared = shared;
        alpha = addParameter(Parameter.builder().setName("alpha").setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer(0.25f))
                .optShape(new Shape(1, shared ? 1 : channels, 1, 1)).build());
    }

    /** The functional form: {@code max(x, 0) + a · min(x, 0)} with {@code a} broadcast over x. */
    public static NDArray prelu(NDArray x, NDArray a) {
        return x.maximum(0f).add(x.minimum(0f).mul(a));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = store.getValue(alpha, x.getDevice(), training);
        return new NDList(prelu(x, a));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Checks.check(x.dimension() == 4 && x.get(1) == channels, "ChannelPrelu", "an input (N, " + channels + ", H, W)", x);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        prepare(inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Whether one slope is shared by all channels. */
    public boolean isShared() {
        return shared;
    }
}
