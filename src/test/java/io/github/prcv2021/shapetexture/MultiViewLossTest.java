package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terms of Eq. 8 against hand calculations. */
class MultiViewLossTest {

    @Test
    void mixtureNllIsMinusLogOfTheWeightedProbabilityOfTheLabel() {
        try (NDManager m = NDManager.newBaseManager()) {
            // two views, two samples, three classes; w = (0.8, 0.2)
            NDArray ps = m.create(new float[] {0.7f, 0.2f, 0.1f, 0.1f, 0.1f, 0.8f}, new Shape(2, 3));
            NDArray pt = m.create(new float[] {0.2f, 0.5f, 0.3f, 0.6f, 0.3f, 0.1f}, new Shape(2, 3));
            NDArray mix = MultiViewNet.mixture(m.create(new float[] {0.8f, 0.2f}), List.of(ps, pt));
            float[] q = mix.toFloatArray();
            assertEquals(0.8 * 0.7 + 0.2 * 0.2, q[0], 1e-6);
            NDArray y = m.create(new float[] {0f, 2f});
            double expected = -(Math.log(0.8 * 0.7 + 0.2 * 0.2) + Math.log(0.8 * 0.8 + 0.2 * 0.1)) / 2;
            assertEquals(expected, MultiViewLoss.mixtureNll(mix, y).getFloat(), 1e-6);
        }
    }

    @Test
    void discrepancyIsTheSumOfPairwiseCosinesAveragedOverTheBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 0, 0, 1, 2, 2}, new Shape(2, 3));
            NDArray b = m.create(new float[] {1, 1, 0, -1, -2, -2}, new Shape(2, 3));
            NDArray c = m.create(new float[] {0, 0, 3, 2, 1, 0}, new Shape(2, 3));
            // sample 0: cos(a,b) = 1/sqrt2, cos(a,c) = 0, cos(b,c) = 0; sample 1: -1, (2+2)/(3 sqrt5), -(2+2)/(3 sqrt5)
            double s0 = 1 / Math.sqrt(2);
            double s1 = -1 + 4 / (3 * Math.sqrt(5)) - 4 / (3 * Math.sqrt(5));
            assertEquals((s0 + s1) / 2, MultiViewLoss.discrepancy(List.of(a, b, c)).getFloat(), 1e-6);
            assertEquals((s0 - 1) / 2, MultiViewLoss.discrepancy(List.of(a, b)).getFloat(), 1e-6);
        }
    }

    @Test
    void discrepancyOfThreeCodesLiesInMinusThreeToThree() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            for (int trial = 0; trial < 20; trial++) {
                NDArray a = m.randomNormal(new Shape(16, 7));
                float d = MultiViewLoss.discrepancy(List.of(a, m.randomNormal(new Shape(16, 7)), m.randomNormal(new Shape(16, 7)))).getFloat();
                assertTrue(d >= -3 && d <= 3, "discrepancy " + d);
            }
            NDArray a = m.randomNormal(new Shape(4, 5));
            assertEquals(3, MultiViewLoss.discrepancy(List.of(a, a.mul(2), a.mul(0.5f))).getFloat(), 1e-5);
        }
    }

    @Test
    void totalIsEtaAlphaBetaWeightedSumOfTheTerms() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(7);
            NDArray ps = m.randomUniform(0.01f, 1f, new Shape(4, 3));
            ps = ps.div(ps.sum(new int[] {1}, true));
            NDArray pt = m.randomUniform(0.01f, 1f, new Shape(4, 3));
            pt = pt.div(pt.sum(new int[] {1}, true));
            NDArray mix = MultiViewNet.mixture(m.create(new float[] {0.5f, 0.5f}), List.of(ps, pt));
            NDArray recon = m.randomUniform(0f, 1f, new Shape(4, 1, 4, 4));
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 1, 4, 4));
            NDList preds = new NDList(mix, ps, pt, recon, m.randomNormal(new Shape(4, 6)), m.randomNormal(new Shape(4, 6)));
            NDList labels = new NDList(m.create(new float[] {0, 1, 2, 1}), x);
            MultiViewLoss loss = MultiViewLoss.builder().optEta(2f).optAlpha(3f).optBeta(0.5f).build();
            NDArray[] t = loss.terms(labels, preds);
            double l1 = 0;
            float[] r = recon.toFloatArray();
            float[] xv = x.toFloatArray();
            for (int i = 0; i < r.length; i++) {
                l1 += Math.abs(r[i] - xv[i]) / r.length;
            }
            assertEquals(l1, t[1].getFloat(), 1e-6);
            assertEquals(2 * t[0].getFloat() + 3 * t[1].getFloat() + 0.5 * t[2].getFloat(), loss.evaluate(labels, preds).getFloat(), 1e-5);
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MultiViewLoss.mixtureNll(m.ones(new Shape(3)), m.zeros(new Shape(3))));
            assertTrue(e.getMessage().contains("(N, K)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> MultiViewLoss.discrepancy(List.of(m.ones(new Shape(2, 3)), m.ones(new Shape(2, 4)))));
            assertTrue(e.getMessage().contains("(2, 4)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> MultiViewLoss.reconstructionL1(m.ones(new Shape(2, 1, 4, 4)), m.ones(new Shape(2, 1, 4, 5))));
            assertThrows(IllegalArgumentException.class, () -> MultiViewLoss.builder().optAlpha(-1f));
            MultiViewLoss loss = MultiViewLoss.builder().build();
            assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(new NDList(m.zeros(new Shape(2), DataType.FLOAT32)), new NDList(m.ones(new Shape(2, 3)))));
        }
    }
}
