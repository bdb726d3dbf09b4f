package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The U-Net of Ronneberger, Fischer and Brox (MICCAI 2015) with exchangeable sampling layers, the
 * backbone of the image-to-image papers. Encoder level k (k = 0 .. f−1) is two [3×3 conv, BN, ReLU] at
 * width {@code C·2^k} followed by a down-sampling layer; the bottleneck is two such convs at {@code C·2^f};
 * decoder level k up-samples to width {@code C·2^k}, concatenates the encoder's level-k output and applies
 * two convs; a 1×1 conv makes the prediction. Convolutions use padding 1, so the output has the input's
 * size (the original paper's unpadded convs and crops are not used), and H and W must be divisible by
 * {@code 2^f}.
 *
 * <p>Sampling layers come from {@link Sampler} factories: max-pooling and a 2×2 stride-2
 * {@link TransposedConv2d} by default (the original), or stride-2 convolutions, or a paper's own layers
 * (the built-in ones ignore guidance maps).
 * With {@link Builder#optGuidance} a guidance network maps the input to one map per level, and the
 * sampling layers of level k receive {@code NDList(x, G_k)} instead of {@code NDList(x)} (paper 04's
 * texture-guided sampling). With deep supervision the output list also holds a 1×1-conv prediction of
 * every decoder level above the last, at that level's resolution.
 */
public final class UNet extends AbstractBlock {

    private static final byte VERSION = 1;

    /** Makes one sampling layer. */
    @FunctionalInterface
    public interface Sampler {
        /**
         * The layer of {@code level}.
         *
         * @param level k
         * @param inWidth channels coming in
         * @param outWidth channels the layer must produce
         */
        Block create(int level, int inWidth, int outWidth);
    }

    /** 2×2 max-pooling, stride 2 (the original; keeps the width). */
    public static Sampler maxPool() {
        return (level, in, out) -> {
            Checks.check(in == out, "UNet.maxPool", "a down-sampler that keeps the width " + in, out);
            return new FirstInput(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        };
    }

    /** A 3×3 stride-2 convolution with BN and ReLU. */
    public static Sampler stridedConv() {
        return (level, in, out) -> new FirstInput(new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(2, 2)).optPadding(new Shape(1, 1))
                        .setFilters(out).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock()));
    }

    /** A transposed convolution with kernel k, stride 2, padding p and output padding op (2, 0, 0 is the original). */
    public static Sampler transposedConv(int kernel, int padding, int outputPadding) {
        return (level, in, out) -> new FirstInput(TransposedConv2d.builder().setFilters(out)
                .setKernelShape(new Shape(kernel, kernel)).optStride(2).optPadding(padding).optOutputPadding(outputPadding)
                .build());
    }

    /** Two [3×3 conv (no bias), BN, ReLU] at {@code width}: U-Net's basic unit. */
    public static SequentialBlock doubleConv(int width) {
        SequentialBlock b = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            b.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(width).optBias(false)
                    .build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock());
        }
        return b;
    }

    private final int levels;
    private final int baseWidth;
    private final boolean deepSupervision;
    private final Block guidance;
    private final List<Block> encoders = new ArrayList<>();
    private final List<Block> downs = new ArrayList<>();
    private final Block bottleneck;
    private final List<Block> ups = new ArrayList<>();
    private final List<Block> decoders = new ArrayList<>();
    private final List<Block> sideHeads = new ArrayList<>();
    private final Block head;

    private UNet(Builder b) {
        super(VERSION);
        this.levels = b.levels;
        this.baseWidth = b.baseWidth;
        this.deepSupervision = b.deepSupervision;
        this.guidance = b.guidance == null ? null : addChildBlock("guidance", b.guidance);
        for (int k = 0; k < levels; k++) {
            int w = width(k);
            encoders.add(addChildBlock("enc" + k, doubleConv(w)));
            downs.add(addChildBlock("down" + k, b.down.create(k, w, w)));
        }
        bottleneck = addChildBlock("bottleneck", doubleConv(width(levels)));
        // decoder blocks are listed from the deepest level (k = f−1) to the shallowest (k = 0), as they run
        for (int k = levels - 1; k >= 0; k--) {
            ups.add(addChildBlock("up" + k, b.up.create(k, width(k + 1), width(k))));
            decoders.add(addChildBlock("dec" + k, doubleConv(width(k))));
            if (deepSupervision && k > 0) {
                sideHeads.add(addChildBlock("side" + k, conv1x1(b.outChannels)));
            }
        }
        head = addChildBlock("head", conv1x1(b.outChannels));
    }

    /** A builder: base width 16, 4 levels, max-pooling and 2×2 transposed convolutions, no guidance. */
    public static Builder builder() {
        return new Builder();
    }

    /** The width of level k, {@code C·2^k}. */
    public int width(int level) {
        return baseWidth << level;
    }

    /** The number of down-sampling steps f. */
    public int levels() {
        return levels;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape s = x.getShape();
        int factor = 1 << levels;
        Checks.check(s.dimension() == 4 && s.get(2) % factor == 0 && s.get(3) % factor == 0, "UNet",
                "an input (N, C, H, W) with H and W divisible by " + factor, s);
        NDList g = guidance == null ? null : guidance.forward(store, new NDList(x), training, params);
        List<NDArray> skips = new ArrayList<>();
        for (int k = 0; k < levels; k++) {
            x = encoders.get(k).forward(store, new NDList(x), training, params).singletonOrThrow();
            skips.add(x);
            x = downs.get(k).forward(store, sampled(x, g, k), training, params).head();
        }
        x = bottleneck.forward(store, new NDList(x), training, params).singletonOrThrow();
        NDList sides = new NDList();
        int side = 0;
        for (int i = 0; i < levels; i++) {
            int k = levels - 1 - i;
            x = ups.get(i).forward(store, sampled(x, g, k), training, params).head();
            x = NDArrays.concat(new NDList(x, skips.get(k)), 1);
            x = decoders.get(i).forward(store, new NDList(x), training, params).singletonOrThrow();
            if (deepSupervision && k > 0) {
                sides.add(sideHeads.get(side++).forward(store, new NDList(x), training, params).singletonOrThrow());
            }
        }
        NDList out = new NDList(head.forward(store, new NDList(x), training, params).singletonOrThrow());
        out.addAll(sides);
        return out;
    }

    private static NDList sampled(NDArray x, NDList guidance, int level) {
        return guidance == null ? new NDList(x) : new NDList(x, guidance.get(level));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape[] g = null;
        if (guidance != null) {
            guidance.initialize(manager, dataType, x);
            g = guidance.getOutputShapes(new Shape[] {x});
            Checks.check(g.length == levels, "UNet", "a guidance network with " + levels + " outputs", g.length);
        }
        Shape[] skips = new Shape[levels];
        for (int k = 0; k < levels; k++) {
            x = init(encoders.get(k), manager, dataType, x);
            skips[k] = x;
            x = init(downs.get(k), manager, dataType, g == null ? new Shape[] {x} : new Shape[] {x, g[k]});
        }
        x = init(bottleneck, manager, dataType, x);
        int side = 0;
        for (int i = 0; i < levels; i++) {
            int k = levels - 1 - i;
            x = init(ups.get(i), manager, dataType, g == null ? new Shape[] {x} : new Shape[] {x, g[k]});
            Shape cat = new Shape(x.get(0), x.get(1) + skips[k].get(1), x.get(2), x.get(3));
            x = init(decoders.get(i), manager, dataType, cat);
            if (deepSupervision && k > 0) {
                init(sideHeads.get(side++), manager, dataType, x);
            }
        }
        init(head, manager, dataType, x);
    }

    private static Shape init(Block b, NDManager manager, DataType dataType, Shape... in) {
        b.initialize(manager, dataType, in);
        return b.getOutputShapes(in)[0];
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        long out = head.getOutputShapes(new Shape[] {new Shape(x.get(0), baseWidth, x.get(2), x.get(3))})[0].get(1);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(new Shape(x.get(0), out, x.get(2), x.get(3)));
        if (deepSupervision) {
            for (int k = levels - 1; k > 0; k--) {
                shapes.add(new Shape(x.get(0), out, x.get(2) >> k, x.get(3) >> k));
            }
        }
        return shapes.toArray(new Shape[0]);
    }

    private static Block conv1x1(int channels) {
        return Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(channels).build();
    }

    /** Runs a block on the first input only, so that the unguided samplers ignore a guidance map. */
    private static final class FirstInput extends AbstractBlock {
        private final Block inner;

        FirstInput(Block inner) {
            super(VERSION);
            this.inner = addChildBlock("inner", inner);
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            return inner.forward(store, new NDList(inputs.head()), training, params);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            inner.initialize(manager, dataType, inputShapes[0]);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(new Shape[] {inputShapes[0]});
        }
    }

    /** Builder for {@link UNet}. */
    public static final class Builder {
        private int outChannels = 1;
        private int baseWidth = 16;
        private int levels = 4;
        private Sampler down = maxPool();
        private Sampler up = transposedConv(2, 0, 0);
        private Block guidance;
        private boolean deepSupervision;

        private Builder() {}

        /** Output channels of the 1×1 head (default 1). */
        public Builder setOutChannels(int outChannels) {
            this.outChannels = Checks.positive(outChannels, "UNet", "outChannels");
            return this;
        }

        /** The base width C (default 16; the original has 64). */
        public Builder optBaseWidth(int baseWidth) {
            this.baseWidth = Checks.positive(baseWidth, "UNet", "baseWidth");
            return this;
        }

        /** The number of down-sampling steps f (default 4). */
        public Builder optLevels(int levels) {
            this.levels = Checks.positive(levels, "UNet", "levels");
            return this;
        }

        /** The down-sampling layers (default {@link #maxPool()}). */
        public Builder optDown(Sampler down) {
            this.down = Checks.notNull(down, "UNet", "a down-sampler");
            return this;
        }

        /** The up-sampling layers (default a 2×2 stride-2 {@link TransposedConv2d}). */
        public Builder optUp(Sampler up) {
            this.up = Checks.notNull(up, "UNet", "an up-sampler");
            return this;
        }

        /** A network mapping the input to f guidance maps, handed to the sampling layers of each level. */
        public Builder optGuidance(Block guidance) {
            this.guidance = guidance;
            return this;
        }

        /** Also output a prediction of every decoder level but the last (default false). */
        public Builder optDeepSupervision(boolean deepSupervision) {
            this.deepSupervision = deepSupervision;
            return this;
        }

        /** Builds the network. */
        public UNet build() {
            return new UNet(this);
        }
    }
}
