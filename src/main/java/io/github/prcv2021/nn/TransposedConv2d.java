package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * A 2-D transposed convolution ("deconvolution") with PyTorch's {@code ConvTranspose2d} semantics:
 * weight (C_in, C_out, k_h, k_w), output side {@code (H − 1)·s − 2p + k + output_padding}, and exactly the
 * adjoint of {@link Conv2d} with the same weight, stride and padding. DJL 0.33's PyTorch engine does not
 * implement {@code deconvolution} (its {@code Conv2dTranspose} throws "Not implemented"), so this block
 * computes it with supported, differentiable ops: insert {@code s − 1} zeros between input pixels, pad by
 * {@code k − 1 − p} (plus {@code output_padding} at the bottom and right), and convolve with stride 1 with
 * the kernel flipped and its channel axes swapped. Used by the U-Net decoders of the dense-prediction
 * papers. No groups or dilation; {@code p ≤ k − 1}.
 */
public final class TransposedConv2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int filters;
    private final Shape kernel;
    private final int stride;
    private final int padding;
    private final int outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    private TransposedConv2d(Builder b) {
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

    /** A builder: filters and kernel shape are required; stride 1, padding 0, output padding 0, bias. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The functional form.
     *
     * @param x (N, C_in, H, W)
     * @param w (C_in, C_out, k_h, k_w)
     * @param b (C_out) or null
     * @param stride s ≥ 1, both axes
     * @param padding p in [0, min(k) − 1], both axes
     * @param outputPadding extra rows and columns at the bottom and right, in [0, s)
     * @return (N, C_out, (H − 1)s − 2p + k_h + op, (W − 1)s − 2p + k_w + op), on {@code x}'s manager
     */
    public static NDArray transposedConv2d(NDArray x, NDArray w, NDArray b, int stride, int padding, int outputPadding) {
        String who = "TransposedConv2d";
        Checks.rank(x, 4, who, "x (N, C_in, H, W)");
        Checks.rank(w, 4, who, "a weight (C_in, C_out, k_h, k_w)");
        Shape s = x.getShape();
        Shape ws = w.getShape();
        Checks.check(ws.get(0) == s.get(1), who, "a weight with " + s.get(1) + " input channels", ws);
        int kh = (int) ws.get(2);
        int kw = (int) ws.get(3);
        Checks.positive(stride, who, "stride");
        Checks.check(padding >= 0 && padding <= Math.min(kh, kw) - 1, who, "a padding in [0, " + (Math.min(kh, kw) - 1) + "]",
                padding);
        Checks.check(outputPadding >= 0 && outputPadding < stride, who,
                "an output padding in [0, stride)", outputPadding);
        NDManager manager = x.getManager();
        NDArray u = dilate(x, stride);
        if (outputPadding > 0) {
            Shape us = u.getShape();
            u = u.concat(manager.zeros(new Shape(us.get(0), us.get(1), outputPadding, us.get(3)), x.getDataType()), 2);
            us = u.getShape();
            u = u.concat(manager.zeros(new Shape(us.get(0), us.get(1), us.get(2), outputPadding), x.getDataType()), 3);
        }
        return Conv2d.conv2d(u, convolutionKernel(w, manager), b, new Shape(1, 1), new Shape(kh - 1 - padding, kw - 1 - padding),
                new Shape(1, 1)).head();
    }

    /**
     * The stride-1 convolution kernel equivalent to a transposed-convolution weight: channel axes swapped
     * and both spatial axes flipped, (C_in, C_out, k_h, k_w) to (C_out, C_in, k_h, k_w), owned by
     * {@code manager} (not by the weight's long-lived manager).
     */
    public static NDArray convolutionKernel(NDArray w, NDManager manager) {
        NDArray swapped = w.transpose(1, 0, 2, 3);
        swapped.attach(manager);
        return swapped.flip(2, 3);
    }

    /**
     * {@code s − 1} zeros between neighbouring pixels: (N, C, H, W) to (N, C, (H − 1)s + 1, (W − 1)s + 1), on
     * {@code x}'s manager; {@code x} itself for stride 1.
     */
    public static NDArray dilate(NDArray x, int stride) {
        if (stride == 1) {
            return x;
        }
        NDManager manager = x.getManager();
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray rows = x.expandDims(3).concat(manager.zeros(new Shape(n, c, h, stride - 1, w), x.getDataType()), 3)
                .reshape(n, c, h * stride, w).get(":, :, :{}, :", (h - 1) * stride + 1);
        long h2 = (h - 1) * stride + 1;
        return rows.expandDims(4).concat(manager.zeros(new Shape(n, c, h2, w, stride - 1), x.getDataType()), 4)
                .reshape(n, c, h2, w * stride).get(":, :, :, :{}", (w - 1) * stride + 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : store.getValue(bias, x.getDevice(), training);
        return new NDList(transposedConv2d(x, w, b, stride, padding, outputPadding));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes[0].dimension() == 4, "TransposedConv2d", "an input (N, C, H, W)", inputShapes[0]);
        weight.setShape(new Shape(inputShapes[0].get(1), filters, kernel.get(0), kernel.get(1)));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        long h = (s.get(2) - 1) * stride - 2L * padding + kernel.get(0) + outputPadding;
        long w = (s.get(3) - 1) * stride - 2L * padding + kernel.get(1) + outputPadding;
        return new Shape[] {new Shape(s.get(0), filters, h, w)};
    }

    @Override
    public String toString() {
        return "TransposedConv2d(" + filters + ", k=" + kernel + ", s=" + stride + ", p=" + padding + ", op=" + outputPadding
                + (bias == null ? ", no bias" : "") + ")";
    }

    /** Builder for {@link TransposedConv2d}. */
    public static final class Builder {
        private int filters;
        private Shape kernel;
        private int stride = 1;
        private int padding;
        private int outputPadding;
        private boolean bias = true;

        private Builder() {}

        /** The number of output channels C_out (required). */
        public Builder setFilters(int filters) {
            this.filters = Checks.positive(filters, "TransposedConv2d", "filters");
            return this;
        }

        /** The kernel shape (k_h, k_w) (required). */
        public Builder setKernelShape(Shape kernel) {
            Checks.check(kernel != null && kernel.dimension() == 2 && kernel.get(0) > 0 && kernel.get(1) > 0,
                    "TransposedConv2d", "a kernel shape (k_h, k_w)", kernel);
            this.kernel = kernel;
            return this;
        }

        /** The stride on both axes (default 1). */
        public Builder optStride(int stride) {
            this.stride = Checks.positive(stride, "TransposedConv2d", "stride");
            return this;
        }

        /** The padding p on both axes (default 0). */
        public Builder optPadding(int padding) {
            Checks.check(padding >= 0, "TransposedConv2d", "a padding ≥ 0", padding);
            this.padding = padding;
            return this;
        }

        /** Extra rows and columns at the bottom and right, in [0, stride) (default 0). */
        public Builder optOutputPadding(int outputPadding) {
            Checks.check(outputPadding >= 0, "TransposedConv2d", "an output padding ≥ 0", outputPadding);
            this.outputPadding = outputPadding;
            return this;
        }

        /** Whether to add a bias (default true). */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** Builds the block. */
        public TransposedConv2d build() {
            Checks.check(filters > 0, "TransposedConv2d", "setFilters(...)", "no filter count");
            Checks.check(kernel != null, "TransposedConv2d", "setKernelShape(...)", "no kernel shape");
            Checks.check(padding <= Math.min(kernel.get(0), kernel.get(1)) - 1, "TransposedConv2d",
                    "a padding in [0, k − 1]", padding);
            Checks.check(outputPadding < stride || outputPadding == 0, "TransposedConv2d", "an output padding in [0, stride)",
                    outputPadding);
            return new TransposedConv2d(this);
        }
    }
}
