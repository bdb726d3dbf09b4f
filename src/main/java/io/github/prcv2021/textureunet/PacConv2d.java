package io.github.prcv2021.textureunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * A pixel-adaptive convolution (PAC, Eq. 2; Su et al. CVPR 2019): {@code v'_i = Σ_{j∈Ω(i)} K(f_i, f_j)·W[p_i − p_j]·v_j + b}
 * with the Gaussian kernel of {@link PacKernel} computed on a guidance map at the input's resolution. With
 * stride 2 it is the paper's T-Down block (Sect. 2.2). Input {@code NDList(x, guide)}, x (N, C, H, W) and guide
 * (N, G, H, W); weight (C_out, C, k, k) as {@link ai.djl.nn.convolutional.Conv2d}'s, so that a spatially constant
 * guidance (K ≡ 1) gives exactly the ordinary convolution. Square odd kernels, one stride and padding for
 * both axes.
 */
public final class PacConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    private PacConv2d(Builder b) {
        super(VERSION);
        this.filters = b.filters;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = b.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).build()) : null;
    }

    /** A builder: filters required; kernel 3, stride 2, padding 1, bias (the T-Down default). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The functional form of Eq. 2.
     *
     * @param x (N, C, H, W)
     * @param guide (N, G, H, W), the guidance features f at the input's resolution
     * @param w (C_out, C, k, k), k odd
     * @param b (C_out) or null
     * @return (N, C_out, (H + 2p − k)/s + 1, (W + 2p − k)/s + 1), on {@code x}'s manager
     */
    public static NDArray pacConv2d(NDArray x, NDArray guide, NDArray w, NDArray b, int stride, int padding) {
        String who = "PacConv2d";
        Checks.rank(x, 4, who, "x (N, C, H, W)");
        Checks.rank(guide, 4, who, "a guidance (N, G, H, W)");
        Checks.rank(w, 4, who, "a weight (C_out, C, k, k)");
        Shape s = x.getShape();
        Shape gs = guide.getShape();
        Shape ws = w.getShape();
        Checks.check(gs.get(0) == s.get(0) && gs.get(2) == s.get(2) && gs.get(3) == s.get(3), who,
                "a guidance of batch and size " + s.get(0) + " x " + s.get(2) + " x " + s.get(3), gs);
        Checks.check(ws.get(1) == s.get(1), who, "a weight with " + s.get(1) + " input channels", ws);
        int k = (int) ws.get(2);
        Checks.check(k % 2 == 1 && ws.get(3) == k, who, "a square odd kernel", ws);
        Checks.positive(stride, who, "stride");
        Checks.check(padding >= 0 && padding < k, who, "a padding in [0, " + (k - 1) + "]", padding);
        int outH = (int) ((s.get(2) + 2L * padding - k) / stride + 1);
        int outW = (int) ((s.get(3) + 2L * padding - k) / stride + 1);
        Checks.check(outH > 0 && outW > 0, who, "an input at least as large as the kernel", s);
        NDArray xp = padding == 0 ? x : x.pad(new Shape(padding, padding, padding, padding), 0);
        NDArray gp = padding == 0 ? guide : guide.pad(new Shape(padding, padding, padding, padding), 0);
        gp.attach(x.getManager());
        return PacKernel.pacPadded(xp, gp, w, b, stride, outH, outW);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "PacConv2d", "inputs (x, guide)", inputs.size());
        NDArray x = inputs.get(0);
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return new NDList(pacConv2d(x, inputs.get(1), w, b, stride, padding));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes.length == 2 && inputShapes[0].dimension() == 4, "PacConv2d",
                "input shapes (x (N, C, H, W), guide)", java.util.Arrays.toString(inputShapes));
        weight.setShape(new Shape(filters, inputShapes[0].get(1), kernel, kernel));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (s.get(3) + 2L * padding - kernel) / stride + 1;
        return new Shape[] {new Shape(s.get(0), filters, h, w)};
    }

    @Override
    public String toString() {
        return "PacConv2d(" + filters + ", k=" + kernel + ", s=" + stride + ", p=" + padding + (bias == null ? ", no bias" : "")
                + ")";
    }

    /** Builder for {@link PacConv2d}. */
    public static final class Builder {
        private int filters;
        private int kernel = 3;
        private int stride = 2;
        private int padding = 1;
        private boolean bias = true;

        private Builder() {}

        /** Output channels C_out (required). */
        public Builder setFilters(int filters) {
            this.filters = Checks.positive(filters, "PacConv2d", "filters");
            return this;
        }

        /** Odd kernel side k (default 3; the paper does not give it). */
        public Builder optKernelSize(int kernel) {
            Checks.check(kernel >= 1 && kernel % 2 == 1, "PacConv2d", "an odd kernel size", kernel);
            this.kernel = kernel;
            return this;
        }

        /** Stride s (default 2, the T-Down block). */
        public Builder optStride(int stride) {
            this.stride = Checks.positive(stride, "PacConv2d", "stride");
            return this;
        }

        /** Zero padding p (default 1). */
        public Builder optPadding(int padding) {
            Checks.check(padding >= 0, "PacConv2d", "a padding ≥ 0", padding);
            this.padding = padding;
            return this;
        }

        /** Whether to add a bias (default true). */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Builds the layer. */
        public PacConv2d build() {
            Checks.check(filters > 0, "PacConv2d", "filters set", filters);
            Checks.check(padding < kernel, "PacConv2d", "a padding below the kernel size " + kernel, padding);
            return new PacConv2d(this);
        }
    }
}
