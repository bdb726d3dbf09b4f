package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.data.LocalizationCanvas;

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
}
