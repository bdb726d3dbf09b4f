package io.github.prcv2021.textureunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.TransposedConv2d;

/**
 * A pixel-adaptive transposed convolution, the paper's T-Up block (Sect. 2.2, Eq. 2 applied to the
 * up-sampling deconvolution): insert {@code s − 1} zeros between input pixels, pad by {@code k − 1 − p} (plus
 * the output padding at the bottom and right), and run a stride-1 {@link PacConv2d} with the kernel flipped and
 * its channel axes swapped, the kernel values being computed on a guidance map at the <em>output</em>
 * resolution. Input {@code NDList(x, guide)}, x (N, C, H, W), guide (N, G, H', W') with
 * {@code H' = (H − 1)s − 2p + k + op}; weight (C, C_out, k, k) with PyTorch's {@code ConvTranspose2d}
 * semantics, so that a constant guidance gives exactly {@link io.github.prcv2021.nn.TransposedConv2d}.
 */
public final class PacConvTranspose2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    private PacConvTranspose2d(Builder b) {
        super(VERSION);
        this.filters = b.filters;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.padding = b.padding;
        this.outputPadding = b.outputPadding;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        bias = b.bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optInitializer(Initializer.ZEROS).build()) : null;
    }

    /** A builder: filters required; kernel 3, stride 2, padding 1, output padding 1, bias (the T-Up default, ×2). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The functional form.
     *
     * @param x (N, C, H, W)
     * @param guide (N, G, H', W') at the output resolution
     * @param w (C, C_out, k, k), k odd
     * @param b (C_out) or null
     * @return (N, C_out, H', W'), on {@code x}'s manager
     */
    public static NDArray pacConvTranspose2d(NDArray x, NDArray guide, NDArray w, NDArray b, int stride, int padding,
            int outputPadding) {
        String who = "PacConvTranspose2d";
        Checks.rank(x, 4, who, "x (N, C, H, W)");
        Checks.rank(guide, 4, who, "a guidance (N, G, H', W')");
        Checks.rank(w, 4, who, "a weight (C, C_out, k, k)");
        Shape s = x.getShape();
        Shape ws = w.getShape();
        Checks.check(ws.get(0) == s.get(1), who, "a weight with " + s.get(1) + " input channels", ws);
        int k = (int) ws.get(2);
        Checks.check(k % 2 == 1 && ws.get(3) == k, who, "a square odd kernel", ws);
        Checks.positive(stride, who, "stride");
        Checks.check(padding >= 0 && padding <= k - 1, who, "a padding in [0, " + (k - 1) + "]", padding);
        Checks.check(outputPadding >= 0 && outputPadding < stride, who, "an output padding in [0, stride)", outputPadding);
        int outH = (int) ((s.get(2) - 1) * stride - 2L * padding + k + outputPadding);
        int outW = (int) ((s.get(3) - 1) * stride - 2L * padding + k + outputPadding);
        Shape gs = guide.getShape();
        Checks.check(gs.get(0) == s.get(0) && gs.get(2) == outH && gs.get(3) == outW, who,
                "a guidance of batch and size " + s.get(0) + " x " + outH + " x " + outW + " (the output's)", gs);
        NDManager manager = x.getManager();
        int lo = k - 1 - padding;
        int hi = lo + outputPadding;
        NDArray u = TransposedConv2d.dilate(x, stride).pad(new Shape(lo, hi, lo, hi), 0);
        int r = k / 2;
        NDArray gp = guide.pad(new Shape(r, r, r, r), 0);
        gp.attach(manager);
        return PacKernel.pacPadded(u, gp, TransposedConv2d.convolutionKernel(w, manager), b, 1, outH, outW);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "PacConvTranspose2d", "inputs (x, guide)", inputs.size());
        NDArray x = inputs.get(0);
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return new NDList(pacConvTranspose2d(x, inputs.get(1), w, b, stride, padding, outputPadding));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes.length == 2 && inputShapes[0].dimension() == 4, "PacConvTranspose2d",
                "input shapes (x (N, C, H, W), guide)", java.util.Arrays.toString(inputShapes));
        weight.setShape(new Shape(inputShapes[0].get(1), filters, kernel, kernel));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) - 1) * stride - 2L * padding + kernel + outputPadding;
        long w = (s.get(3) - 1) * stride - 2L * padding + kernel + outputPadding;
        return new Shape[] {new Shape(s.get(0), filters, h, w)};
    }

    @Override
    public String toString() {
        return "PacConvTranspose2d(" + filters + ", k=" + kernel + ", s=" + stride + ", p=" + padding + ", op=" + outputPadding
                + ")";
    }

    /** Builder for {@link PacConvTranspose2d}. */
    public static final class Builder {
        private int filters;
        private int kernel = 3;
        private int stride = 2;
        private int padding = 1;
        private int outputPadding = 1;
        private boolean bias = true;

        private Builder() {}

        /** Output channels C_out (required). */
        public Builder setFilters(int filters) {
            this.filters = Checks.positive(filters, "PacConvTranspose2d", "filters");
            return this;
        }

        /** Odd kernel side k (default 3; the paper does not give it, PacNet uses 5). */
        public Builder optKernelSize(int kernel) {
            Checks.check(kernel >= 1 && kernel % 2 == 1, "PacConvTranspose2d", "an odd kernel size", kernel);
            this.kernel = kernel;
            return this;
        }

        /** Stride s (default 2). */
        public Builder optStride(int stride) {
            this.stride = Checks.positive(stride, "PacConvTranspose2d", "stride");
            return this;
        }

        /** Padding p (default 1). */
        public Builder optPadding(int padding) {
            Checks.check(padding >= 0, "PacConvTranspose2d", "a padding ≥ 0", padding);
            this.padding = padding;
            return this;
        }

        /** Output padding (default 1, so that k = 3, s = 2, p = 1 doubles the size). */
        public Builder optOutputPadding(int outputPadding) {
            Checks.check(outputPadding >= 0, "PacConvTranspose2d", "an output padding ≥ 0", outputPadding);
            this.outputPadding = outputPadding;
            return this;
        }

        /** Whether to add a bias (default true). */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Builds the layer. */
        public PacConvTranspose2d build() {
            Checks.check(filters > 0, "PacConvTranspose2d", "filters set", filters);
            Checks.check(padding < kernel, "PacConvTranspose2d", "a padding below the kernel size " + kernel, padding);
            Checks.check(outputPadding < stride, "PacConvTranspose2d", "an output padding below the stride " + stride,
                    outputPadding);
            return new PacConvTranspose2d(this);
        }
    }
}
