package io.github.prcv2021.textureunet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/**
 * The adapting kernel of a pixel-adaptive convolution (Eq. 2 of the paper, after Su et al., "Pixel-Adaptive
 * Convolutional Neural Networks", CVPR 2019): for an output location i with window Ω(i) and window centre
 * c(i), {@code K(f_c, f_j) = exp(−½ Σ_ch (f_{j,ch} − f_{c,ch})²)}, a Gaussian of unit bandwidth over all guidance
 * channels at once, so that one value per window position is shared by every input and output channel
 * (PacNet's {@code channel_wise = False}). The guidance is zero-padded like the input, and window (i, j)
 * starts at {@code (i·s, j·s)} of the padded maps. Also the unfolding ("im2col") these layers need, built from
 * strided slices since DJL has no {@code unfold}.
 */
public final class PacKernel {

    private PacKernel() {}

    /**
     * The kernel values.
     *
     * @param guidePadded (N, G, Hp, Wp), already padded
     * @param k the odd window side
     * @param stride s
     * @param outH Ho
     * @param outW Wo
     * @return (N, 1, k·k, Ho, Wo), window positions row-major, on the guidance's manager
     */
    public static NDArray compute(NDArray guidePadded, int k, int stride, int outH, int outW) {
        String who = "PacKernel.compute";
        Checks.rank(guidePadded, 4, who, "a guidance (N, G, H, W)");
        Checks.check(k >= 1 && k % 2 == 1, who, "an odd kernel size", k);
        NDArray windows = unfold(guidePadded, k, stride, outH, outW);
        NDArray centre = window(guidePadded, k / 2, k / 2, stride, outH, outW).expandDims(2);
        return windows.sub(centre).square().sum(new int[] {1}, true).mul(-0.5f).exp();
    }

    /** The k·k strided views of {@link #window}, stacked: (N, C, k·k, Ho, Wo). */
    static NDArray unfold(NDArray padded, int k, int stride, int outH, int outW) {
        NDList cols = new NDList();
        for (int di = 0; di < k; di++) {
            for (int dj = 0; dj < k; dj++) {
                cols.add(window(padded, di, dj, stride, outH, outW));
            }
        }
        return NDArrays.stack(cols, 2);
    }

    /**
     * The strided view of a padded map that window position (di, dj) sees for every output location:
     * {@code x[:, :, di + s·i, dj + s·j]} for {@code i < Ho, j < Wo}.
     */
    static NDArray window(NDArray padded, int di, int dj, int stride, int outH, int outW) {
        Shape s = padded.getShape();
        int lastH = di + stride * (outH - 1);
        int lastW = dj + stride * (outW - 1);
        Checks.check(lastH < s.get(2) && lastW < s.get(3), "PacKernel", "a padded map covering every window", s);
        if (stride == 1) {
            return padded.get(new NDIndex(":, :, {}:{}, {}:{}", di, lastH + 1, dj, lastW + 1));
        }
        return padded.get(new NDIndex(":, :, {}:{}:{}, {}:{}:{}", di, lastH + 1, stride, dj, lastW + 1, stride));
    }

    /**
     * The PAC of Eq. 2 on already padded maps: {@code v'_i = Σ_j K(f_i, f_j) W[p_i − p_j] v_j + b}.
     *
     * @param xPadded (N, C, Hp, Wp)
     * @param guidePadded (N, G, Hp, Wp)
     * @param weight (C_out, C, k, k) in cross-correlation order
     * @param bias (C_out) or null
     * @return (N, C_out, Ho, Wo)
     */
    static NDArray pacPadded(NDArray xPadded, NDArray guidePadded, NDArray weight, NDArray bias, int stride, int outH,
            int outW) {
        Shape ws = weight.getShape();
        int k = (int) ws.get(2);
        long n = xPadded.getShape().get(0);
        long c = xPadded.getShape().get(1);
        NDArray kernel = compute(guidePadded, k, stride, outH, outW);
        NDArray unfolded = unfold(xPadded, k, stride, outH, outW).mul(kernel).reshape(n, c * k * k, (long) outH * outW);
        NDArray w2 = weight.reshape(ws.get(0), c * k * k);
        w2.attach(xPadded.getManager());
        NDArray y = w2.matMul(unfolded).reshape(n, ws.get(0), outH, outW);
        if (bias != null) {
            NDArray b = bias.reshape(1, ws.get(0), 1, 1);
            b.attach(xPadded.getManager());
            y = y.add(b);
        }
        return y;
    }
}
