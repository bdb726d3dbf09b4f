package io.github.prcv2021.mran;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpeckleFiltersTest {

    /** z = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]. */
    private static final float[] Z = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /**
     * The 3×3 window of the corner (0, 0) with mirrored borders: rows (−1, 0, 1) → (0, 0, 1), columns likewise, so
     * the values are [[1, 1, 2], [1, 1, 2], [4, 4, 5]]: sum 21, sum of squares 69.
     */
    private static final double MEAN = 21.0 / 9;
    private static final double VAR = 69.0 / 9 - MEAN * MEAN;

    @Test
    void constantImagesStayConstant() {
        float[] c = new float[6 * 5];
        Arrays.fill(c, 0.7f);
        float[] lee = SpeckleFilters.lee(c, 6, 5, 3, 0.5);
        float[] frost = SpeckleFilters.frost(c, 6, 5, 5, 2);
        for (int i = 0; i < c.length; i++) {
            assertEquals(0.7f, lee[i], 1e-6f);
            assertEquals(0.7f, frost[i], 1e-6f);
        }
    }

    @Test
    void leeCornerByHand() {
        double cu = 0.5;
        double ci2 = VAR / (MEAN * MEAN);
        double w = 1 - cu * cu / ci2; // 0.3875
        assertEquals(0.3875, w, 1e-12);
        double expected = MEAN + w * (1 - MEAN);
        float[] out = SpeckleFilters.lee(Z, 3, 3, 3, cu);
        assertEquals(expected, out[0], 1e-5);
        // the centre sees the whole image: mean 5, so the output is 5 whatever the weight
        assertEquals(5.0, out[4], 1e-5);
    }

    @Test
    void leeWeightIsClippedToTheUnitInterval() {
        // C_u = 0: W = 1, the filter returns its input; huge C_u: W = 0, the local mean
        assertArrayEquals(Z, SpeckleFilters.lee(Z, 3, 3, 3, 0), 1e-6f);
        float[] mean = SpeckleFilters.lee(Z, 3, 3, 3, 100);
        assertEquals(MEAN, mean[0], 1e-5);
    }

    @Test
    void frostCornerByHand() {
        double k = 1;
        double b = k * VAR / (MEAN * MEAN);
        double e1 = Math.exp(-b); // the 4 edge neighbours at distance 1: values 1, 1, 2, 4
        double e2 = Math.exp(-b * Math.sqrt(2)); // the 4 corners at distance √2: values 1, 2, 4, 5
        double expected = (1 + e1 * (1 + 1 + 2 + 4) + e2 * (1 + 2 + 4 + 5)) / (1 + 4 * e1 + 4 * e2);
        float[] out = SpeckleFilters.frost(Z, 3, 3, 3, k);
        assertEquals(expected, out[0], 1e-5);
    }

    @Test
    void frostWithoutDampingIsTheMovingAverage() {
        float[] out = SpeckleFilters.frost(Z, 3, 3, 3, 0);
        assertEquals(MEAN, out[0], 1e-5);
        assertEquals(5.0, out[4], 1e-5);
    }

    @Test
    void ndArrayFormsFilterEveryImageOfABatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] two = new float[18];
            System.arraycopy(Z, 0, two, 0, 9);
            for (int i = 0; i < 9; i++) {
                two[9 + i] = 2 * Z[i];
            }
            NDArray x = m.create(two, new Shape(2, 1, 3, 3));
            float[] frost = SpeckleFilters.frost(x, 3, 1).toFloatArray();
            float[] single = SpeckleFilters.frost(Z, 3, 3, 3, 1);
            for (int i = 0; i < 9; i++) {
                assertEquals(single[i], frost[i], 1e-6f);
                // Frost's weights depend on C_i only, which is scale-free, so the filter is linear in the scale
                assertEquals(2 * single[i], frost[9 + i], 1e-5f);
            }
            assertEquals(new Shape(2, 1, 3, 3), SpeckleFilters.lee(x, 3, 0.5).getShape());
        }
    }

    @Test
    void speckleVariationOfIntensityAndAmplitude() {
        assertEquals(0.5, SpeckleFilters.speckleVariation(4, false), 1e-12);
        assertEquals(0.5227 / 2, SpeckleFilters.speckleVariation(4, true), 1e-4);
    }

    @Test
    void mirrorReflectsAtBothEnds() {
        assertEquals(0, SpeckleFilters.mirror(-1, 5));
        assertEquals(1, SpeckleFilters.mirror(-2, 5));
        assertEquals(4, SpeckleFilters.mirror(5, 5));
        assertEquals(3, SpeckleFilters.mirror(6, 5));
    }

    @Test
    void evenWindowsAndWrongSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpeckleFilters.frost(Z, 3, 3, 4, 1));
        assertTrue(e.getMessage().contains("odd window"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpeckleFilters.lee(Z, 2, 3, 3, 0.5));
        assertThrows(IllegalArgumentException.class, () -> SpeckleFilters.frost(Z, 3, 3, 3, -1));
    }
}
