package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.data.LocalizationCanvas;
import io.github.prcv2021.metrics.Localization;
import io.github.prcv2021.metrics.Localization.Box;

/**
 * CAM's post-processing of a raw activation map, shared by {@link ClassActivationMap} and {@link DistCam}:
 * optional ReLU, min-max normalisation to [0, 1], bilinear upsampling to the input size (PyTorch's
 * {@code align_corners=False} convention). Host-side, one map at a time.
 */
public final class Heatmaps {

    private Heatmaps() {}

    /**
     * ReLU (when asked), min-max normalisation, bilinear upsampling.
     *
     * @param map a raw map, row-major {@code h x w}
     * @param relu whether to clip negative values to 0 first
     * @return the {@code outH x outW} map in [0, 1]; a constant map becomes all zeros
     */
    public static float[] postprocess(float[] map, int h, int w, int outH, int outW, boolean relu) {
        Checks.check(map.length == h * w, "Heatmaps.postprocess", "h * w = " + h * w + " values", map.length);
        float[] m = map.clone();
        if (relu) {
            for (int i = 0; i < m.length; i++) {
                m[i] = Math.max(0f, m[i]);
            }
        }
        normalizeInPlace(m);
        return h == outH && w == outW ? m : LocalizationCanvas.resizeBilinear(m, h, w, outH, outW);
    }

    /** Min-max normalisation to [0, 1] in place; a constant map becomes zeros. */
    public static void normalizeInPlace(float[] m) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : m) {
            Checks.check(!Float.isNaN(v), "Heatmaps.normalize", "a map without NaN", "NaN");
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float range = hi - lo;
        for (int i = 0; i < m.length; i++) {
            m[i] = range > 0 ? (m[i] - lo) / range : 0f;
        }
    }

    /**
     * Post-processes a batch of maps {@code (N, H, W)}.
     *
     * @return {@code N} row-major maps of {@code outH x outW} in [0, 1]
     */
    public static float[][] postprocess(NDArray maps, int outH, int outW, boolean relu) {
        Checks.rank(maps, 3, "Heatmaps.postprocess", "maps (N, H, W)");
        int n = (int) maps.getShape().get(0);
        int h = (int) maps.getShape().get(1);
        int w = (int) maps.getShape().get(2);
        float[] all = maps.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] one = new float[h * w];
            System.arraycopy(all, i * h * w, one, 0, h * w);
            out[i] = postprocess(one, h, w, outH, outW, relu);
        }
        return out;
    }

    /**
     * CAM's box ({@link Localization#thresholdToBox}: threshold at a fraction of the maximum, largest
     * 8-connected component, its bounding box) at several fractions in one pass. The masks of increasing
     * fractions are nested, so the pixels are added from the highest level down and merged with a
     * union-find that keeps each component's size, first pixel and bounding box; after each level the
     * largest component (ties: the one whose first pixel comes first in row-major order, as
     * {@link Localization#largestComponent}) gives that fraction's box. Same boxes as calling
     * {@code thresholdToBox} once per fraction, at a fraction of the cost.
     *
     * @param map a row-major {@code h x w} map without NaN
     * @param fractions increasing fractions in [0, 1]
     * @return one box per fraction
     */
    static Box[] thresholdSweep(float[] map, int h, int w, double[] fractions) {
        String who = "Heatmaps.thresholdSweep";
        Checks.check(map.length == h * w && h > 0 && w > 0, who, "h * w = " + h * w + " values", map.length);
        int levels = fractions.length;
        for (int t = 0; t < levels; t++) {
            Checks.inRange(fractions[t], 0, 1, who, "fraction");
            Checks.check(t == 0 || fractions[t] > fractions[t - 1], who, "increasing fractions", fractions[t]);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : map) {
            Checks.check(!Float.isNaN(v), who, "a map without NaN", "NaN");
            max = Math.max(max, v);
        }
        Box[] boxes = new Box[levels];
        if (!(max > 0)) { // Localization.threshold: the whole image
            java.util.Arrays.fill(boxes, new Box(0, 0, w - 1, h - 1));
            return boxes;
        }
        double[] thr = new double[levels];
        for (int t = 0; t < levels; t++) {
            thr[t] = fractions[t] * max;
        }
        int n = h * w;
        // level of a pixel: how many thresholds it reaches (0 = none); bucket the pixels by level
        int[] level = new int[n];
        int[] count = new int[levels + 2];
        for (int i = 0; i < n; i++) {
            int l = 0;
            while (l < levels && map[i] >= thr[l]) {
                l++;
            }
            level[i] = l;
            count[l + 1]++;
        }
        for (int l = 1; l <= levels + 1; l++) {
            count[l] += count[l - 1];
        }
        int[] order = new int[n];
        int[] start = count.clone();
        for (int i = 0; i < n; i++) {
            order[start[level[i]]++] = i;
        }
        int[] parent = new int[n];
        int[] size = new int[n];
        int[] first = new int[n];
        int[] x0 = new int[n];
        int[] y0 = new int[n];
        int[] x1 = new int[n];
        int[] y1 = new int[n];
        java.util.Arrays.fill(parent, -1); // -1: not on the mask yet
        for (int t = levels - 1; t >= 0; t--) {
            // add the pixels that reach threshold t but not t + 1
            for (int k = count[t + 1]; k < count[t + 2]; k++) {
                int p = order[k];
                int r = p / w;
                int c = p % w;
                parent[p] = p;
                size[p] = 1;
                first[p] = p;
                x0[p] = c;
                x1[p] = c;
                y0[p] = r;
                y1[p] = r;
                for (int dr = -1; dr <= 1; dr++) {
                    int rr = r + dr;
                    if (rr < 0 || rr >= h) {
                        continue;
                    }
                    for (int dc = -1; dc <= 1; dc++) {
                        int cc = c + dc;
                        if ((dr == 0 && dc == 0) || cc < 0 || cc >= w || parent[rr * w + cc] < 0) {
                            continue;
                        }
                        int a = find(parent, p);
                        int b = find(parent, rr * w + cc);
                        if (a == b) {
                            continue;
                        }
                        if (size[a] < size[b]) {
                            int tmp = a;
                            a = b;
                            b = tmp;
                        }
                        parent[b] = a;
                        size[a] += size[b];
                        first[a] = Math.min(first[a], first[b]);
                        x0[a] = Math.min(x0[a], x0[b]);
                        y0[a] = Math.min(y0[a], y0[b]);
                        x1[a] = Math.max(x1[a], x1[b]);
                        y1[a] = Math.max(y1[a], y1[b]);
                    }
                }
            }
            int best = -1;
            for (int p = 0; p < n; p++) {
                if (parent[p] == p && (best < 0 || size[p] > size[best]
                        || (size[p] == size[best] && first[p] < first[best]))) {
                    best = p;
                }
            }
            boxes[t] = best < 0 ? null : new Box(x0[best], y0[best], x1[best], y1[best]);
        }
        return boxes;
    }

    private static int find(int[] parent, int p) {
        while (parent[p] != p) {
            parent[p] = parent[parent[p]];
            p = parent[p];
        }
        return p;
    }
}
