package io.github.prcv2021.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.GaussianKernel;
import java.util.Random;

/**
 * The classic degradation {@code y = k_σ ⊛ x + η}: an isotropic Gaussian blur (a {@link GaussianKernel}
 * of side {@code 2⌈3σ⌉ + 1}, zero padding, per channel) followed by additive white Gaussian noise of
 * standard deviation {@code noiseSigma}, drawn from a seeded Java {@link Random} so that a seed gives the
 * same degraded images on every engine.
 */
public final class Blur {

    private final GaussianKernel kernel;
    private final double blurSigma;
    private final double noiseSigma;

    private Blur(double blurSigma, double noiseSigma) {
        this.blurSigma = blurSigma;
        this.noiseSigma = noiseSigma;
        this.kernel = GaussianKernel.withSigma(2 * (int) Math.ceil(3 * blurSigma) + 1, blurSigma);
    }

    /**
     * A blur of {@code blurSigma} pixels followed by noise of {@code noiseSigma} (in pixel units, e.g.
     * 0.01 for images in [0, 1]).
     */
    public static Blur of(double blurSigma, double noiseSigma) {
        Checks.positive(blurSigma, "Blur", "blurSigma");
        Checks.nonNegative(noiseSigma, "Blur", "noiseSigma");
        return new Blur(blurSigma, noiseSigma);
    }

    /** The blur's standard deviation in pixels. */
    public double blurSigma() {
        return blurSigma;
    }

    /** The noise's standard deviation. */
    public double noiseSigma() {
        return noiseSigma;
    }

    /** The blur kernel. */
    public GaussianKernel kernel() {
        return kernel;
    }

    /**
     * Degrades a batch.
     *
     * @param clean (N, C, H, W) floating
     * @return {@code k ⊛ clean + η}, same shape and type, owned by {@code clean}'s manager
     */
    public NDArray apply(NDArray clean, Random random) {
        Checks.rank(clean, 4, "Blur.apply", "clean (N, C, H, W)");
        Checks.floating(clean, "Blur.apply", "clean");
        NDManager manager = clean.getManager();
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = clean.duplicate();
            x.attach(sub);
            NDArray out = kernel.apply(x);
            if (noiseSigma > 0) {
                long size = clean.getShape().size();
                Checks.check(size <= Integer.MAX_VALUE, "Blur.apply", "fewer than 2^31 elements", size);
                float[] eta = new float[(int) size];
                for (int i = 0; i < eta.length; i++) {
                    eta[i] = (float) (noiseSigma * random.nextGaussian());
                }
                out = out.add(sub.create(eta, clean.getShape()).toType(clean.getDataType(), false));
            }
            out.attach(manager);
            return out;
        }
    }
}
