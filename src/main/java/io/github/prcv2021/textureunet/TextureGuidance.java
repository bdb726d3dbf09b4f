package io.github.prcv2021.textureunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.HaarWavelet;
import io.github.prcv2021.nn.Resize;

/**
 * The texture features that guide the sampling layers (Sect. 2.1, Fig. 2): a fixed one-level Haar wavelet
 * transform of the input ({@link HaarWavelet}; the paper says "DWT" and keeps the low- and high-frequency
 * components but names neither the wavelet nor the levels) gives 4 sub-bands per input channel, brought back to
 * the input size I, then three learnable same-size convolutions (the paper: static features "often lead to
 * unstable training") map them to {@code f·g} channels, split channel-wise into f groups; group g is
 * average-pooled to {@code I / 2^g} and guides the T-Down block that takes, and the T-Up block that produces,
 * that resolution. Input (N, C, H, W); output an {@link NDList} of f maps (N, g, H/2^g, W/2^g).
 *
 * <p>Not specified by the paper, defaults follow the digest's standard reading: 3×3 convs of widths 16, 16,
 * f·g with ReLU after the first two; g = 8 channels per group; sub-bands bilinearly up-sampled to I
 * ({@link Mode#UPSAMPLED}), or the undecimated transform that needs no resampling ({@link Mode#UNDECIMATED}).
 * The paper's "I, I/2, …, I/2^f" lists f + 1 sizes for f groups; the f sizes I … I/2^{f−1} are used.
 */
public final class TextureGuidance extends AbstractBlock {

    private static final byte VERSION = 1;

    /** How the sub-bands are brought to full resolution. */
    public enum Mode {
        /** Decimated Haar sub-bands at I/2, bilinearly up-sampled to I (the default). */
        UPSAMPLED,
        /** The undecimated (stationary) Haar transform: the same 2×2 filters at stride 1, bottom/right zero-padded. */
        UNDECIMATED
    }

    private final int levels;
    private final int groupChannels;
    private final Mode mode;
    private final SequentialBlock convs;

    private TextureGuidance(Builder b) {
        super(VERSION);
        this.levels = b.levels;
        this.groupChannels = b.groupChannels;
        this.mode = b.mode;
        SequentialBlock s = new SequentialBlock();
        for (int i = 0; i < 2; i++) {
            s.add(conv(b.hidden, b.kernel)).add(Activation.reluBlock());
        }
        s.add(conv(levels * groupChannels, b.kernel));
        this.convs = addChildBlock("convs", s);
    }

    private static Conv2d conv(int filters, int k) {
        return Conv2d.builder().setKernelShape(new Shape(k, k)).optPadding(new Shape(k / 2, k / 2)).setFilters(filters).build();
    }

    /** A builder: 4 levels, 8 channels per group, hidden width 16, 3×3 kernels, up-sampled sub-bands. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The fixed wavelet texture map at the input's resolution.
     *
     * @param x (N, C, H, W), H and W even
     * @param mode up-sampled or undecimated
     * @return (N, 4C, H, W) in the order LL, LH, HL, HH per channel
     */
    public static NDArray waveletTexture(NDArray x, Mode mode) {
        Checks.rank(x, 4, "TextureGuidance", "x (N, C, H, W)");
        Shape s = x.getShape();
        if (mode == Mode.UPSAMPLED) {
            try (NDArray bands = HaarWavelet.forward(x)) {
                return Resize.bilinear(bands, (int) s.get(2), (int) s.get(3));
            }
        }
        try (NDArray padded = x.pad(new Shape(0, 1, 0, 1), 0)) {
            // the decimated transform of every 2×2 neighbourhood: stride-1 Haar via 4 shifted sums
            NDArray a = padded.get(":, :, :-1, :-1");
            NDArray b = padded.get(":, :, :-1, 1:");
            NDArray c = padded.get(":, :, 1:, :-1");
            NDArray d = padded.get(":, :, 1:, 1:");
            NDArray ll = a.add(b).add(c).add(d).mul(0.5);
            NDArray lh = a.add(b).sub(c).sub(d).mul(0.5);
            NDArray hl = a.sub(b).add(c).sub(d).mul(0.5);
            NDArray hh = a.sub(b).sub(c).add(d).mul(0.5);
            long n = s.get(0);
            long ch = s.get(1);
            // interleave per input channel: (N, C, 4, H, W) -> (N, 4C, H, W)
            return ll.expandDims(2).concat(lh.expandDims(2), 2).concat(hl.expandDims(2), 2).concat(hh.expandDims(2), 2)
                    .reshape(n, 4 * ch, s.get(2), s.get(3));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray texture = waveletTexture(x, mode);
        NDArray features = convs.forward(store, new NDList(texture), training, params).singletonOrThrow();
        NDList groups = features.split(levels, 1);
        NDList out = new NDList();
        for (int g = 0; g < levels; g++) {
            int f = 1 << g;
            out.add(g == 0 ? groups.get(0)
                    : Pool.avgPool2d(groups.get(g), new Shape(f, f), new Shape(f, f), new Shape(0, 0), false, true));
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        convs.initialize(manager, dataType, new Shape(s.get(0), 4 * s.get(1), s.get(2), s.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        Shape[] out = new Shape[levels];
        for (int g = 0; g < levels; g++) {
            out[g] = new Shape(s.get(0), groupChannels, s.get(2) >> g, s.get(3) >> g);
        }
        return out;
    }

    /** Builder for {@link TextureGuidance}. */
    public static final class Builder {
        private int levels = 4;
        private int groupChannels = 8;
        private int hidden = 16;
        private int kernel = 3;
        private Mode mode = Mode.UPSAMPLED;

        private Builder() {}

        /** The number of groups f, one per U-Net level (default 4). */
        public Builder setLevels(int levels) {
            this.levels = Checks.positive(levels, "TextureGuidance", "levels");
            return this;
        }

        /** Guidance channels per group g (default 8; not specified by the paper). */
        public Builder optGroupChannels(int groupChannels) {
            this.groupChannels = Checks.positive(groupChannels, "TextureGuidance", "groupChannels");
            return this;
        }

        /** Width of the two hidden convs (default 16; not specified by the paper). */
        public Builder optHiddenChannels(int hidden) {
            this.hidden = Checks.positive(hidden, "TextureGuidance", "hiddenChannels");
            return this;
        }

        /** Odd kernel side of the three convs (default 3). */
        public Builder optKernelSize(int kernel) {
            Checks.check(kernel >= 1 && kernel % 2 == 1, "TextureGuidance", "an odd kernel size", kernel);
            this.kernel = kernel;
            return this;
        }

        /** How the sub-bands reach full resolution (default {@link Mode#UPSAMPLED}). */
        public Builder optMode(Mode mode) {
            this.mode = Checks.notNull(mode, "TextureGuidance", "a mode");
            return this;
        }

        /** Builds the block. */
        public TextureGuidance build() {
            return new TextureGuidance(this);
        }
    }
}
