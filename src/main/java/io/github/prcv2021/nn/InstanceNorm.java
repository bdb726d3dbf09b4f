package io.github.prcv2021.nn;

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
 * Instance normalisation (Ulyanov et al., 2016) of a {@code (N, C, H, W)} map: every channel of every
 * sample is shifted and scaled to zero mean and unit variance over its {@code H x W} positions,
 * {@code y = gamma_c (x - mu_nc) / sqrt(sigma_nc^2 + eps) + beta_c}, with the biased variance as in
 * PyTorch's {@code InstanceNorm2d}. DJL 0.33 has no instance or group normalisation, hence this block.
 * The affine {@code gamma, beta} (one per channel) are optional; without them the block has no
 * parameters. Statistics are always those of the sample (no running averages).
 */
public final class InstanceNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final float epsilon;
    private final boolean affine;
    private Parameter gamma;
    private Parameter beta;

    private InstanceNorm(Builder b) {
        super(VERSION);
        this.epsilon = b.epsilon;
        this.affine = b.affine;
        if (affine) {
            gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                    .optInitializer(Initializer.ONES).build());
            beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                    .optInitializer(Initializer.ZEROS).build());
        }
    }

    /** A builder: epsilon 1e-5, no affine parameters. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The normalisation without affine parameters.
     *
     * @param x a floating-point map of shape {@code (N, C, H, W)}
     * @param epsilon added to the variance, {@code > 0}
     * @return {@code (x - mean) / sqrt(var + eps)} per sample and channel, on {@code x}'s manager
     */
    public static NDArray instanceNorm(NDArray x, float epsilon) {
        String who = "InstanceNorm";
        Checks.notNull(x, who, "an input");
        Checks.rank(x, 4, who, "an input (N, C, H, W)");
        Checks.floating(x, who, "an input");
        Checks.positive(epsilon, who, "epsilon");
        NDArray mean = spatialMean(x);
        NDArray centred = x.sub(mean);
        NDArray var = spatialMean(centred.square());
        return centred.div(var.add(epsilon).sqrt());
    }

    /** The mean over {@code H, W} of a {@code (N, C, H, W)} map, kept as {@code (N, C, 1, 1)}. */
    public static NDArray spatialMean(NDArray x) {
        // the PyTorch engine's mean takes one axis at a time
        return x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = instanceNorm(x, epsilon);
        if (affine) {
            long c = x.getShape().get(1);
            NDArray g = store.getValue(gamma, x.getDevice(), training).reshape(1, c, 1, 1);
            NDArray b = store.getValue(beta, x.getDevice(), training).reshape(1, c, 1, 1);
            // the reshaped views belong to the parameters' manager: hand them to the input's, which the caller closes
            g.attach(x.getManager());
            b.attach(x.getManager());
            y = y.mul(g).add(b);
        }
        return new NDList(y);
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes[0].dimension() == 4, "InstanceNorm", "an input (N, C, H, W)", inputShapes[0]);
        if (affine) {
            Shape c = new Shape(inputShapes[0].get(1));
            gamma.setShape(c);
            beta.setShape(c);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "InstanceNorm(eps=" + epsilon + (affine ? ", affine" : "") + ")";
    }

    /** Builder for {@link InstanceNorm}. */
    public static final class Builder {
        private float epsilon = 1e-5f;
        private boolean affine;

        private Builder() {}

        /** The epsilon added to the variance (default 1e-5, as PyTorch). */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = (float) Checks.positive(epsilon, "InstanceNorm", "epsilon");
            return this;
        }

        /** Learn a per-channel scale and shift (default false, as PyTorch's {@code InstanceNorm2d}). */
        public Builder optAffine(boolean affine) {
            this.affine = affine;
            return this;
        }

        /** Builds the block. */
        public InstanceNorm build() {
            return new InstanceNorm(this);
        }
    }
}
