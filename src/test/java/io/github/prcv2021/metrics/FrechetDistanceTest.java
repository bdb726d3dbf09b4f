package io.github.prcv2021.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against Gaussians whose distance is known in closed form. */
class FrechetDistanceTest {

    @Test
    void oneDimensionalAndCommutingCovariances() {
        // 1-D: d² = (μ₁ − μ₂)² + (σ₁ − σ₂)²
        double d = FrechetDistance.squared(new double[] {1}, diag(4), new double[] {-2}, diag(9));
        assertEquals(9 + 1, d, 1e-12);
        // diagonal covariances commute: d² = ‖μ₁ − μ₂‖² + Σ (√a_i − √b_i)²
        double expected = 1 + 4 + Math.pow(1 - 3, 2) + Math.pow(2 - 0.5, 2) + 0;
        assertEquals(expected, FrechetDistance.squared(new double[] {0, 0, 0}, diag(1, 4, 2),
                new double[] {1, 2, 0}, diag(9, 0.25, 2)), 1e-10);
    }

    @Test
    void rotatingBothGaussiansTogetherChangesNothing() {
        // d² is invariant under x → Qx applied to both distributions; with the diagonal pair above the value
        // is known, so Q Σ Qᵀ (non-commuting with nothing, but non-diagonal) must give the same number
        Random r = new Random(3);
        DMatrixRMaj q = RandomMatrices_DDRM.orthogonal(3, 3, r);
        DMatrixRMaj a = rotate(q, diag(1, 4, 2));
        DMatrixRMaj b = rotate(q, diag(9, 0.25, 2));
        double[] mu2 = new double[3];
        double[] shift = {1, 2, 0};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                mu2[i] += q.get(i, j) * shift[j];
            }
        }
        double expected = 5 + 4 + 2.25;
        assertEquals(expected, FrechetDistance.squared(new double[3], a, mu2, b), 1e-9);
        // and a general pair against the defining formula with a scaled identity, where (Σ₁Σ₂)^½ = √c Σ₁
        DMatrixRMaj s = RandomMatrices_DDRM.symmetricPosDef(4, r);
        DMatrixRMaj s4 = s.copy();
        CommonOps_DDRM.scale(4, s4);
        assertEquals(CommonOps_DDRM.trace(s) + 4 * CommonOps_DDRM.trace(s) - 2 * 2 * CommonOps_DDRM.trace(s),
                FrechetDistance.squared(new double[4], s, new double[4], s4), 1e-9);
    }

    @Test
    void samplesFromKnownGaussiansConverge() {
        // N(0, I) and N(m, 4I) in 3-D: d² = ‖m‖² + 3 (1 − 2)² = 3 + 3 = 6 for m = (1, 1, 1)
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(11);
            NDArray a = m.randomNormal(0, 1, new Shape(40000, 3), DataType.FLOAT64);
            NDArray b = m.randomNormal(0, 2, new Shape(40000, 3), DataType.FLOAT64).add(1);
            double d = FrechetDistance.between(a, b);
            assertEquals(6.0, d, 0.15);
            assertEquals(0.0, FrechetDistance.between(a, a), 1e-9);
            FrechetDistance.Stats st = FrechetDistance.stats(a);
            assertEquals(3, st.dimension());
            assertEquals(40000, st.count());
            assertThrows(IllegalArgumentException.class, () -> FrechetDistance.between(a, m.zeros(new Shape(10, 2))));
            assertThrows(IllegalArgumentException.class, () -> FrechetDistance.stats(m.zeros(new Shape(1, 3))));
        }
    }

    private static DMatrixRMaj diag(double... values) {
        return CommonOps_DDRM.diag(values);
    }

    private static DMatrixRMaj rotate(DMatrixRMaj q, DMatrixRMaj s) {
        DMatrixRMaj t = new DMatrixRMaj(3, 3);
        DMatrixRMaj out = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.mult(q, s, t);
        CommonOps_DDRM.multTransB(t, q, out);
        return out;
    }
}
