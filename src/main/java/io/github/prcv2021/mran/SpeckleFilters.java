package io.github.prcv2021.mran;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * The classical adaptive speckle filters the paper compares with (Table 1: Frost) plus Lee's filter, from
 * their published definitions, on grey images held as row-major {@code float[]} (or NDArrays of shape
 * (H, W), (1, H, W) or (N, 1, H, W)). Local statistics are taken over a square window of odd side w centred
 * on each pixel, with the image mirrored at its borders ({@code d c b a | a b c d}, scipy's "reflect").
 *
 * <ul>
 *   <li><b>Lee</b> (J.-S. Lee, IEEE TPAMI 2(2), 1980, multiplicative model; weight as in Lopes, Touzi and
 *       Nezry, IEEE TGRS 1990): {@code x̂ = μ + W (z − μ)}, {@code W = 1 − C_u² / C_i²} clipped to [0, 1], with
 *       the local mean μ, the local coefficient of variation {@code C_i = σ / μ} and the speckle's
 *       {@code C_u = 1/√L} (intensity; amplitude {@code √(4/π − 1)/√L ≈ 0.5227/√L}).
 *   <li><b>Frost</b> (V. S. Frost et al., IEEE TPAMI 4(2), 1982): {@code x̂ = Σ_t m(t) z(t) / Σ_t m(t)} with
 *       {@code m(t) = exp(−K C_i² |t|)}, |t| the Euclidean distance of window pixel t from the centre and K the
 *       damping factor (the form of the common SAR toolboxes, e.g. PyRadar's {@code frost_filter}).
 * </ul>
 */
public final class SpeckleFilters {

    private SpeckleFilters() {}

    /** C_u, the speckle's coefficient of variation, for L looks in the intensity or amplitude domain. */
    public static double speckleVariation(double looks, boolean amplitude) {
        Checks.positive(looks, "SpeckleFilters.speckleVariation", "looks");
        return amplitude ? Math.sqrt(4 / Math.PI - 1) / Math.sqrt(looks) : 1 / Math.sqrt(looks);
    }

    /**
     * Lee's filter of one H×W image.
     *
     * @param window odd window side w ≥ 3
     * @param cu the speckle's coefficient of variation C_u ({@link #speckleVariation})
     */
    public static float[] lee(float[] z, int height, int width, int window, double cu) {
        checkImage(z, height, width, window, "SpeckleFilters.lee");
        Checks.nonNegative(cu, "SpeckleFilters.lee", "cu");
        float[] out = new float[z.length];
        int r = window / 2;
        double cu2 = cu * cu;
        int n = window * window;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                double s = 0;
                double s2 = 0;
                for (int di = -r; di <= r; di++) {
                    int row = mirror(i + di, height) * width;
                    for (int dj = -r; dj <= r; dj++) {
                        double v = z[row + mirror(j + dj, width)];
                        s += v;
                        s2 += v * v;
                    }
                }
                double mean = s / n;
                double var = Math.max(0, s2 / n - mean * mean);
                double ci2 = mean != 0 ? var / (mean * mean) : 0;
                double w = ci2 > 0 ? 1 - cu2 / ci2 : 0;
                w = Math.min(1, Math.max(0, w));
                out[i * width + j] = (float) (mean + w * (z[i * width + j] - mean));
            }
        }
        return out;
    }

    /**
     * Frost's filter of one H×W image.
     *
     * @param window odd window side w ≥ 3
     * @param damping K ≥ 0, the damping factor (K = 0 is the moving average)
     */
    public static float[] frost(float[] z, int height, int width, int window, double damping) {
        checkImage(z, height, width, window, "SpeckleFilters.frost");
        Checks.nonNegative(damping, "SpeckleFilters.frost", "damping");
        float[] out = new float[z.length];
        int r = window / 2;
        int n = window * window;
        double[] dist = new double[n];
        for (int di = -r, k = 0; di <= r; di++) {
            for (int dj = -r; dj <= r; dj++, k++) {
                dist[k] = Math.sqrt(di * di + dj * dj);
            }
        }
        double[] v = new double[n];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                double s = 0;
                double s2 = 0;
                for (int di = -r, k = 0; di <= r; di++) {
                    int row = mirror(i + di, height) * width;
                    for (int dj = -r; dj <= r; dj++, k++) {
                        v[k] = z[row + mirror(j + dj, width)];
                        s += v[k];
                        s2 += v[k] * v[k];
                    }
                }
                double mean = s / n;
                double var = Math.max(0, s2 / n - mean * mean);
                double b = mean != 0 ? damping * var / (mean * mean) : 0;
                double num = 0;
                double den = 0;
                for (int k = 0; k < n; k++) {
                    double m = Math.exp(-b * dist[k]);
                    num += m * v[k];
                    den += m;
                }
                out[i * width + j] = (float) (num / den);
            }
        }
        return out;
    }

    /** Lee's filter applied to every image of x ((H, W), (1, H, W) or (N, 1, H, W)); same shape, float32. */
    public static NDArray lee(NDArray x, int window, double cu) {
        return apply(x, "SpeckleFilters.lee", (img, h, w) -> lee(img, h, w, window, cu));
    }

    /** Frost's filter applied to every image of x ((H, W), (1, H, W) or (N, 1, H, W)); same shape, float32. */
    public static NDArray frost(NDArray x, int window, double damping) {
        return apply(x, "SpeckleFilters.frost", (img, h, w) -> frost(img, h, w, window, damping));
    }

    private interface ImageFilter {
        float[] filter(float[] image, int height, int width);
    }

    private static NDArray apply(NDArray x, String who, ImageFilter f) {
        Shape s = x.getShape();
        int d = s.dimension();
        Checks.check(d >= 2 && d <= 4 && (d == 2 || s.get(d - 3) == 1), who, "(H, W), (1, H, W) or (N, 1, H, W)", s);
        int h = (int) s.get(d - 2);
        int w = (int) s.get(d - 1);
        long count = s.size() / ((long) h * w);
        float[] all;
        if (x.getDataType() == DataType.FLOAT32) {
            all = x.toFloatArray();
        } else {
            try (NDArray wide = x.toType(DataType.FLOAT32, true)) {
                all = wide.toFloatArray();
            }
        }
        float[] out = new float[all.length];
        float[] img = new float[h * w];
        for (int k = 0; k < count; k++) {
            System.arraycopy(all, k * h * w, img, 0, h * w);
            System.arraycopy(f.filter(img, h, w), 0, out, k * h * w, h * w);
        }
        NDManager m = x.getManager();
        return m.create(out, s);
    }

    static int mirror(int i, int n) {
        if (n == 1) {
            return 0;
        }
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }

    private static void checkImage(float[] z, int height, int width, int window, String who) {
        Checks.positive(height, who, "height");
        Checks.positive(width, who, "width");
        Checks.check(z != null && z.length == height * width, who, "an image of " + height + " x " + width + " = "
                + (height * width) + " values", z == null ? null : z.length);
        Checks.check(window >= 3 && window % 2 == 1, who, "an odd window side >= 3", window);
    }
}
