package io.github.prcv2021.textureunet;

import io.github.prcv2021.core.Checks;

/**
 * A multi-scale Hessian ridge ("vesselness") filter in the spirit of Sato et al. (1998), used to make the
 * target of the offline stand-in task: dark tubular structures (vessels in a fundus green channel) have, across
 * the tube, a large positive second derivative. For every scale σ the image is smoothed with a Gaussian
 * (truncated at 4σ, mirrored borders), the Hessian is taken by central differences, and the response is
 * {@code σ²·max(λ_max, 0)} with λ_max the larger Hessian eigenvalue (σ² makes scales comparable, Lindeberg's
 * normalisation); the filter is the maximum over scales. This is a simplification of scikit-image's
 * {@code sato} (which also uses Gaussian-derivative Hessians), enough for a structure-to-"flow" map that stands
 * in for OCT-to-OCTA. Plain Java on row-major float arrays.
 */
public final class RidgeFilter {

    private RidgeFilter() {}

    /**
     * The dark-ridge response.
     *
     * @param image row-major (height × width)
     * @param sigmas the scales, each > 0 (the digest: 1 and 2)
     * @return the response, ≥ 0, same layout
     */
    public static float[] darkRidges(float[] image, int height, int width, double... sigmas) {
        Checks.check(image.length == height * width && height >= 3 && width >= 3, "RidgeFilter",
                "an image of " + height + " x " + width + " ≥ 3 x 3 pixels", image.length);
        Checks.check(sigmas.length > 0, "RidgeFilter", "at least one scale", sigmas.length);
        float[] out = new float[image.length];
        for (double sigma : sigmas) {
            Checks.positive(sigma, "RidgeFilter", "sigma");
            double[] f = smooth(image, height, width, sigma);
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    int rm = Math.max(r - 1, 0);
                    int rp = Math.min(r + 1, height - 1);
                    int cm = Math.max(c - 1, 0);
                    int cp = Math.min(c + 1, width - 1);
                    double centre = f[r * width + c];
                    double hrr = f[rp * width + c] - 2 * centre + f[rm * width + c];
                    double hcc = f[r * width + cp] - 2 * centre + f[r * width + cm];
                    double hrc = (f[rp * width + cp] - f[rp * width + cm] - f[rm * width + cp] + f[rm * width + cm]) / 4;
                    double mean = (hrr + hcc) / 2;
                    double dev = Math.sqrt((hrr - hcc) * (hrr - hcc) / 4 + hrc * hrc);
                    double v = sigma * sigma * Math.max(mean + dev, 0);
                    out[r * width + c] = (float) Math.max(out[r * width + c], v);
                }
            }
        }
        return out;
    }

    /** Separable Gaussian smoothing with mirrored ("reflect") borders, truncated at 4σ. */
    static double[] smooth(float[] image, int height, int width, double sigma) {
        int r = (int) Math.ceil(4 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        double[] tmp = new double[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double a = 0;
                for (int i = -r; i <= r; i++) {
                    a += k[i + r] * image[y * width + mirror(x + i, width)];
                }
                tmp[y * width + x] = a;
            }
        }
        double[] out = new double[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double a = 0;
                for (int i = -r; i <= r; i++) {
                    a += k[i + r] * tmp[mirror(y + i, height) * width + x];
                }
                out[y * width + x] = a;
            }
        }
        return out;
    }

    private static int mirror(int i, int n) {
        while (i < 0 || i >= n) {
            i = i < 0 ? -i - 1 : 2 * n - i - 1;
        }
        return i;
    }
}
