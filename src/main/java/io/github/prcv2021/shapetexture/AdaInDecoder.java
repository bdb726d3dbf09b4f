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
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.AdaIn;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder G of Eq. 6, which rebuilds the image from the shape code, the texture code and (where
 * there is one) the background code. As the paper describes it (Sect. 2.4 and 4.2, after MUNIT): the
 * shape code, with the background code broadcast over its positions and concatenated, goes through
 * residual blocks with adaptive instance normalisation, {@code x + AdaIN(conv(ReLU(AdaIN(conv(x)))))},
 * whose scales and shifts an MLP computes from the texture code; then nearest-neighbour x2 upsamplings,
 * each followed by a convolution and ReLU, and a final convolution to the image channels with an output
 * activation matching the pixel range.
 *
 * <p>Sizes are not given by the paper. Defaults: two AdaIN residual blocks, an MLP with two hidden layers
 * of 64 units, 5x5 convolutions after each upsampling (MUNIT) halving the channels (at least 8), a 7x7
 * output convolution and a sigmoid for pixels in [0, 1] ({@code optTanh(true)} for [-1, 1], MUNIT's
 * range). The AdaIN scale is {@code 1 + g} with {@code g} from the MLP, so an untrained MLP starts near
 * plain instance normalisation (MUNIT uses {@code g} itself). MUNIT's layer normalisation in the
 * upsampling stages is left out.
 */
