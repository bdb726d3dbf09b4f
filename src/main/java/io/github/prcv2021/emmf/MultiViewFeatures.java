package io.github.prcv2021.emmf;

import io.github.prcv2021.core.Checks;
import java.util.Random;

/**
 * Hand-crafted image descriptors that turn one image into several "views", as the multi-view
 * benchmarks of the paper's Table 1 do (HOG, LBP, intensity statistics). All methods take one
 * grey image, row-major {@code h × w}, and return a new array; {@link #minMaxScale} scales a whole view.
 */
public final class MultiViewFeatures {

    private MultiViewFeatures() {}

    /**
     * A HOG-like descriptor: per pixel the gradient {@code gx = I(y, x+1) − I(y, x−1)},
     * {@code gy = I(y+1, x) − I(y−1, x)} (borders replicated), magnitude {@code √(gx² + gy²)} and unsigned
     * orientation {@code atan2(gy, gx) mod π}; each of {@code cellsY × cellsX} equal cells sums its pixels'
     * magnitudes into {@code bins} equal orientation bins over [0, π) (hard assignment, no block
     * normalisation). Output cell-major: {@code out[(cy * cellsX + cx) * bins + b]}.
     *
     * @param image {@code h × w} values, row-major
     * @param h height, divisible by {@code cellsY}
     * @param w width, divisible by {@code cellsX}
     */
    public static float[] hog(float[] image, int h, int w, int cellsY, int cellsX, int bins) {
        String who = "MultiViewFeatures.hog";
        checkImage(image, h, w, who);
        Checks.positive(cellsY, who, "cellsY");
        Checks.positive(cellsX, who, "cellsX");
        Checks.positive(bins, who, "bins");
        Checks.check(h % cellsY == 0 && w % cellsX == 0, who, "an image size divisible by the cells " + cellsY + "x" + cellsX,
                h + "x" + w);
        int ch = h / cellsY;
        int cw = w / cellsX;
        float[] out = new float[cellsY * cellsX * bins];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double gx = image[y * w + Math.min(x + 1, w - 1)] - image[y * w + Math.max(x - 1, 0)];
                double gy = image[Math.min(y + 1, h - 1) * w + x] - image[Math.max(y - 1, 0) * w + x];
                double mag = Math.sqrt(gx * gx + gy * gy);
                if (mag == 0) {
                    continue;
                }
                double angle = Math.atan2(gy, gx);
                if (angle < 0) {
                    angle += Math.PI;
                }
                if (angle >= Math.PI) { // atan2(0, gx < 0) = π: the same unsigned orientation as 0
                    angle -= Math.PI;
                }
                int bin = Math.min((int) (angle / Math.PI * bins), bins - 1);
                int cell = (y / ch) * cellsX + x / cw;
                out[cell * bins + bin] += (float) mag;
            }
        }
        return out;
    }

    /** The 58 uniform 8-bit patterns (at most two 0/1 transitions around the circle) get bins 0..57, all others bin 58. */
    static final int[] UNIFORM_LBP_BIN = uniformBins();

    private static int[] uniformBins() {
        int[] map = new int[256];
        int next = 0;
        for (int code = 0; code < 256; code++) {
            int transitions = 0;
            for (int b = 0; b < 8; b++) {
                int bit = (code >> b) & 1;
                int nextBit = (code >> ((b + 1) % 8)) & 1;
                transitions += bit != nextBit ? 1 : 0;
            }
            map[code] = transitions <= 2 ? next++ : -1;
        }
        for (int code = 0; code < 256; code++) {
            if (map[code] < 0) {
                map[code] = next;
            }
        }
        return map;
    }

    /**
     * The uniform local binary pattern histogram (Ojala et al., 8 neighbours at radius 1): for every interior
     * pixel, bit {@code b} of the code is 1 if the b-th neighbour (clockwise from the top-left) is {@code ≥}
     * the centre; the 58 uniform codes each have a bin, the rest share bin 58. The 59 counts are divided by
     * the number of interior pixels, so they sum to 1.
     */
    public static float[] uniformLbpHistogram(float[] image, int h, int w) {
        String who = "MultiViewFeatures.uniformLbpHistogram";
        checkImage(image, h, w, who);
        Checks.check(h >= 3 && w >= 3, who, "an image of at least 3x3", h + "x" + w);
        int[] dy = {-1, -1, -1, 0, 1, 1, 1, 0};
        int[] dx = {-1, 0, 1, 1, 1, 0, -1, -1};
        float[] out = new float[59];
        int count = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                float c = image[y * w + x];
                int code = 0;
                for (int b = 0; b < 8; b++) {
                    if (image[(y + dy[b]) * w + x + dx[b]] >= c) {
                        code |= 1 << b;
                    }
                }
                out[UNIFORM_LBP_BIN[code]]++;
                count++;
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= count;
        }
        return out;
    }

    /** Average pooling over non-overlapping {@code f × f} blocks; h and w must be divisible by f. */
    public static float[] averagePool(float[] image, int h, int w, int f) {
        String who = "MultiViewFeatures.averagePool";
        checkImage(image, h, w, who);
        Checks.positive(f, who, "the pooling factor");
        Checks.check(h % f == 0 && w % f == 0, who, "an image size divisible by " + f, h + "x" + w);
        int oh = h / f;
        int ow = w / f;
        float[] out = new float[oh * ow];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[(y / f) * ow + x / f] += image[y * w + x] / (f * f);
            }
        }
        return out;
    }

    /** Row sums then column sums, each divided by the other side's length (mean intensity per row and per column). */
    public static float[] profiles(float[] image, int h, int w) {
        checkImage(image, h, w, "MultiViewFeatures.profiles");
        float[] out = new float[h + w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y] += image[y * w + x] / w;
                out[h + x] += image[y * w + x] / h;
            }
        }
        return out;
    }

    /**
     * A Gaussian random projection matrix {@code (d, m)} with entries {@code N(0, 1/d)}, row-major, from
     * {@code random}.
     */
    public static float[] gaussianProjection(int d, int m, Random random) {
        Checks.positive(d, "MultiViewFeatures.gaussianProjection", "d");
        Checks.positive(m, "MultiViewFeatures.gaussianProjection", "m");
        float[] p = new float[d * m];
        double s = 1 / Math.sqrt(d);
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (random.nextGaussian() * s);
        }
        return p;
    }

    /** {@code x (d) · P (d, m)}. */
    public static float[] project(float[] x, float[] projection, int m) {
        Checks.check(projection.length == x.length * m, "MultiViewFeatures.project", "a projection of " + x.length + " x " + m,
                projection.length + " values");
        float[] out = new float[m];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < m; j++) {
                out[j] += x[i] * projection[i * m + j];
            }
        }
        return out;
    }

    /**
     * Scales every column of a row-major {@code (n, d)} view to [0, 1] in place: {@code (v − min) / (max − min)};
     * a constant column becomes 0.
     *
     * @return {@code view}
     */
    public static float[] minMaxScale(float[] view, int n, int d) {
        String who = "MultiViewFeatures.minMaxScale";
        Checks.notNull(view, who, "a view");
        Checks.check((long) n * d == view.length, who, n + " x " + d + " = " + (long) n * d + " values", view.length);
        for (int j = 0; j < d; j++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, view[i * d + j]);
                hi = Math.max(hi, view[i * d + j]);
            }
            float range = hi - lo;
            for (int i = 0; i < n; i++) {
                view[i * d + j] = range > 0 ? (view[i * d + j] - lo) / range : 0f;
            }
        }
        return view;
    }

    private static void checkImage(float[] image, int h, int w, String who) {
        Checks.notNull(image, who, "an image");
        Checks.positive(h, who, "height");
        Checks.positive(w, who, "width");
        Checks.check(image.length == h * w, who, h + " x " + w + " = " + h * w + " pixels", image.length);
    }
}
