package io.github.prcv2021.maifgplm;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.nn.GaussianKernel;
import io.github.prcv2021.core.Checks;
import java.util.function.UnaryOperator;

/**
 * The mixed input of Eq. 19, {@code x_mix = τ · (V ⊛ x) + (1 − τ) · x}: a blend of the image with its
 * Gaussian blur (V applied per channel with 'same' zero padding). Differentiable, so it can also be
 * used inside the gradient ({@link MaiFgplm.MixGradient#THROUGH_MIX}).
 */
public final class MixedInput implements UnaryOperator<NDArray> {

    private final float tau;
    private final GaussianKernel kernel;

    /**
     * A mixing transform.
     *
     * @param tau τ in [0, 1], the weight of the blurred image (paper: 0.5)
     * @param kernel V (paper: 9×9 on 299×299 images)
     */
    public MixedInput(double tau, GaussianKernel kernel) {
        this.tau = (float) Checks.inRange(tau, 0, 1, "MixedInput", "tau");
        this.kernel = Checks.notNull(kernel, "MixedInput", "kernel");
    }

    /** τ. */
    public float tau() {
        return tau;
    }

    /** V. */
    public GaussianKernel kernel() {
        return kernel;
    }

    @Override
    public NDArray apply(NDArray x) {
        Checks.rank(x, 4, "MixedInput", "x (N, C, H, W)");
        return kernel.apply(x).mul(tau).add(x.mul(1 - tau));
    }
}
