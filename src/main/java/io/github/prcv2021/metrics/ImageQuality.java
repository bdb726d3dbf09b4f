package io.github.prcv2021.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.GaussianKernel;

/**
 * Full-reference image quality: PSNR and SSIM, for the restoration, despeckling and compressive-sensing
 * papers. Images are (H, W), (C, H, W) or (N, C, H, W) arrays of one floating type; {@code dataRange} is
 * the span of the pixel values (1 for [0, 1] images, 255 for 8-bit ones).
 *
 * <p>SSIM is Wang, Bovik, Sheikh and Simoncelli (IEEE TIP 2004), Eqs. 13 and 17: local means, variances
 * and covariance under an 11×11 Gaussian window with σ = 1.5 (population moments, not the sample ones),
 * {@code C₁ = (0.01 R)²}, {@code C₂ = (0.03 R)²}, averaged over the positions where the window lies
 * inside the image and over the channels. This is scikit-image's
 * {@code structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False)}, the
 * setting that reproduces the paper's published numbers.
 */
public final class ImageQuality {

    /** SSIM's window side. */
    public static final int SSIM_WINDOW = 11;
    /** SSIM's window standard deviation. */
    public static final double SSIM_SIGMA = 1.5;
    private static final double K1 = 0.01;
    private static final double K2 = 0.03;
    private static final GaussianKernel WINDOW = GaussianKernel.withSigma(SSIM_WINDOW, SSIM_SIGMA);

    private ImageQuality() {}

    /**
     * The mean squared error over all elements.
     *
     * @param x an image or a batch
     * @param y the reference, same shape
     */
    public static double mse(NDArray x, NDArray y) {
        check(x, y, "ImageQuality.mse");
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray a = x.toType(DataType.FLOAT64, true);
            NDArray b = y.toType(DataType.FLOAT64, true);
            a.attach(sub);
            b.attach(sub);
            NDArray d = a.sub(b);
            d.attach(sub);
            NDArray sq = d.square().mean();
            sq.attach(sub);
            return sq.getDouble();
        }
    }

    /**
     * Peak signal-to-noise ratio {@code 10 log₁₀(R² / MSE)} over all elements, in dB; +∞ for identical
     * inputs.
     */
    public static double psnr(NDArray x, NDArray y, double dataRange) {
        Checks.positive(dataRange, "ImageQuality.psnr", "dataRange");
        double mse = mse(x, y);
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(dataRange * dataRange / mse);
    }

    /**
     * PSNR of each image of a batch (the average the restoration papers report is the mean of these).
     *
     * @param x (N, ...) images
     * @param y the references, same shape
     * @return N values in dB
     */
    public static double[] psnrPerImage(NDArray x, NDArray y, double dataRange) {
        check(x, y, "ImageQuality.psnrPerImage");
        Checks.positive(dataRange, "ImageQuality.psnrPerImage", "dataRange");
        long n = x.getShape().get(0);
        double[] out = new double[(int) n];
        for (int i = 0; i < n; i++) {
            try (NDArray a = x.get(i); NDArray b = y.get(i)) {
                out[i] = psnr(a, b, dataRange);
            }
        }
        return out;
    }

    /** Mean SSIM over the batch, channels and valid window positions (see the class comment). */
    public static double ssim(NDArray x, NDArray y, double dataRange) {
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray map = ssimMap(x, y, dataRange);
            map.attach(sub);
            NDArray m = map.mean();
            m.attach(sub);
            return m.getDouble();
        }
    }

    /**
     * SSIM of each image of a batch (mean over its channels and valid positions).
     *
     * @param x (N, C, H, W)
     * @param y the references, same shape
     * @return N values in [−1, 1]
     */
    public static double[] ssimPerImage(NDArray x, NDArray y, double dataRange) {
        Checks.rank(x, 4, "ImageQuality.ssimPerImage", "x (N, C, H, W)");
        try (NDManager sub = x.getManager().newSubManager()) {
            NDArray map = ssimMap(x, y, dataRange);
            map.attach(sub);
            long n = map.getShape().get(0);
            NDArray m = map.reshape(n, -1).mean(new int[] {1});
            m.attach(sub);
            return m.toDoubleArray();
        }
    }

    /**
     * The local SSIM index at every position where the 11×11 window fits, in double precision.
     *
     * @param x (H, W), (C, H, W) or (N, C, H, W), both sides at least 11
     * @param y the reference, same shape
     * @return (N, C, H − 10, W − 10), owned by {@code x}'s manager
     */
    public static NDArray ssimMap(NDArray x, NDArray y, double dataRange) {
        String who = "ImageQuality.ssim";
        check(x, y, who);
        Checks.positive(dataRange, who, "dataRange");
        Shape s = x.getShape();
        Checks.check(s.dimension() >= 2 && s.dimension() <= 4, who, "an (H, W), (C, H, W) or (N, C, H, W) image", s);
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        Checks.check(h >= SSIM_WINDOW && w >= SSIM_WINDOW, who, "images at least " + SSIM_WINDOW + "×" + SSIM_WINDOW,
                h + "×" + w);
        NDManager manager = x.getManager();
        try (NDManager sub = manager.newSubManager()) {
            Shape four = new Shape(s.dimension() == 4 ? s.get(0) : 1, s.dimension() >= 3 ? s.get(s.dimension() - 3) : 1, h, w);
            NDArray a = x.toType(DataType.FLOAT64, true);
            NDArray b = y.toType(DataType.FLOAT64, true);
            a.attach(sub);
            b.attach(sub);
            a = a.reshape(four);
            b = b.reshape(four);
            NDArray mx = local(a);
            NDArray my = local(b);
            NDArray sxx = local(a.mul(a)).sub(mx.mul(mx));
            NDArray syy = local(b.mul(b)).sub(my.mul(my));
            NDArray sxy = local(a.mul(b)).sub(mx.mul(my));
            double c1 = K1 * dataRange * K1 * dataRange;
            double c2 = K2 * dataRange * K2 * dataRange;
            NDArray num = mx.mul(my).mul(2).add(c1).mul(sxy.mul(2).add(c2));
            NDArray den = mx.square().add(my.square()).add(c1).mul(sxx.add(syy).add(c2));
            NDArray map = num.div(den);
            map.attach(manager);
            return map;
        }
    }

    /** The Gaussian-weighted local mean at the valid positions. */
    private static NDArray local(NDArray a) {
        int pad = SSIM_WINDOW / 2;
        NDArray same = WINDOW.apply(a);
        return same.get(new NDIndex(":, :, {}:{}, {}:{}", pad, -pad, pad, -pad));
    }

    private static void check(NDArray x, NDArray y, String who) {
        Checks.floating(x, who, "x");
        Checks.check(x.getShape().equals(y.getShape()), who, "x and y of the same shape", x.getShape() + " vs " + y.getShape());
        Checks.check(x.getDataType() == y.getDataType(), who, "x and y of the same data type",
                x.getDataType() + " vs " + y.getDataType());
        Checks.check(x.size() > 0, who, "non-empty images", x.getShape());
    }
}
