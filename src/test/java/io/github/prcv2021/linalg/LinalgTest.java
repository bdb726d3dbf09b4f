package io.github.prcv2021.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The decompositions against the identities that define them, and hand cases. */
class LinalgTest {

    private static double maxAbs(NDArray a) {
        return a.abs().max().toType(DataType.FLOAT64, false).getDouble();
    }

    @Test
    void symmetricEigenSatisfiesAvEqualsVLambdaWithOrthonormalV() {
        try (NDManager m = NDManager.newBaseManager()) {
            // hand case: [[2, 1], [1, 2]] has eigenvalues 1 and 3
            try (Linalg.Eigen e = Linalg.symmetricEigen(m.create(new float[] {2, 1, 1, 2}, new Shape(2, 2)))) {
                assertArrayEquals(new float[] {1f, 3f}, e.values().toFloatArray(), 1e-5f);
                assertEquals(DataType.FLOAT32, e.vectors().getDataType());
            }
            NDArray b = m.randomNormal(new Shape(6, 6)).toType(DataType.FLOAT64, false);
            NDArray a = b.add(b.transpose());
            try (Linalg.Eigen e = Linalg.symmetricEigen(a)) {
                NDArray v = e.vectors();
                assertTrue(maxAbs(a.matMul(v).sub(v.mul(e.values().reshape(1, 6)))) < 1e-9);
                assertTrue(maxAbs(v.transpose().matMul(v).sub(m.eye(6, 6, 0, DataType.FLOAT64))) < 1e-9);
                double[] vals = e.values().toDoubleArray();
                for (int i = 1; i < vals.length; i++) {
                    assertTrue(vals[i - 1] <= vals[i], "ascending");
                }
            }
        }
    }

    @Test
    void svdReconstructsAndPinvSatisfiesThePenroseConditions() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(5, 3)).toType(DataType.FLOAT64, false);
            try (Linalg.Svd d = Linalg.svd(a)) {
                assertEquals(new Shape(5, 3), d.u().getShape());
                assertEquals(new Shape(3, 3), d.v().getShape());
                NDArray rebuilt = d.u().mul(d.s().reshape(1, 3)).matMul(d.v().transpose());
                assertTrue(maxAbs(rebuilt.sub(a)) < 1e-9);
                double[] s = d.s().toDoubleArray();
                assertTrue(s[0] >= s[1] && s[1] >= s[2] && s[2] >= 0);
            }
            // a rank-1 matrix: pinv(x yᵀ) = y xᵀ / (|x|² |y|²)
            NDArray x = m.create(new double[] {1, 2, 2});
            NDArray y = m.create(new double[] {3, 4});
            NDArray r1 = x.reshape(3, 1).matMul(y.reshape(1, 2));
            NDArray p = Linalg.pinv(r1);
            assertTrue(maxAbs(p.sub(y.reshape(2, 1).matMul(x.reshape(1, 3)).div(9.0 * 25.0))) < 1e-12);
            NDArray q = Linalg.pinv(a);
            assertTrue(maxAbs(a.matMul(q).matMul(a).sub(a)) < 1e-9);
            assertTrue(maxAbs(q.matMul(a).matMul(q).sub(q)) < 1e-9);
            NDArray aq = a.matMul(q);
            assertTrue(maxAbs(aq.sub(aq.transpose())) < 1e-9);
        }
    }

    @Test
    void solveInvertsANonSingularSystem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {4, 1, 2, 3}, new Shape(2, 2));
            NDArray x = Linalg.solve(a, m.create(new float[] {1, 2}));
            // 4x + y = 1, 2x + 3y = 2 -> x = 0.1, y = 0.6
            assertArrayEquals(new float[] {0.1f, 0.6f}, x.toFloatArray(), 1e-6f);
            assertEquals(new Shape(2), x.getShape());
            NDArray bs = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            assertTrue(maxAbs(a.matMul(Linalg.solve(a, bs)).sub(bs)) < 1e-6);
        }
    }

    @Test
    void badInputIsAClearError() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException asym = assertThrows(IllegalArgumentException.class,
                    () -> Linalg.symmetricEigen(m.create(new float[] {1, 2, 0, 1}, new Shape(2, 2))));
            assertTrue(asym.getMessage().contains("symmetric"), asym.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Linalg.symmetricEigen(m.zeros(new Shape(2, 3))));
            IllegalArgumentException singular = assertThrows(IllegalArgumentException.class,
                    () -> Linalg.solve(m.create(new float[] {1, 2, 2, 4}, new Shape(2, 2)), m.ones(new Shape(2))));
            assertTrue(singular.getMessage().contains("non-singular"), singular.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Linalg.solve(m.eye(2), m.ones(new Shape(3))));
            assertThrows(IllegalArgumentException.class, () -> Linalg.svd(m.ones(new Shape(2, 2, 2))));
        }
    }
}
