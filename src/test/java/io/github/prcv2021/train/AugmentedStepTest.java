package io.github.prcv2021.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import org.junit.jupiter.api.Test;

/** The wrapped step sees the augmented inputs and the original labels; shape changes are refused. */
class AugmentedStepTest {

    @Test
    void innerStepSeesTheAugmentedBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Batch batch = new Batch(m.newSubManager(), new NDList(m.ones(new Shape(2, 1, 2, 2))),
                    new NDList(m.create(new float[] {3, 4})), 2, null, null, 0, 1);
            float[][] seen = new float[2][];
            TrainingStep inner = (trainer, b) -> {
                seen[0] = b.getData().head().toFloatArray();
                seen[1] = b.getLabels().head().toFloatArray();
                return new TrainingStep.StepResult(1.0, 1, b.getSize());
            };
            TrainingStep.StepResult r = new AugmentedStep(inner, x -> x.mul(2)).step(null, batch);
            assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2}, seen[0]);
            assertArrayEquals(new float[] {3, 4}, seen[1]);
            assertEquals(2, r.count());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new AugmentedStep(inner, x -> x.reshape(2, 4)).step(null, batch));
            assertTrue(e.getMessage().contains("keeps the shape"), e.getMessage());
            batch.close();
        }
    }
}
