package io.github.prcv2021.mran;

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
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.ChannelAttention;
import io.github.prcv2021.nn.Residual;
import java.util.ArrayList;
import java.util.List;

/**
 * MRANet, the multi-level residual attention network of the paper (Fig. 1), for single-channel speckled
 * images x of shape (N, C_in, H, W); no down-sampling anywhere, so any H and W work:
 *
 * <pre>
 *   f0    = SFB(x) = Conv3×3(C→C)(Conv3×3(C_in→C)(x))                        (Eq. 1)
 *   f_rgi = RG_i(f_rg(i−1)),  i = 1..m,   RG(f) = Conv3×3(B_n(…B_1(f))) + f    (Eqs. 2, 3)
 *   f_RG  = concat(f_rg1, …, f_rgm)        (m·C channels)                     (Eq. 4)
 *   z     = Conv3×3(m·C→C_in)(CA(f_RG))    the predicted speckle component      (Eq. 5)
 *   y     = x − z                          global residual learning
 * </pre>
 *
 * <p>The forward pass returns {@code NDList(y, z)}. The paper's network has C = 64, m = 3 groups and n = 10
 * residual channel-attention blocks (RCBs, {@link #rcb}) per group (about 2.4 M parameters); width and depth
 * are options so that a small MRANet can be trained on a CPU. Convolutions are 3×3, stride 1, padding 1,
 * with bias and no normalisation (the paper mentions none).
 *
 * <p>Not specified by the paper, defaults follow FFA-Net (Qin et al., AAAI 2020, the design the paper adapts):
 * no activation after the SFB convolutions ({@link Builder#optShallowRelu}), channel attention with hidden
 * width C/8 inside the RCBs and width 4 in the fusion attention ({@link Builder#optFusionHidden}), the FFA
 * form of the RCB with an inner residual ({@link Variant#FFA}; RCAN's RCAB is {@link Variant#RCAN}), and a
 * PReLU slope per channel. Weights start as PyTorch's default for convolutions (the paper's framework):
 * uniform in ±1/√fan_in; DJL's default (He normal, six times the variance) makes the un-normalised residual
 * sums of a fresh network blow up (a first L1 loss around 10 instead of 0.3).
 */
