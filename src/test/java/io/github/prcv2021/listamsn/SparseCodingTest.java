package io.github.prcv2021.listamsn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SparseCodingTest {

    @Test
    void softThresholdMatchesHandValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray u = manager.create(new float[] {-2f, -0.5f, 0f, 0.3f, 1.5f});
            assertArrayEquals(new float[] {-1.5f, 0f, 0f, 0f, 1f}, SparseCoding.softThreshold(u, 0.5f).toFloatArray(), 1e-7f);
            NDArray theta = manager.create(new float[] {1f, 0f, 0f, 0.5f, 2f});
            assertArrayEquals(new float[] {-1f, -0.5f, 0f, 0f, 0f}, SparseCoding.softThreshold(u, theta).toFloatArray(), 1e-7f);
        }
    }

    @Test
    void lipschitzIsTheLargestSquaredSingularValue() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // D = [[3, 0, 0], [0, 1, 1]]: DᵀD has eigenvalues 9, 2, 0
            NDArray d = manager.create(new float[] {3, 0, 0, 0, 1, 1}, new Shape(2, 3));
            assertEquals(9f, SparseCoding.lipschitz(d, 100), 1e-4f);
        }
    }

    @Test
    void lambdaMaxScalingAndObjectiveByHand() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray d = manager.create(new float[] {1, 0, 2, 0, 1, 0}, new Shape(2, 3));
            NDArray x = manager.create(new float[] {1, 3}, new Shape(1, 2));
            // Dᵀx = (1, 3, 2): λ_max = 3
            assertEquals(3f, SparseCoding.lambdaMax(d, x).getFloat(0), 1e-6f);
            NDArray xs = SparseCoding.scaleToUnitLambdaMax(d, x);
            assertEquals(1f, SparseCoding.lambdaMax(d, xs).getFloat(0), 1e-6f);
            // z = (1, 1, 0): Dz = (1, 1), r = (0, 2), F = ½·4 + 0.5·2 = 3
            NDArray z = manager.create(new float[] {1, 1, 0}, new Shape(1, 3));
            assertEquals(3f, SparseCoding.objective(d, x, z, 0.5f).getFloat(0), 1e-6f);
            assertEquals(4.0, SparseCoding.predictionError(d, x, z), 1e-6);
            assertEquals(1.0 / 3, SparseCoding.sparsity(z, 0f), 1e-6);
        }
    }

    @Test
    void badInputIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray d = manager.ones(new Shape(4, 8));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SparseCoding.lambdaMax(d, manager.ones(new Shape(2, 5))));
            assertTrue(e.getMessage().contains("(B, 4)") && e.getMessage().contains("(2, 5)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> SparseCoding.softThreshold(d, -1f));
            assertThrows(IllegalArgumentException.class, () -> SparseCoding.lipschitz(manager.ones(new Shape(4)), 10));
            assertThrows(IllegalArgumentException.class, () -> Ista.ista(d, manager.ones(new Shape(2, 4)), 0.5f, 0f, 10));
        }
    }
}
