package io.github.prcv2021.fgsmpr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** Eq. 5 on hand values, its gradient, and its zero-difference case. */
class LogitPairingLossTest {

    @Test
    void meanEuclideanDistanceOnHandValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3, 4, 0, 1, 1, 1}, new Shape(2, 3));
            NDArray b = m.create(new float[] {0, 0, 0, 1, 1, 3}, new Shape(2, 3));
            // rows differ by (3, 4, 0) -> 5 and (0, 0, -2) -> 2
            assertEquals(3.5f, new LogitPairingLoss().evaluate(new NDList(b), new NDList(a)).getFloat(), 1e-6f);
            assertEquals((25 + 4) / 2f, new LogitPairingLoss("sq", true).pairing(a, b).getFloat(), 1e-5f);
            assertThrows(IllegalArgumentException.class, () -> new LogitPairingLoss().pairing(a, b.get("0:1")));
        }
    }

    @Test
    void gradientFlowsThroughBothLogitsAndIsZeroWhereTheyCoincide() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {3, 4, 1, 1}, new Shape(2, 2));
            NDArray b = m.create(new float[] {0, 0, 1, 1}, new Shape(2, 2));
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = new LogitPairingLoss().pairing(a, b);
                assertEquals(2.5f, loss.getFloat(), 1e-6f);
                gc.backward(loss);
            }
            // d/da (1/2)||a0 - b0|| = (a0 - b0) / (2 * 5); the coinciding row has gradient 0, not NaN
            assertArrayEquals(new float[] {0.3f, 0.4f, 0f, 0f}, a.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {-0.3f, -0.4f, 0f, 0f}, b.getGradient().toFloatArray(), 1e-6f);
        }
    }
}
