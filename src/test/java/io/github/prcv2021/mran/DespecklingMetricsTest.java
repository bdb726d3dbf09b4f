package io.github.prcv2021.mran;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.data.Speckle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DespecklingMetricsTest {

    @Test
    void enlOfPureGammaSpeckleIsTheNumberOfLooks() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (double looks : new double[] {1, 4, 10}) {
                NDArray flat = m.full(new Shape(1, 1, 256, 256), 0.5f);
                NDArray noisy = Speckle.intensity(looks).apply(flat, new Random(7));
                double enl = DespecklingMetrics.enl(noisy, 0, 0, 256, 256);
                // the relative standard error of the estimate is about sqrt((2 + 6/L) / n) < 1.2 % for n = 65536
                assertEquals(looks, enl, 0.04 * looks, "L = " + looks);
            }
        }
    }

    @Test
    void enlByHandOnARegion() {
        try (NDManager m = NDManager.newBaseManager()) {
            // region [[1, 3], [1, 3]]: mean 2, population variance 1 -> ENL 4
            NDArray x = m.create(new float[] {9, 9, 9, 9, 1, 3, 9, 1, 3}, new Shape(3, 3));
            assertEquals(4.0, DespecklingMetrics.enl(x, 1, 1, 2, 2), 1e-9);
            assertThrows(IllegalArgumentException.class, () -> DespecklingMetrics.enl(x, 2, 2, 2, 2));
        }
    }

    @Test
    void epdRoaByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // O = [[1, 2], [4, 8]]: horizontal ratios 1/2, 4/8 -> 1; vertical 1/4, 2/8 -> 0.5
            // D = [[1, 1], [2, 2]]: horizontal 1 + 1 = 2; vertical 1/2 + 1/2 = 1
            NDArray o = m.create(new float[] {1, 2, 4, 8}, new Shape(1, 1, 2, 2));
            NDArray d = m.create(new float[] {1, 1, 2, 2}, new Shape(1, 1, 2, 2));
            assertArrayEquals(new double[] {2.0, 2.0}, DespecklingMetrics.epdRoa(d, o), 1e-9);
            assertArrayEquals(new double[] {1.0, 1.0}, DespecklingMetrics.epdRoa(o, o), 1e-12);
        }
    }

    @Test
    void ratioImageOfAPerfectFilterIsTheSpeckle() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray clean = m.randomUniform(0.2f, 1f, new Shape(1, 1, 200, 200));
            NDArray noisy = Speckle.intensity(4).apply(clean, new Random(3));
            DespecklingMetrics.RatioStatistics r = DespecklingMetrics.ratioImage(noisy, clean);
            assertEquals(1.0, r.mean(), 0.01);
            assertEquals(4.0, r.enl(), 0.2);
            DespecklingMetrics.RatioStatistics identity = DespecklingMetrics.ratioImage(noisy, noisy);
            assertEquals(1.0, identity.mean(), 1e-6);
            assertTrue(Double.isInfinite(identity.enl()) || identity.enl() > 1e8);
        }
    }

    @Test
    void shapesMustAgree() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new Shape(1, 1, 3, 3));
            NDArray b = m.ones(new Shape(1, 1, 3, 4));
            assertThrows(IllegalArgumentException.class, () -> DespecklingMetrics.epdRoa(a, b));
            assertThrows(IllegalArgumentException.class, () -> DespecklingMetrics.ratioImage(a, b));
            assertThrows(IllegalArgumentException.class, () -> DespecklingMetrics.enl(m.ones(new Shape(2, 1, 3, 3)), 0, 0, 2, 2));
        }
    }
}
