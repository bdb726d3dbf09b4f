package io.github.prcv2021.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * Differentiable bilinear resizing of (N, C, H, W) maps as two matrix products, {@code R_h · x · R_wᵀ},
 * with PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} sampling (source coordinate
 * {@code (i + 0.5)·H/H' − 0.5}, clamped at the borders; no anti-aliasing when shrinking). DJL 0.33 resizes
 * only channel-last images; this works on feature maps inside a network (DeepLabv3+'s decoder, deep
 * supervision, guidance pyramids), and its gradient is the transposed resampling.
 */
public final class Resize {

    private Resize() {}

    /**
     * Resizes a batch of maps.
     *
     * @param x (N, C, H, W) floating
     * @return (N, C, outH, outW), on {@code x}'s manager
     */
    public static NDArray bilinear(NDArray x, int outH, int outW) {
        String who = "Resize.bilinear";
        Checks.rank(x, 4, who, "x (N, C, H, W)");
        Checks.floating(x, who, "x");
        Checks.positive(outH, who, "outH");
        Checks.positive(outW, who, "outW");
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (h == outH && w == outW) {
            return x.duplicate();
        }
        NDManager manager = x.getManager();
        try (NDArray rh = matrix(manager, h, outH).toType(x.getDataType(), false);
                NDArray rwT = matrix(manager, w, outW).transpose().toType(x.getDataType(), false);
                NDArray rows = rh.matMul(x)) {
            return rows.matMul(rwT);
        }
    }

    /** The (out × in) bilinear resampling matrix of one axis; each row sums to 1. */
    public static NDArray matrix(NDManager manager, int in, int out) {
        float[] m = new float[out * in];
        double scale = (double) in / out;
        for (int i = 0; i < out; i++) {
            double y = Math.max(0, (i + 0.5) * scale - 0.5);
            int y0 = Math.min((int) y, in - 1);
            int y1 = Math.min(y0 + 1, in - 1);
            double f = y - y0;
            m[i * in + y0] += (float) (1 - f);
            m[i * in + y1] += (float) f;
        }
        return manager.create(m, new Shape(out, in));
    }
}
