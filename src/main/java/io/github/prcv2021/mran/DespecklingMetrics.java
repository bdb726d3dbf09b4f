package io.github.prcv2021.mran;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * The no-reference measures of the paper's real-image tables (Tables 2-5) that are fully defined, on a single
 * grey image given as an NDArray of shape (H, W), (1, H, W) or (1, 1, H, W):
 *
 * <ul>
 *   <li>{@link #enl ENL}, the equivalent number of looks {@code mean² / variance} over a homogeneous region
 *       (higher is smoother; for pure L-look intensity speckle on a constant scene it is L);
 *   <li>{@link #epdRoa EPD-ROA} (Ma et al., "Edge preservation degree based on ratio of average", 2016), horizontal
 *       (HD) and vertical (VD): {@code Σ|D(i)/D(i')| / Σ|O(i)/O(i')|} over pairs of adjacent pixels (i, i')
 *       in that direction, D the despeckled and O the original image (closer to 1 keeps edges better);
 *   <li>{@link #ratioImage ratio-image} statistics, the first-order part of the unassisted measure: the ratio
 *       {@code noisy / despeckled} should look like pure speckle, mean 1 and ENL L.
 * </ul>
 *
 * <p>Not implemented: the unassisted measure UM of Gomez, Ospina and Frery (2017). Its automatic detection of
 * homogeneous areas and its Haralick-texture term have several free choices the paper does not give; only its
 * first-order ingredients (ratio mean and ratio ENL) are provided here. PSNR and SSIM are in
 * {@code metrics.ImageQuality}.
 */
public final class DespecklingMetrics {

    private DespecklingMetrics() {}

    /** Mean and ENL of a ratio image, see {@link #ratioImage}. */
    public record RatioStatistics(double mean, double enl) {}

    /**
     * ENL of the rectangle {@code [top, top+height) × [left, left+width)}: {@code μ² / σ²} with the population
     * variance σ².
     */
    public static double enl(NDArray image, int top, int left, int height, int width) {
        Shape s = check(image, "DespecklingMetrics.enl");
        int h = (int) s.get(s.dimension() - 2);
        int w = (int) s.get(s.dimension() - 1);
        Checks.check(top >= 0 && left >= 0 && height >= 2 && width >= 1 && top + height <= h && left + width <= w,
                "DespecklingMetrics.enl", "a region of at least 2 pixels inside " + h + " x " + w,
                "[" + top + ", " + (top + height) + ") x [" + left + ", " + (left + width) + ")");
        return enl(pixels(image), w, top, left, height, width);
    }

    /** ENL of a region of a row-major image of width {@code stride}. */
    public static double enl(float[] image, int stride, int top, int left, int height, int width) {
        double s = 0;
        double s2 = 0;
        for (int i = top; i < top + height; i++) {
            for (int j = left; j < left + width; j++) {
                double v = image[i * stride + j];
                s += v;
                s2 += v * v;
            }
        }
        double n = (double) height * width;
        double mean = s / n;
        double var = s2 / n - mean * mean;
        return var > 0 ? mean * mean / var : Double.POSITIVE_INFINITY;
    }

    /**
     * EPD-ROA, {@code {HD, VD}}: for each direction the sum of {@code |D(i) / D(i')|} over horizontally (HD)
     * or vertically (VD) adjacent pixels, divided by the same sum over the original O. Pairs where a divisor
     * is zero are skipped in both sums.
     *
     * @param despeckled D
     * @param original O, the noisy input, same shape
     */
    public static double[] epdRoa(NDArray despeckled, NDArray original) {
        Shape s = check(despeckled, "DespecklingMetrics.epdRoa");
        Checks.check(s.equals(original.getShape()), "DespecklingMetrics.epdRoa", "an original of shape " + s,
                original.getShape());
        int h = (int) s.get(s.dimension() - 2);
        int w = (int) s.get(s.dimension() - 1);
        float[] d = pixels(despeckled);
        float[] o = pixels(original);
        double[] out = new double[2];
        for (int dir = 0; dir < 2; dir++) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < h - (dir == 1 ? 1 : 0); i++) {
                for (int j = 0; j < w - (dir == 0 ? 1 : 0); j++) {
                    int a = i * w + j;
                    int b = dir == 0 ? a + 1 : a + w;
                    if (d[b] == 0 || o[b] == 0) {
                        continue;
                    }
                    num += Math.abs(d[a] / d[b]);
                    den += Math.abs(o[a] / o[b]);
                }
            }
            out[dir] = num / den;
        }
        return out;
    }

    /**
     * Statistics of the ratio image {@code r = noisy / despeckled} (pixels with a zero despeckled value are
     * skipped): its mean (ideally 1: the filter preserves the mean) and its ENL over the whole image (ideally
     * the looks L: the filter removed speckle only).
     */
    public static RatioStatistics ratioImage(NDArray noisy, NDArray despeckled) {
        Shape s = check(noisy, "DespecklingMetrics.ratioImage");
        Checks.check(s.equals(despeckled.getShape()), "DespecklingMetrics.ratioImage", "a despeckled image of shape " + s,
                despeckled.getShape());
        float[] z = pixels(noisy);
        float[] y = pixels(despeckled);
        double sum = 0;
        double sum2 = 0;
        long n = 0;
        for (int i = 0; i < z.length; i++) {
            if (y[i] == 0) {
                continue;
            }
            double r = z[i] / (double) y[i];
            sum += r;
            sum2 += r * r;
            n++;
        }
        double mean = sum / n;
        double var = sum2 / n - mean * mean;
        return new RatioStatistics(mean, var > 0 ? mean * mean / var : Double.POSITIVE_INFINITY);
    }

    private static Shape check(NDArray image, String who) {
        Shape s = image.getShape();
        int d = s.dimension();
        Checks.check(d >= 2 && d <= 4 && s.size() == s.get(d - 2) * s.get(d - 1), who,
                "one grey image (H, W), (1, H, W) or (1, 1, H, W)", s);
        return s;
    }

    private static float[] pixels(NDArray image) {
        if (image.getDataType() == DataType.FLOAT32) {
            return image.toFloatArray();
        }
        try (NDArray f = image.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }
}