public final class AdaInDecoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numBlocks;
    private final int upsamplings;
    private final int imageChannels;
    private final int mlpHidden;
    private final int kernel;
    private final boolean tanh;
    private final List<Conv2d[]> resConvs = new ArrayList<>();
    private final SequentialBlock mlp = new SequentialBlock();
    private final List<Conv2d> upConvs = new ArrayList<>();
    private final Conv2d out;
    private long codeChannels;

    private AdaInDecoder(Builder b) {
        super(VERSION);
        this.numBlocks = b.numBlocks;
        this.upsamplings = b.upsamplings;
        this.imageChannels = b.imageChannels;
        this.mlpHidden = b.mlpHidden;
        this.kernel = b.kernel;
        this.tanh = b.tanh;
        addChildBlock("mlp", mlp);
        for (int i = 0; i < numBlocks; i++) {
            resConvs.add(new Conv2d[2]);
        }
        for (int u = 0; u < upsamplings; u++) {
            upConvs.add(null);
        }
        this.out = Conv2d.builder().setKernelShape(new Shape(7, 7)).optPadding(new Shape(3, 3)).setFilters(imageChannels).build();
    }

    /** A builder; {@code setUpsamplings} and {@code setImageChannels} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Decodes.
     *
     * @param inputs {@code shapeCode (N, C, h, w), textureCode (N, d_T)} and optionally
     *     {@code backgroundCode (N, d_B)}
     * @return the image {@code (N, imageChannels, h 2^u, w 2^u)}
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        String who = "AdaInDecoder";
        Checks.check(inputs.size() == 2 || inputs.size() == 3, who, "a shape code, a texture code and optionally a background code",
                inputs.size() + " arrays");
        NDArray x = inputs.get(0);
        Checks.rank(x, 4, who, "a shape code (N, C, h, w)");
        NDArray texture = inputs.get(1);
        Checks.rank(texture, 2, who, "a texture code (N, d)");
        long n = x.getShape().get(0);
        if (inputs.size() == 3) {
            NDArray bg = inputs.get(2);
            Checks.rank(bg, 2, who, "a background code (N, d)");
            NDArray spread = bg.reshape(n, bg.getShape().get(1), 1, 1)
                    .broadcast(new Shape(n, bg.getShape().get(1), x.getShape().get(2), x.getShape().get(3)));
            x = x.concat(spread, 1);
        }
        long c = x.getShape().get(1);
        NDArray adain = mlp.forward(store, new NDList(texture), training, params).singletonOrThrow();
        int k = 0;
        for (Conv2d[] convs : resConvs) {
            NDArray h = x;
            for (int j = 0; j < 2; j++) {
                h = convs[j].forward(store, new NDList(h), training, params).singletonOrThrow();
                NDArray gamma = adain.get(":, " + (k * c) + ":" + ((k + 1) * c)).add(1f);
                NDArray beta = adain.get(":, " + ((k + 1) * c) + ":" + ((k + 2) * c));
                h = AdaIn.apply(h, gamma, beta, 1e-5f);
                k += 2;
                if (j == 0) {
                    h = Activation.relu(h);
                }
            }
            x = x.add(h);
        }
        for (Conv2d conv : upConvs) {
            x = upsampleNearest(x, 2);
            x = Activation.relu(conv.forward(store, new NDList(x), training, params).singletonOrThrow());
        }
        x = out.forward(store, new NDList(x), training, params).singletonOrThrow();
        return new NDList(tanh ? x.tanh() : Activation.sigmoid(x));
    }

    /** Nearest-neighbour upsampling of a {@code (N, C, H, W)} map by an integer factor. */
    public static NDArray upsampleNearest(NDArray x, int factor) {
        Checks.rank(x, 4, "AdaInDecoder.upsampleNearest", "a map (N, C, H, W)");
        Checks.positive(factor, "AdaInDecoder.upsampleNearest", "factor");
        return x.repeat(2, factor).repeat(3, factor);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape code = inputShapes[0];
        long n = code.get(0);
        codeChannels = code.get(1) + (inputShapes.length == 3 ? inputShapes[2].get(1) : 0);
        if (resConvs.stream().anyMatch(a -> a[0] == null)) {
            for (int i = 0; i < numBlocks; i++) {
                Conv2d[] convs = resConvs.get(i);
                for (int j = 0; j < 2; j++) {
                    convs[j] = addChildBlock("res" + (i + 1) + "conv" + (j + 1), Conv2d.builder().setKernelShape(new Shape(3, 3))
                            .optPadding(new Shape(1, 1)).setFilters((int) codeChannels).build());
                }
            }
            long ch = codeChannels;
            for (int u = 0; u < upsamplings; u++) {
                ch = Math.max(8, ch / 2);
                upConvs.set(u, addChildBlock("up" + (u + 1), Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                        .optPadding(new Shape(kernel / 2, kernel / 2)).setFilters((int) ch).build()));
            }
            addChildBlock("out", out);
            mlp.add(Linear.builder().setUnits(mlpHidden).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(mlpHidden).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(4L * numBlocks * codeChannels).build());
            // these blocks are created after the trainer set its initializers
            setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        }
        mlp.initialize(manager, dataType, inputShapes[1]);
        Shape s = new Shape(n, codeChannels, code.get(2), code.get(3));
        for (Conv2d[] convs : resConvs) {
            convs[0].initialize(manager, dataType, s);
            convs[1].initialize(manager, dataType, s);
        }
        long h = code.get(2);
        long w = code.get(3);
        for (Conv2d conv : upConvs) {
            h *= 2;
            w *= 2;
            conv.initialize(manager, dataType, s = new Shape(n, s.get(1), h, w));
            s = conv.getOutputShapes(new Shape[] {s})[0];
        }
        out.initialize(manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape code = inputShapes[0];
        long f = 1L << upsamplings;
        return new Shape[] {new Shape(code.get(0), imageChannels, code.get(2) * f, code.get(3) * f)};
    }

    /** Builder for {@link AdaInDecoder}. */
    public static final class Builder {
        private int numBlocks = 2;
        private int upsamplings = -1;
        private int imageChannels;
        private int mlpHidden = 64;
        private int kernel = 5;
        private boolean tanh;

        private Builder() {}

        /** The number of x2 upsamplings from the shape code to the image (e.g. 2 for 7x7 to 28x28). */
        public Builder setUpsamplings(int upsamplings) {
            this.upsamplings = (int) Checks.nonNegative(upsamplings, "AdaInDecoder", "upsamplings");
            return this;
        }

        /** The image channels (1 for grey). */
        public Builder setImageChannels(int imageChannels) {
            this.imageChannels = Checks.positive(imageChannels, "AdaInDecoder", "imageChannels");
            return this;
        }

        /** The number of AdaIN residual blocks (default 2; MUNIT 4). */
        public Builder optNumBlocks(int numBlocks) {
            this.numBlocks = Checks.positive(numBlocks, "AdaInDecoder", "numBlocks");
            return this;
        }

        /** The MLP's hidden units (default 64; MUNIT 256). */
        public Builder optMlpHidden(int mlpHidden) {
            this.mlpHidden = Checks.positive(mlpHidden, "AdaInDecoder", "mlpHidden");
            return this;
        }

        /** The kernel of the convolution after each upsampling, odd (default 5, MUNIT). */
        public Builder optKernel(int kernel) {
            Checks.check(kernel > 0 && kernel % 2 == 1, "AdaInDecoder", "an odd kernel size", kernel);
            this.kernel = kernel;
            return this;
        }

        /** Use tanh (pixels in [-1, 1]) instead of the sigmoid (pixels in [0, 1]). */
        public Builder optTanh(boolean tanh) {
            this.tanh = tanh;
            return this;
        }

        /** Builds the block. */
        public AdaInDecoder build() {
            Checks.check(upsamplings >= 0, "AdaInDecoder", "setUpsamplings(u)", "unset");
            Checks.check(imageChannels > 0, "AdaInDecoder", "setImageChannels(c)", "unset");
            return new AdaInDecoder(this);
        }
    }
}
