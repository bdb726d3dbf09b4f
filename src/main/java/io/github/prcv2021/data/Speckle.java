package io.github.prcv2021.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;
import java.util.Random;

/**
 * Fully developed multiplicative speckle with L looks, as SAR despeckling papers simulate it: in the
 * intensity domain {@code y = x · n} with {@code n ~ Gamma(shape = L, scale = 1/L)}, so {@code E[n] = 1} and
 * {@code Var[n] = 1/L}; in the amplitude domain {@code y = x · √n}. The noise is drawn in Java from a
 * seeded {@link Random} (Marsaglia and Tsang's method, ACM TOMS 2000; DJL's PyTorch engine has no gamma
 * sampler), so a seed gives the same noisy images on every engine and device.
 */
public final class Speckle {

    /** Where the multiplicative model acts. */
    public enum Domain {
        /** {@code y = x · n}: images that are intensities (power). */
        INTENSITY,
        /** {@code y = x · √n}: images that are amplitudes (magnitudes). */
        AMPLITUDE
    }

    private final double looks;
    private final Domain domain;

    private Speckle(double looks, Domain domain) {
        this.looks = looks;
        this.domain = domain;
    }

    /** Intensity-domain speckle with {@code looks} looks (any positive real L). */
    public static Speckle intensity(double looks) {
        return new Speckle(Checks.positive(looks, "Speckle", "looks"), Domain.INTENSITY);
    }

    /** Amplitude-domain speckle with {@code looks} looks. */
    public static Speckle amplitude(double looks) {
        return new Speckle(Checks.positive(looks, "Speckle", "looks"), Domain.AMPLITUDE);
    }

    /** Speckle with {@code looks} looks in the given domain. */
    public static Speckle of(double looks, Domain domain) {
        return new Speckle(Checks.positive(looks, "Speckle", "looks"), Checks.notNull(domain, "Speckle", "a domain"));
    }

    /** The number of looks L. */
    public double looks() {
        return looks;
    }

    /** The domain of the model. */
    public Domain domain() {
        return domain;
    }

    /**
     * A multiplicative noise field (the factor the clean image is multiplied by).
     *
     * @param manager owner of the result
     * @param shape any shape
     * @param random the source of randomness
     * @return float32 of {@code shape}
     */
    public NDArray noise(NDManager manager, ai.djl.ndarray.types.Shape shape, Random random) {
        long size = shape.size();
        Checks.check(size <= Integer.MAX_VALUE, "Speckle.noise", "fewer than 2^31 elements", size);
        float[] n = new float[(int) size];
        for (int i = 0; i < n.length; i++) {
            n[i] = (float) factor(random);
        }
        return manager.create(n, shape);
    }

    /**
     * One multiplicative factor: {@code n = Gamma(L, 1)/L} in the intensity domain, {@code √n} in the amplitude
     * domain. For generators that speckle pixel arrays in Java.
     */
    public double factor(Random random) {
        double g = gamma(looks, random) / looks;
        return domain == Domain.INTENSITY ? g : Math.sqrt(g);
    }

    /**
     * The speckled image {@code x · n}, same shape and type as {@code clean}, owned by its manager.
     *
     * @param clean non-negative intensities or amplitudes
     * @throws IllegalArgumentException if {@code clean} has a negative value
     */
    public NDArray apply(NDArray clean, Random random) {
        Checks.floating(clean, "Speckle.apply", "clean");
        requireNonNegative(clean, "Speckle.apply");
        try (NDArray n = noise(clean.getManager(), clean.getShape(), random);
                NDArray typed = n.toType(clean.getDataType(), false)) {
            return clean.mul(typed);
        }
    }

    /**
     * One draw of Gamma(shape, 1): Marsaglia and Tsang's squeeze method for shape ≥ 1, and for shape &lt; 1
     * the boost {@code Gamma(a) = Gamma(a + 1) · U^{1/a}}.
     */
    public static double gamma(double shape, Random random) {
        Checks.positive(shape, "Speckle.gamma", "shape");
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = random.nextGaussian();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static void requireNonNegative(NDArray clean, String who) {
        try (NDArray min = clean.min(); NDArray wide = min.toType(DataType.FLOAT64, true)) {
            double m = wide.getDouble();
            Checks.check(m >= 0, who, "non-negative intensities or amplitudes", "a minimum of " + m);
        }
    }
}
