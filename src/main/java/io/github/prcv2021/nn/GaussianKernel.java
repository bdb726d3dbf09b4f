package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.github.prcv2021.core.Checks;

/**
 * A normalised 2-D Gaussian kernel applied per channel as a depthwise convolution with 'same' zero
 * padding: the gradient smoothing W of translation-invariant attacks (TI, Dong et al. 2019) and the
 * blur V of paper 13's mixed input. Built as TI's reference {@code gkern(klen, nsig)}: the 1-D normal
 * density at {@code klen} points evenly spaced on {@code [−nsig, nsig]}, outer product, divided by its
 * sum. Shared by the attacks (TI), paper 13's mixed input and the SSIM window of
 * {@link io.github.prcv2021.metrics.ImageQuality}.
 */
public final class GaussianKernel {

    private final int size;
    private final double nsig;
    private final float[] weights;
    private final double[] weights64;

    private GaussianKernel(int size, double nsig) {
        this.size = size;
        this.nsig = nsig;
        double[] k1 = new double[size];
        for (int i = 0; i < size; i++) {
            double t = size == 1 ? 0 : -nsig + 2 * nsig * i / (size - 1);
            k1[i] = Math.exp(-0.5 * t * t);
        }
        double sum = 0;
        for (double a : k1) {
            for (double b : k1) {
                sum += a * b;
            }
        }
        weights = new float[size * size];
        weights64 = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                weights64[i * size + j] = k1[i] * k1[j] / sum;
                weights[i * size + j] = (float) weights64[i * size + j];
            }
        }
    }

    /** An odd-sized kernel spanning ±3 standard deviations (TI's default). */
    public static GaussianKernel of(int size) {
        return of(size, 3.0);
    }

    /** An odd-sized kernel whose {@code size} points span {@code [−nsig, nsig]} standard deviations. */
    public static GaussianKernel of(int size, double nsig) {
        Checks.check(size >= 1 && size % 2 == 1, "GaussianKernel", "an odd size ≥ 1", size);
        Checks.positive(nsig, "GaussianKernel", "nsig");
        return new GaussianKernel(size, nsig);
    }

    /**
     * An odd-sized kernel with standard deviation {@code sigma} pixels: the weights
     * {@code exp(−(i² + j²) / 2σ²)} for {@code |i|, |j| ≤ size / 2}, normalised (SSIM's 11×11, σ = 1.5 window,
     * which is scipy's {@code gaussian_filter(sigma=1.5, truncate=3.5)}).
     */
    public static GaussianKernel withSigma(int size, double sigma) {
        Checks.check(size >= 3 && size % 2 == 1, "GaussianKernel.withSigma", "an odd size ≥ 3", size);
        Checks.positive(sigma, "GaussianKernel.withSigma", "sigma");
        return new GaussianKernel(size, (size / 2) / sigma);
    }

    /** The side length. */
    public int size() {
        return size;
    }

    /** The standard deviations spanned by half the kernel. */
    public double nsig() {
        return nsig;
    }

    /** The weights, row-major, summing to 1. */
    public float[] weights() {
        return weights.clone();
    }

    /**
     * {@code W ⊛ x} per channel with zero padding, in float64 weights for float64 input; differentiable.
     *
     * @param x (N, C, H, W)
     * @return the smoothed array, same shape
     */
    public NDArray apply(NDArray x) {
        Checks.rank(x, 4, "GaussianKernel.apply", "x (N, C, H, W)");
        if (size == 1) {
            return x.duplicate();
        }
        long c = x.getShape().get(1);
        NDArray w = (x.getDataType() == DataType.FLOAT64 ? x.getManager().create(weights64, new Shape(1, 1, size, size))
                : x.getManager().create(weights, new Shape(1, 1, size, size)).toType(x.getDataType(), false)).repeat(0, c);
        int pad = size / 2;
        return Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(pad, pad), new Shape(1, 1), (int) c).head();
    }
}