public final class Mranet extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The wiring of a residual channel-attention block (Fig. 2; the figure is not in the text). */
    public enum Variant {
        /** FFA-Net's block with PReLU: {@code t = PReLU(Conv(x)) + x; RCB(x) = CA(Conv(t)) + x}. */
        FFA,
        /** RCAN's RCAB with PReLU: {@code RCB(x) = CA(Conv(PReLU(Conv(x)))) + x}. */
        RCAN
    }

    private final int inChannels;
    private final int channels;
    private final int groups;
    private final int blocksPerGroup;
    private final Block shallow;
    private final List<Block> residualGroups = new ArrayList<>();
    private final Block fusion;
    private final Block tail;

    private Mranet(Builder b) {
        super(VERSION);
        inChannels = b.inChannels;
        channels = b.channels;
        groups = b.groups;
        blocksPerGroup = b.blocksPerGroup;
        SequentialBlock sfb = new SequentialBlock().add(conv3(channels));
        if (b.shallowRelu) {
            sfb.add(Activation.reluBlock());
        }
        sfb.add(conv3(channels));
        if (b.shallowRelu) {
            sfb.add(Activation.reluBlock());
        }
        shallow = addChildBlock("sfb", sfb);
        int hidden = Math.max(1, channels / b.blockReduction);
        for (int g = 0; g < groups; g++) {
            residualGroups.add(addChildBlock("rg" + (g + 1),
                    residualGroup(channels, blocksPerGroup, b.variant, hidden, b.sharedPrelu)));
        }
        fusion = addChildBlock("fusion", new ChannelAttention(groups * channels, b.fusionHidden));
        tail = addChildBlock("tail", conv3(inChannels));
        setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1),
                Parameter.Type.WEIGHT);
    }

    /** A builder with the paper's sizes (C = 64, m = 3, n = 10, one input channel). */
    public static Builder builder() {
        return new Builder();
    }

    /** A 3×3, stride 1, padding 1 convolution with bias to {@code filters} channels. */
    static Block conv3(int filters) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
    }

    /**
     * A residual channel-attention block, RCB (Fig. 2), over {@code channels} channels: PReLU, 3×3 convolutions,
     * channel attention (RCAN/FFA form, Fig. 3, via {@link ChannelAttention}) and residual learning (via
     * {@link Residual#around}).
     *
     * @param variant the wiring ({@link Variant#FFA} is the standard reading)
     * @param hidden the channel attention's squeeze width (FFA-Net: C/8)
     * @param sharedPrelu one PReLU slope for all channels instead of one per channel
     */
    public static Block rcb(int channels, Variant variant, int hidden, boolean sharedPrelu) {
        Checks.positive(channels, "Mranet.rcb", "channels");
        Checks.positive(hidden, "Mranet.rcb", "hidden");
        Checks.notNull(variant, "Mranet.rcb", "variant");
        Block first = new SequentialBlock().add(conv3(channels)).add(new ChannelPrelu(channels, sharedPrelu));
        SequentialBlock body = new SequentialBlock();
        if (variant == Variant.FFA) {
            body.add(Residual.around(first));
        } else {
            body.add(first);
        }
        body.add(conv3(channels)).add(new ChannelAttention(channels, hidden));
        return Residual.around(body);
    }

    /** A residual group (Eq. 3): {@code RG(f) = Conv3×3(B_n(…B_1(f))) + f} with n = {@code blocks} RCBs. */
    public static Block residualGroup(int channels, int blocks, Variant variant, int hidden, boolean sharedPrelu) {
        Checks.positive(blocks, "Mranet.residualGroup", "blocks");
        SequentialBlock body = new SequentialBlock();
        for (int i = 0; i < blocks; i++) {
            body.add(rcb(channels, variant, hidden, sharedPrelu));
        }
        body.add(conv3(channels));
        return Residual.around(body);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray f = shallow.forward(store, new NDList(x), training).singletonOrThrow();
        NDList levels = new NDList(groups);
        for (Block rg : residualGroups) {
            f = rg.forward(store, new NDList(f), training).singletonOrThrow();
            levels.add(f);
        }
        NDArray fused = groups == 1 ? levels.head() : NDArrays.concat(levels, 1);
        NDArray attended = fusion.forward(store, new NDList(fused), training).singletonOrThrow();
        NDArray z = tail.forward(store, new NDList(attended), training).singletonOrThrow();
        return new NDList(x.sub(z), z);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Checks.check(x.dimension() == 4 && x.get(1) == inChannels, "Mranet", "an input (N, " + inChannels + ", H, W)", x);
        Shape features = new Shape(x.get(0), channels, x.get(2), x.get(3));
        shallow.initialize(manager, dataType, x);
        for (Block rg : residualGroups) {
            rg.initialize(manager, dataType, features);
        }
        Shape fused = new Shape(x.get(0), (long) groups * channels, x.get(2), x.get(3));
        fusion.initialize(manager, dataType, fused);
        tail.initialize(manager, dataType, fused);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0], inputShapes[0]};
    }

    /** The final 3×3 convolution that maps the attended features to the speckle component z (Eq. 5). */
    public Block tail() {
        return tail;
    }

    /** C, the feature width. */
    public int channels() {
        return channels;
    }

    /** m, the number of residual groups. */
    public int groups() {
        return groups;
    }

    /** n, the RCBs per group. */
    public int blocksPerGroup() {
        return blocksPerGroup;
    }

    /**
     * The number of parameters for a one-channel input, by the formula: SFB {@code (9·1+1)C + (9C+1)C}; per RCB
     * two convolutions {@code 2(9C+1)C}, the slopes ({@code C} or 1) and the attention
     * {@code (C+1)h + (h+1)C}; per group one more convolution; the fusion attention over mC channels and
     * the tail {@code 9mC + 1}.
     */
    public static long parameterCount(int channels, int groups, int blocks, int blockHidden, int fusionHidden,
            boolean sharedPrelu, int inChannels) {
        long c = channels;
        long conv = (9 * c + 1) * c;
        long ca = (c + 1) * blockHidden + ((long) blockHidden + 1) * c;
        long rcb = 2 * conv + (sharedPrelu ? 1 : c) + ca;
        long group = blocks * rcb + conv;
        long mc = groups * c;
        long fusion = (mc + 1) * fusionHidden + ((long) fusionHidden + 1) * mc;
        return (9L * inChannels + 1) * c + conv + groups * group + fusion + (9 * mc + 1) * inChannels;
    }

    /** Builds an {@link Mranet}; {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private int inChannels = 1;
        private int channels = 64;
        private int groups = 3;
        private int blocksPerGroup = 10;
        private Variant variant = Variant.FFA;
        private int blockReduction = 8;
        private int fusionHidden = 4;
        private boolean sharedPrelu;
        private boolean shallowRelu;

        private Builder() {}

        /** Input and output channels (1 for SAR intensity images; default 1). */
        public Builder optInChannels(int v) {
            inChannels = v;
            return this;
        }

        /** C, the feature width (the paper: 64). */
        public Builder optChannels(int v) {
            channels = v;
            return this;
        }

        /** m, the residual groups (the paper: 3). */
        public Builder optGroups(int v) {
            groups = v;
            return this;
        }

        /** n, the RCBs per group (the paper: 10). */
        public Builder optBlocksPerGroup(int v) {
            blocksPerGroup = v;
            return this;
        }

        /** The RCB wiring; not fixed by the text, default {@link Variant#FFA}. */
        public Builder optVariant(Variant v) {
            variant = v;
            return this;
        }

        /** r of the channel attention inside the RCBs, hidden width C / r; not specified, default 8 (FFA-Net). */
        public Builder optBlockReduction(int v) {
            blockReduction = v;
            return this;
        }

        /** Hidden width of the fusion attention over m·C channels; not specified, default 4 (FFA-Net). */
        public Builder optFusionHidden(int v) {
            fusionHidden = v;
            return this;
        }

        /** One PReLU slope shared by all channels; not specified, default false (one per channel). */
        public Builder optSharedPrelu(boolean v) {
            sharedPrelu = v;
            return this;
        }

        /** ReLU after each SFB convolution; not specified, default false (FFA-Net has none). */
        public Builder optShallowRelu(boolean v) {
            shallowRelu = v;
            return this;
        }

        /** Validates and builds. */
        public Mranet build() {
            Checks.positive(inChannels, "Mranet", "inChannels");
            Checks.positive(channels, "Mranet", "channels");
            Checks.positive(groups, "Mranet", "groups");
            Checks.positive(blocksPerGroup, "Mranet", "blocksPerGroup");
            Checks.positive(blockReduction, "Mranet", "blockReduction");
            Checks.positive(fusionHidden, "Mranet", "fusionHidden");
            Checks.notNull(variant, "Mranet", "variant");
            Checks.check(blockReduction <= channels, "Mranet", "a block reduction r <= channels " + channels, blockReduction);
            return new Mranet(this);
        }
    }
}
