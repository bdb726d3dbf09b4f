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
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * DeepLabv3+ (Chen, Zhu, Papandreou, Schroff and Adam, ECCV 2018) over an exchangeable backbone, the
 * segmenter of the dense-prediction papers. The backbone returns a low-level feature (ResNet's layer 1,
 * stride 4) and a deep one (output stride 8 or 16). ASPP runs on the deep feature: a 1×1 branch, one 3×3
 * branch per atrous rate, and image-level pooling, each with BN and ReLU, concatenated and projected by a
 * 1×1 conv with BN, ReLU and dropout. The decoder reduces the low-level feature by a 1×1 conv, concatenates
 * the bilinearly up-sampled ASPP output, applies two 3×3 convs and a 1×1 classifier, and up-samples the
 * logits to the input size.
 *
 * <p>{@link #encode} and {@link #decode} are public because paper 08's corrector gates the two decoder
 * inputs between them. The default configuration is the paper's (rates 6, 12, 18; 256 ASPP and decoder
 * channels; 48 low-level channels) on {@link #liteBackbone}, since ImageNet-pretrained ResNets are not
 * available offline. The image-pooling branch's BN needs batches of at least 2 in training.
 */
public final class DeepLabV3Plus extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The two decoder inputs: the low-level feature and the ASPP output. */
    public record Features(NDArray low, NDArray high) {}

    private final int numClasses;
    private final Block backbone;
    private final List<Block> asppBranches = new ArrayList<>();
    private final Block imagePool;
    private final Block asppProjection;
    private final Block lowReduce;
    private final Block decoder;

    private DeepLabV3Plus(Builder b) {
        super(VERSION);
        this.numClasses = b.numClasses;
        this.backbone = addChildBlock("backbone", b.backbone);
        asppBranches.add(addChildBlock("aspp1x1", convBnRelu(b.asppChannels, 1, 1)));
        for (int rate : b.rates) {
            asppBranches.add(addChildBlock("aspp" + rate, convBnRelu(b.asppChannels, 3, rate)));
        }
        imagePool = addChildBlock("asppPool", convBnRelu(b.asppChannels, 1, 1));
        asppProjection = addChildBlock("asppProjection", convBnRelu(b.asppChannels, 1, 1)
                .add(Dropout.builder().optRate(b.dropout).build()));
        lowReduce = addChildBlock("lowReduce", convBnRelu(b.lowLevelChannels, 1, 1));
        decoder = addChildBlock("decoder", convBnRelu(b.decoderChannels, 3, 1)
                .addAll(convBnRelu(b.decoderChannels, 3, 1))
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(numClasses).build()));
    }

    /** A builder with the paper's head sizes on the lite backbone; the number of classes is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A small backbone for offline experiments: stage k is two [3×3 conv, BN, ReLU] at {@code widths[k]},
     * the first with stride 2, except that once the output stride is reached further stages use dilation
     * 2 instead (DeepLab's atrous trick). The low-level feature is stage {@code lowStage}'s output.
     *
     * @param widths channels per stage, e.g. 16, 32, 64, 128
     * @param outputStride 2^k for some k ≤ the number of stages
     * @param lowStage the stage whose output feeds the decoder's skip (1 = stride 4)
     */
    public static Block liteBackbone(int[] widths, int outputStride, int lowStage) {
        return new LiteBackbone(widths, outputStride, lowStage);
    }

    /** The number of classes K. */
    public int numClasses() {
        return numClasses;
    }

    /** The backbone and ASPP: the two decoder inputs. */
    public Features encode(ParameterStore store, NDArray x, boolean training) {
        NDList f = backbone.forward(store, new NDList(x), training);
        Checks.check(f.size() == 2, "DeepLabV3Plus", "a backbone returning (low, deep)", f.size() + " outputs");
        NDArray deep = f.get(1);
        NDList branches = new NDList();
        for (Block b : asppBranches) {
            branches.add(b.forward(store, new NDList(deep), training).singletonOrThrow());
        }
        NDArray pooled = imagePool.forward(store, new NDList(InstanceNorm.spatialMean(deep)), training).singletonOrThrow();
        Shape ds = deep.getShape();
        branches.add(pooled.broadcast(new Shape(ds.get(0), pooled.getShape().get(1), ds.get(2), ds.get(3))));
        NDArray high = asppProjection.forward(store, new NDList(NDArrays.concat(branches, 1)), training).singletonOrThrow();
        return new Features(f.get(0), high);
    }

    /** The decoder: logits (N, K, outH, outW) from the low-level feature and the ASPP output. */
    public NDArray decode(ParameterStore store, Features features, int outH, int outW, boolean training) {
        NDArray low = lowReduce.forward(store, new NDList(features.low()), training).singletonOrThrow();
        Shape ls = low.getShape();
        NDArray high = Resize.bilinear(features.high(), (int) ls.get(2), (int) ls.get(3));
        NDArray y = decoder.forward(store, new NDList(NDArrays.concat(new NDList(low, high), 1)), training).singletonOrThrow();
        return Resize.bilinear(y, outH, outW);
    }

    /** The low-level reduction alone (the corrector of paper 08 gates its output). */
    public NDArray reduceLow(ParameterStore store, NDArray low, boolean training) {
        return lowReduce.forward(store, new NDList(low), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Checks.check(x.getShape().dimension() == 4, "DeepLabV3Plus", "an input (N, C, H, W)", x.getShape());
        Features f = encode(store, x, training);
        return new NDList(decode(store, f, (int) x.getShape().get(2), (int) x.getShape().get(3), training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        backbone.initialize(manager, dataType, x);
        Shape[] f = backbone.getOutputShapes(new Shape[] {x});
        Shape deep = f[1];
        long branchChannels = 0;
        for (Block b : asppBranches) {
            b.initialize(manager, dataType, deep);
            branchChannels += b.getOutputShapes(new Shape[] {deep})[0].get(1);
        }
        Shape pooled = new Shape(deep.get(0), deep.get(1), 1, 1);
        imagePool.initialize(manager, dataType, pooled);
        branchChannels += imagePool.getOutputShapes(new Shape[] {pooled})[0].get(1);
        Shape cat = new Shape(deep.get(0), branchChannels, deep.get(2), deep.get(3));
        asppProjection.initialize(manager, dataType, cat);
        Shape high = asppProjection.getOutputShapes(new Shape[] {cat})[0];
        lowReduce.initialize(manager, dataType, f[0]);
        Shape low = lowReduce.getOutputShapes(new Shape[] {f[0]})[0];
        decoder.initialize(manager, dataType, new Shape(low.get(0), low.get(1) + high.get(1), low.get(2), low.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), numClasses, x.get(2), x.get(3))};
    }

    static SequentialBlock convBnRelu(int channels, int kernel, int dilation) {
        int pad = dilation * (kernel - 1) / 2;
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(pad, pad))
                        .optDilation(new Shape(dilation, dilation)).setFilters(channels).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    /** The stages of {@link #liteBackbone}. */
    private static final class LiteBackbone extends AbstractBlock {
        private final List<Block> stages = new ArrayList<>();
        private final int lowStage;
        private final int[] strides;

        LiteBackbone(int[] widths, int outputStride, int lowStage) {
            super(VERSION);
            Checks.check(widths != null && widths.length >= 2, "DeepLabV3Plus.liteBackbone", "at least 2 stage widths",
                    widths == null ? 0 : widths.length);
            Checks.check(Integer.bitCount(outputStride) == 1 && outputStride >= 2 && outputStride <= 1 << widths.length,
                    "DeepLabV3Plus.liteBackbone", "an output stride 2^k with k ≤ " + widths.length, outputStride);
            Checks.check(lowStage >= 0 && lowStage < widths.length - 1, "DeepLabV3Plus.liteBackbone",
                    "a low-level stage in [0, " + (widths.length - 1) + ")", lowStage);
            this.lowStage = lowStage;
            this.strides = new int[widths.length];
            int stride = 1;
            int dilation = 1;
            for (int k = 0; k < widths.length; k++) {
                boolean down = stride < outputStride;
                strides[k] = down ? 2 : 1;
                if (down) {
                    stride *= 2;
                } else {
                    dilation *= 2;
                }
                int d = down ? 1 : dilation;
                SequentialBlock stage = new SequentialBlock()
                        .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(strides[k], strides[k]))
                                .optPadding(new Shape(d, d)).optDilation(new Shape(d, d)).setFilters(widths[k]).optBias(false)
                                .build())
                        .add(BatchNorm.builder().build())
                        .add(Activation.reluBlock())
                        .addAll(convBnRelu(widths[k], 3, d));
                stages.add(addChildBlock("stage" + k, stage));
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.head();
            NDArray low = null;
            for (int k = 0; k < stages.size(); k++) {
                x = stages.get(k).forward(store, new NDList(x), training).singletonOrThrow();
                if (k == lowStage) {
                    low = x;
                }
            }
            return new NDList(low, x);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape x = inputShapes[0];
            for (Block s : stages) {
                s.initialize(manager, dataType, x);
                x = s.getOutputShapes(new Shape[] {x})[0];
            }
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape x = inputShapes[0];
            Shape low = null;
            for (int k = 0; k < stages.size(); k++) {
                x = stages.get(k).getOutputShapes(new Shape[] {x})[0];
                if (k == lowStage) {
                    low = x;
                }
            }
            return new Shape[] {low, x};
        }
    }

    /** Builder for {@link DeepLabV3Plus}. */
    public static final class Builder {
        private int numClasses;
        private Block backbone;
        private int[] rates = {6, 12, 18};
        private int asppChannels = 256;
        private int lowLevelChannels = 48;
        private int decoderChannels = 256;
        private float dropout = 0.5f;

        private Builder() {}

        /** K (required). */
        public Builder setNumClasses(int numClasses) {
            this.numClasses = Checks.positive(numClasses, "DeepLabV3Plus", "numClasses");
            return this;
        }

        /** A block returning (low-level feature, deep feature) (default lite 16-32-64-128, output stride 8, low stage 1). */
        public Builder optBackbone(Block backbone) {
            this.backbone = Checks.notNull(backbone, "DeepLabV3Plus", "a backbone");
            return this;
        }

        /** ASPP's atrous rates (default 6, 12, 18 for output stride 16). */
        public Builder optAsppRates(int... rates) {
            Checks.check(rates != null && rates.length >= 1, "DeepLabV3Plus", "at least one atrous rate", 0);
            for (int r : rates) {
                Checks.positive(r, "DeepLabV3Plus", "atrous rate");
            }
            this.rates = rates.clone();
            return this;
        }

        /** ASPP's branch and projection width (default 256). */
        public Builder optAsppChannels(int channels) {
            this.asppChannels = Checks.positive(channels, "DeepLabV3Plus", "asppChannels");
            return this;
        }

        /** The low-level reduction's width (default 48). */
        public Builder optLowLevelChannels(int channels) {
            this.lowLevelChannels = Checks.positive(channels, "DeepLabV3Plus", "lowLevelChannels");
            return this;
        }

        /** The decoder convs' width (default 256). */
        public Builder optDecoderChannels(int channels) {
            this.decoderChannels = Checks.positive(channels, "DeepLabV3Plus", "decoderChannels");
            return this;
        }

        /** Dropout after the ASPP projection (default 0.5). */
        public Builder optDropout(float rate) {
            this.dropout = (float) Checks.inRange(rate, 0, 1, "DeepLabV3Plus", "dropout");
            return this;
        }

        /** Builds the network. */
        public DeepLabV3Plus build() {
            Checks.check(numClasses > 0, "DeepLabV3Plus", "setNumClasses(...)", "no class count");
            if (backbone == null) {
                backbone = liteBackbone(new int[] {16, 32, 64, 128}, 8, 1);
            }
            return new DeepLabV3Plus(this);
        }
    }
}
