package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import io.github.prcv2021.core.Checks;

/**
 * Adaptive instance normalisation (Huang and Belongie, ICCV 2017): the content map {@code x} is
 * instance-normalised and then given the per-sample, per-channel scale {@code gamma} and shift
 * {@code beta} of a style, {@code AdaIN(x) = gamma (x - mu(x)) / sigma(x) + beta}. Each output channel
 * then has mean {@code beta} and standard deviation {@code |gamma|} (up to epsilon). Used by MUNIT-style
 * decoders, where an MLP maps a style code to {@code gamma, beta}.
 */
public final class AdaIn {

    private AdaIn() {}

    /**
     * Applies AdaIN.
     *
     * @param x the content map {@code (N, C, H, W)}
     * @param gamma the scales {@code (N, C)}
     * @param beta the shifts {@code (N, C)}
     * @param epsilon added to the variance, {@code > 0}
     * @return a map of {@code x}'s shape
     */
    public static NDArray apply(NDArray x, NDArray gamma, NDArray beta, float epsilon) {
        String who = "AdaIn";
        Checks.notNull(x, who, "a content map");
        Checks.notNull(gamma, who, "gamma");
        Checks.notNull(beta, who, "beta");
        Checks.rank(x, 4, who, "a content map (N, C, H, W)");
        long n = x.getShape().get(0);
        long c = x.getShape().get(1);
        Checks.check(gamma.getShape().equals(new ai.djl.ndarray.types.Shape(n, c)), who,
                "gamma of shape (" + n + ", " + c + ")", gamma.getShape());
        Checks.check(beta.getShape().equals(new ai.djl.ndarray.types.Shape(n, c)), who,
                "beta of shape (" + n + ", " + c + ")", beta.getShape());
        NDArray normalised = InstanceNorm.instanceNorm(x, epsilon);
        return normalised.mul(gamma.reshape(n, c, 1, 1)).add(beta.reshape(n, c, 1, 1));
    }
}
