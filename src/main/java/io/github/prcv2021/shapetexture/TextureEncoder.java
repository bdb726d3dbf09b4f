package io.github.prcv2021.shapetexture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.InstanceNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * The texture encoder of Eq. 3, {@code F^T = FC(GAP(sum_l RL(T^l)))}: filter responses {@code T^l} of
 * several layers of the frozen CNN are brought to a common shape by the reshape layer RL, summed,
 * globally average-pooled and mapped by a fully connected layer to the texture code. No instance
 * normalisation is used, since the per-channel means carry the style (Sect. 2.3).
 *
 * <p>RL is not specified beyond "resized"; here it is an area resize (average pooling by an integer
 * factor) of every map to the smallest map's size followed by a 1x1 convolution to {@code channels}
 * channels, as layers differ in channels. The sum is passed through a ReLU before the pooling
 * ({@code optRelu}, default true). Without it, resize, 1x1 convolution and pooling all commute, and the
 * code is a linear function of each layer's per-channel means; with it, the pooled code holds non-linear
 * statistics of the joint responses of the layers, closer to the correlations of filter responses that
 * Sect. 2.3 motivates (Gatys et al.).
 */
public final class TextureEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int codeDim;
    private final List<Conv2d> reshape = new ArrayList<>();
    private final Linear fc;
    private final boolean relu;

    private TextureEncoder(Builder b) {
        super(VERSION);
        this.channels = b.channels;
        this.codeDim = b.codeDim;
        this.relu = b.relu;
        for (int l = 0; l < b.numLayers; l++) {
            reshape.add(addChildBlock("rl" + (l + 1), Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels).build()));
        }
        this.fc = addChildBlock("fc", Linear.builder().setUnits(codeDim).build());
    }

    /** A builder; {@code setNumLayers} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The length of the texture code. */
    public int codeDim() {
        return codeDim;
    }

    /**
     * Encodes the layers' maps.
     *
     * @param inputs one map {@code (N, C_l, H_l, W_l)} per texture layer, in the builder's order
     * @return the texture code {@code (N, codeDim)}
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == reshape.size(), "TextureEncoder", reshape.size() + " feature maps", inputs.size());
        long size = Long.MAX_VALUE;
        for (int l = 0; l < reshape.size(); l++) {
            Checks.rank(inputs.get(l), 4, "TextureEncoder", "feature map " + l + " (N, C, H, W)");
            size = Math.min(size, inputs.get(l).getShape().get(2));
        }
        NDArray sum = null;
        for (int l = 0; l < reshape.size(); l++) {
            NDArray t = areaResize(inputs.get(l), size);
            NDArray r = reshape.get(l).forward(store, new NDList(t), training, params).singletonOrThrow();
            sum = sum == null ? r : sum.add(r);
        }
        if (relu) {
            sum = Activation.relu(sum);
        }
        NDArray pooled = InstanceNorm.spatialMean(sum).reshape(sum.getShape().get(0), channels);
        return fc.forward(store, new NDList(pooled), training, params);
    }

    /** Average pooling of a {@code (N, C, H, W)} map to {@code size x size}; H must be a multiple of size. */
    static NDArray areaResize(NDArray map, long size) {
        long h = map.getShape().get(2);
        if (h == size) {
            return map;
        }
        Checks.check(h % size == 0 && map.getShape().get(3) == h, "TextureEncoder", "square maps whose side is a multiple of " + size,
                map.getShape());
        long f = h / size;
        return Pool.avgPool2d(map, new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Checks.check(inputShapes.length == reshape.size(), "TextureEncoder", reshape.size() + " input shapes", inputShapes.length);
        for (int l = 0; l < reshape.size(); l++) {
            Shape in = inputShapes[l];
            reshape.get(l).initialize(manager, dataType, new Shape(in.get(0), in.get(1), 1, 1));
        }
        fc.initialize(manager, dataType, new Shape(inputShapes[0].get(0), channels));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), codeDim)};
    }

    /** Builder for {@link TextureEncoder}. */
    public static final class Builder {
        private int numLayers;
        private int channels = 64;
        private int codeDim = 8;
        private boolean relu = true;

        private Builder() {}

        /** A ReLU on the summed maps before pooling (default true; false: a linear map of the channel means). */
        public Builder optRelu(boolean relu) {
            this.relu = relu;
            return this;
        }

        /** The number of layers {@code l} whose responses are summed (the paper: several VGG layers). */
        public Builder setNumLayers(int numLayers) {
            this.numLayers = Checks.positive(numLayers, "TextureEncoder", "numLayers");
            return this;
        }

        /** The common channel count after RL (not specified by the paper; default 64). */
        public Builder optChannels(int channels) {
            this.channels = Checks.positive(channels, "TextureEncoder", "channels");
            return this;
        }

        /** The length of the texture code (not specified; default 8, MUNIT's style code). */
        public Builder optCodeDim(int codeDim) {
            this.codeDim = Checks.positive(codeDim, "TextureEncoder", "codeDim");
            return this;
        }

        /** Builds the block. */
        public TextureEncoder build() {
            Checks.check(numLayers > 0, "TextureEncoder", "setNumLayers(n) with n > 0", numLayers);
            return new TextureEncoder(this);
        }
    }
}
