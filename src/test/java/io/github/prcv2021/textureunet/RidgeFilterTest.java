package io.github.prcv2021.textureunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Hessian ridge filter on synthetic lines. */
class RidgeFilterTest {

    private static float[] line(int n, boolean vertical, float depth) {
        float[] img = new float[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int d = vertical ? c - n / 2 : r - n / 2;
                img[r * n + c] = 1f - depth * (float) Math.exp(-d * d / 2.0);
            }
        }
        return img;
    }

    @Test
    void flatImageHasNoResponse() {
        float[] flat = new float[20 * 20];
        java.util.Arrays.fill(flat, 0.4f);
        for (float v : RidgeFilter.darkRidges(flat, 20, 20, 1, 2)) {
            assertEquals(0, v, 1e-6);
        }
    }

    @Test
    void darkLinePeaksOnItsAxisAndIsRotationInvariant() {
        int n = 21;
        float[] h = RidgeFilter.darkRidges(line(n, false, 0.5f), n, n, 1, 2);
        float[] v = RidgeFilter.darkRidges(line(n, true, 0.5f), n, n, 1, 2);
        float onAxis = h[10 * n + 10];
        assertTrue(onAxis > 0.05, "response on the line " + onAxis);
        assertTrue(h[4 * n + 10] < 0.1 * onAxis, "far from the line " + h[4 * n + 10]);
        assertEquals(onAxis, v[10 * n + 10], 1e-6, "a vertical line gives the same peak");
        // a bright line is not a dark ridge
        float[] bright = RidgeFilter.darkRidges(line(n, false, -0.5f), n, n, 1, 2);
        assertEquals(0, bright[10 * n + 10], 1e-6);
    }

    @Test
    void wrongSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RidgeFilter.darkRidges(new float[10], 3, 4, 1));
    }
}
