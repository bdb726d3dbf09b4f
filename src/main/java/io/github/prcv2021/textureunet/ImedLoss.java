package io.github.prcv2021.textureunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.core.Checks;

/**
 * The Image Euclidean Distance loss (Eq. 3; Wang, Zhang and Feng, TPAMI 2005):
 * {@code d²(x, y) = (x − y)ᵀ G (x − y)} with {@code g_ij = 1/(2πσ²)·exp(−‖P_i − P_j‖² / 2σ²)} over pixel positions P.
 * G is a Gaussian convolution, so the quadratic form is {@code Σ_i e_i·(g ∗ e)_i} with {@code e = x − y} and g the
 * Gaussian of Eq. 3 (not renormalised), truncated at {@code |Δ| ≤ radius} per axis; zero padding outside the
 * image (pixels outside do not exist). The loss is this sum divided by the number of pixels, averaged over
 * the batch and channels, so that σ → 0 (G → I·1/(2πσ²)) is the MSE up to that factor. σ = 1 is the value of the
 * IMED paper the authors cite; they say only "Gaussian". Labels and predictions (N, C, H, W).
 */
public final class ImedLoss extends Loss {

    private final double sigma;
    private final int radius;
    private final float[] kernel;
    private final double[] kernel64;

    /** IMED with σ = 1 and radius 3 (a 7×7 kernel). */
    public ImedLoss() {
        this("imed", 1.0, 3);
    }

    /**
     * @param name the loss name
     * @param sigma σ of G in pixels
     * @param radius truncation radius in pixels (0 gives G = I/(2πσ²))
     */
    public ImedLoss(String name, double sigma, int radius) {
        super(name);
        this.sigma = Checks.positive(sigma, "ImedLoss", "sigma");
        Checks.check(radius >= 0, "ImedLoss", "a radius ≥ 0", radius);
        this.radius = radius;
        this.kernel64 = metric64(sigma, radius);
        this.kernel = new float[kernel64.length];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) kernel64[i];
        }
    }

    /** The entries {@code g(Δ) = exp(−|Δ|²/2σ²)/(2πσ²)} for {@code |Δ_r|, |Δ_c| ≤ radius}, row-major. */
    public static double[] metric64(double sigma, int radius) {
        int k = 2 * radius + 1;
        double[] g = new double[k * k];
        for (int i = -radius; i <= radius; i++) {
            for (int j = -radius; j <= radius; j++) {
                g[(i + radius) * k + j + radius] = (Math.exp(-(i * i + j * j) / (2 * sigma * sigma))
                        / (2 * Math.PI * sigma * sigma));
            }
        }
        return g;
    }

    /** σ. */
    public double sigma() {
        return sigma;
    }

    /** The truncation radius. */
    public int radius() {
        return radius;
    }

    /**
     * {@code G e}, the metric applied to a difference image, per channel.
     *
     * @param e (N, C, H, W)
     */
    public NDArray applyMetric(NDArray e) {
        Checks.rank(e, 4, "ImedLoss", "a difference (N, C, H, W)");
        long c = e.getShape().get(1);
        int k = 2 * radius + 1;
        try (NDArray g1 = e.getDataType() == DataType.FLOAT64 ? e.getManager().create(kernel64, new Shape(1, 1, k, k))
                : e.getManager().create(kernel, new Shape(1, 1, k, k)); NDArray g = g1.toType(e.getDataType(), false);
                NDArray w = g.repeat(0, c)) {
            return Conv2d.conv2d(e, w, null, new Shape(1, 1), new Shape(radius, radius), new Shape(1, 1), (int) c).head();
        }
    }

    /**
     * The per-image squared distances {@code (x − y)ᵀ G (x − y)} of Eq. 3, summed over channels.
     *
     * @return (N)
     */
    public NDArray distance(NDArray x, NDArray y) {
        check(x, y);
        NDArray e = x.sub(y);
        return e.mul(applyMetric(e)).sum(new int[] {1, 2, 3});
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray pred = predictions.head();
        NDArray label = labels.head();
        check(pred, label);
        NDArray e = pred.sub(label);
        return e.mul(applyMetric(e)).mean();
    }

    private static void check(NDArray x, NDArray y) {
        Checks.rank(x, 4, "ImedLoss", "a prediction (N, C, H, W)");
        Checks.check(x.getShape().equals(y.getShape()), "ImedLoss", "a label of shape " + x.getShape(), y.getShape());
        Checks.check(x.getDataType() != DataType.INT32 && x.getDataType() != DataType.INT64, "ImedLoss", "floating images",
                x.getDataType());
    }
}
