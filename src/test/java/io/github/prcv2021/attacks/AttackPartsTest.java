package io.github.prcv2021.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.nn.GaussianKernel;
import org.junit.jupiter.api.Test;

/** The TI kernel, DI's transform and AI-FGTM's step schedule against independent computations. */
class AttackPartsTest {

    @Test
    void gaussianKernelIsTheNormalisedOuterProductOfTheNormalDensity() {
        GaussianKernel k = GaussianKernel.of(3, 3.0);
        // points -3, 0, 3: densities e^{-4.5}, 1, e^{-4.5}
        double a = Math.exp(-4.5);
        double s = (1 + 2 * a) * (1 + 2 * a);
        float[] w = k.weights();
        assertEquals(1 / s, w[4], 1e-7);
        assertEquals(a / s, w[1], 1e-7);
        assertEquals(a * a / s, w[0], 1e-9);
        double sum = 0;
        for (float v : GaussianKernel.of(15).weights()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void smoothingADeltaGivesTheKernelAndKeepsConstantsInTheInterior() {
        try (NDManager m = NDManager.newBaseManager()) {
            GaussianKernel k = GaussianKernel.of(5);
            float[] img = new float[2 * 11 * 11];
            img[5 * 11 + 5] = 1f; // channel 0 delta in the centre
            for (int i = 121; i < 242; i++) {
                img[i] = 0.7f; // channel 1 constant
            }
            NDArray out = k.apply(m.create(img, new Shape(1, 2, 11, 11)));
            float[] o = out.toFloatArray();
            float[] w = k.weights();
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(w[i * 5 + j], o[(3 + i) * 11 + 3 + j], 1e-7f);
                }
            }
            assertEquals(0.7f, o[121 + 5 * 11 + 5], 1e-6f);
            assertTrue(o[121] < 0.7f, "zero padding lowers the corner");
        }
    }

    @Test
    void inputDiversityIsASelectionThatResizesPadsAndResizesBack() {
        // H = 4, r = 4, S = 5, offset 1: output i reads padded row floor(5i/4) = 0,1,2,3 -> resized rows -,0,1,2
        float[] p = InputDiversity.selection(4, 4, 5, 1);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}, p);
        // every row selects at most one source pixel
        float[] q = InputDiversity.selection(28, 29, 31, 2);
        for (int i = 0; i < 28; i++) {
            float rowSum = 0;
            for (int j = 0; j < 28; j++) {
                rowSum += q[i * 28 + j];
            }
            assertTrue(rowSum == 0f || rowSum == 1f);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 28, 28));
            assertSame(x, new InputDiversity(0.0, 1.2, 1).apply(x), "p = 0 is the identity");
            NDArray d = new InputDiversity(1.0, 1.2, 1).apply(x);
            assertEquals(x.getShape(), d.getShape());
            NDArray d2 = new InputDiversity(1.0, 1.2, 1).apply(x);
            assertArrayEquals(d.toFloatArray(), d2.toFloatArray(), "same seed, same transform");
        }
    }

    @Test
    void aiFgtmStepsIncreaseAndSumToEpsilon() {
        float[] a = AiFgtm.stepSizes(16f, 10, 0.9, 0.99);
        float[] expected = {0.905f, 1.219f, 1.423f, 1.568f, 1.674f, 1.753f, 1.812f, 1.855f, 1.885f, 1.906f};
        assertArrayEquals(expected, a, 1.5e-3f);
        double sum = 0;
        for (float v : a) {
            sum += v;
        }
        assertEquals(16.0, sum, 1e-4);
        // the official script's hard-coded denominator for T = 10
        assertEquals(16.0 * (1 - 0.9) / Math.sqrt(1 - 0.99) / 17.6786, a[0], 1e-4);
    }
}
