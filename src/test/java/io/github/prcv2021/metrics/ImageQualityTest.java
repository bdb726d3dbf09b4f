package io.github.prcv2021.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * PSNR and SSIM against hand calculations and against scikit-image 0.19.3 (an independent
 * implementation; the reference numbers were computed once with
 * {@code structural_similarity(x, y, data_range=1, gaussian_weights=True, sigma=1.5,
 * use_sample_covariance=False)} and {@code peak_signal_noise_ratio} on the images built by
 * {@link #pair}).
 */
class ImageQualityTest {

    private static final int H = 24;
    private static final int W = 31;

    /** x = 0.5 + 0.3 sin(0.37i) cos(0.23j) + 0.1 sin(0.05ij); y = x + 0.08 sin(1.7i + 2.3j) + 0.05 cos(0.9ij + 0.4). */
    private static double[][] pair() {
        double[] x = new double[H * W];
        double[] y = new double[H * W];
        for (int i = 0; i < H; i++) {
            for (int j = 0; j < W; j++) {
                double v = 0.5 + 0.3 * Math.sin(0.37 * i) * Math.cos(0.23 * j) + 0.1 * Math.sin(0.05 * i * j);
                x[i * W + j] = v;
                y[i * W + j] = v + 0.08 * Math.sin(1.7 * i + 2.3 * j) + 0.05 * Math.cos(0.9 * i * j + 0.4);
            }
        }
        return new double[][] {x, y};
    }

    @Test
    void psnrAndSsimMatchScikitImage() {
        double[][] p = pair();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(p[0], new Shape(H, W));
            NDArray y = m.create(p[1], new Shape(H, W));
            assertEquals(23.566053489544355, ImageQuality.psnr(x, y, 1.0), 1e-9);
            assertEquals(0.83269142250011, ImageQuality.ssim(x, y, 1.0), 1e-7);
            // scale invariance with the data range: 255 x, 255 y, R = 255
            assertEquals(0.8326914225001096, ImageQuality.ssim(x.mul(255), y.mul(255), 255.0), 1e-7);
            // float32 inputs are evaluated in double precision after the cast
            assertEquals(0.83269142250011, ImageQuality.ssim(x.toType(DataType.FLOAT32, false),
                    y.toType(DataType.FLOAT32, false), 1.0), 1e-5);
            // three channels (x, x², 1 − x) vs (y, y² + 0.02 cos(i + j), 1 − 0.9 y): scikit-image's channel_axis=0
            NDArray i = m.arange(H).toType(DataType.FLOAT64, false).reshape(H, 1);
            NDArray j = m.arange(W).toType(DataType.FLOAT64, false).reshape(1, W);
            NDArray xs = NDArrays.stack(new ai.djl.ndarray.NDList(x, x.square(), x.neg().add(1)));
            NDArray ys = NDArrays.stack(new ai.djl.ndarray.NDList(y, y.square().add(i.add(j).cos().mul(0.02)),
                    y.mul(0.9).neg().add(1)));
            assertEquals(0.8328946701656846, ImageQuality.ssim(xs, ys, 1.0), 1e-7);
            assertEquals(new Shape(1, 3, H - 10, W - 10), ImageQuality.ssimMap(xs, ys, 1.0).getShape());
        }
    }

    @Test
    void closedFormsOnConstantAndIdenticalImages() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.full(new Shape(1, 1, 16, 16), 0.25f).toType(DataType.FLOAT64, false);
            NDArray b = m.full(new Shape(1, 1, 16, 16), 0.5f).toType(DataType.FLOAT64, false);
            // zero variances: SSIM = (2ab + C1) / (a² + b² + C1) · C2 / C2
            double c1 = 0.01 * 0.01;
            assertEquals((2 * 0.25 * 0.5 + c1) / (0.0625 + 0.25 + c1), ImageQuality.ssim(a, b, 1.0), 1e-9);
            // MSE = 0.0625 → PSNR = 10 log10(16)
            assertEquals(10 * Math.log10(16), ImageQuality.psnr(a, b, 1.0), 1e-9);
            NDArray r = m.randomUniform(0, 1, new Shape(2, 3, 14, 20), DataType.FLOAT64);
            assertEquals(1.0, ImageQuality.ssim(r, r, 1.0), 1e-12);
            assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(r, r, 1.0));
            // SSIM is symmetric and below 1 for a different image
            NDArray q = r.add(m.randomNormal(0, 0.1f, r.getShape(), DataType.FLOAT64));
            double s = ImageQuality.ssim(r, q, 1.0);
            assertEquals(s, ImageQuality.ssim(q, r, 1.0), 1e-12);
            assertTrue(s < 0.99, "SSIM " + s);
            // per-image values average to the batch value (equal sizes)
            double[] per = ImageQuality.ssimPerImage(r, q, 1.0);
            assertEquals(s, (per[0] + per[1]) / 2, 1e-12);
            double[] psnr = ImageQuality.psnrPerImage(r, q, 1.0);
            assertEquals(2, psnr.length);
            assertEquals(ImageQuality.psnr(r.get(0), q.get(0), 1.0), psnr[0], 1e-12);
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(16, 16));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ImageQuality.ssim(a, m.zeros(new Shape(16, 15)), 1.0));
            assertTrue(e.getMessage().contains("same shape"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ImageQuality.ssim(m.zeros(new Shape(8, 8)), m.zeros(new Shape(8, 8)), 1.0));
            assertTrue(e.getMessage().contains("at least 11"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ImageQuality.psnr(a, a, 0));
        }
    }

    @Test
    void confusionMatrixIouByHand() {
        // truth 0 0 1 1 2 255, prediction 0 1 1 1 0 2: TP0 = 1, FP0 = 1 (the 2), FN0 = 1 → IoU 1/3;
        // TP1 = 2, FP1 = 1, FN1 = 0 → 2/3; TP2 = 0, FN2 = 1 → 0; the ignored pixel is skipped
        ConfusionMatrix cm = new ConfusionMatrix(4);
        try (NDManager m = NDManager.newBaseManager()) {
            cm.add(m.create(new int[] {0, 1, 1, 1, 0, 2}), m.create(new int[] {0, 0, 1, 1, 2, 255}));
        }
        double[] iou = cm.iou();
        assertEquals(1.0 / 3, iou[0], 1e-12);
        assertEquals(2.0 / 3, iou[1], 1e-12);
        assertEquals(0.0, iou[2], 1e-12);
        assertTrue(Double.isNaN(iou[3]), "class 3 never occurs");
        assertEquals((1.0 / 3 + 2.0 / 3) / 3, cm.meanIou(), 1e-12);
        assertEquals(3.0 / 5, cm.pixelAccuracy(), 1e-12);
        assertEquals(5, cm.total());
        assertArrayEquals(new long[] {1, 1, 0, 0}, cm.counts()[0]);
        // bad labels leave the matrix unchanged
        assertThrows(IllegalArgumentException.class, () -> cm.add(new int[] {0, 4}, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> cm.add(new int[] {0}, new int[] {0, 1}));
        assertEquals(5, cm.total());
    }
}
