package io.github.prcv2021.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

/** APS, attack success rate and batch-wise generation on hand-computed cases. */
class AttackMetricsTest {

    @Test
    void apsIsTheMeanAbsoluteChangeOnTheByteScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray clean = m.create(new float[] {0f, 0.5f, 1f, 0.2f}, new Shape(1, 1, 2, 2));
            NDArray adv = m.create(new float[] {0.1f, 0.4f, 1f, 0.2f}, new Shape(1, 1, 2, 2));
            // (0.1 + 0.1 + 0 + 0) / 4 * 255 = 12.75
            assertEquals(12.75, AttackMetrics.averagePerturbationSize(clean, adv, 0f, 1f), 1e-4);
            // on the [-1, 1] scale of the reference code the same change is half as large in bytes
            assertEquals(6.375, AttackMetrics.averagePerturbationSize(clean, adv, -1f, 1f), 1e-4);
            assertThrows(IllegalArgumentException.class,
                    () -> AttackMetrics.averagePerturbationSize(clean, m.zeros(new Shape(4)), 0f, 1f));
        }
    }

    @Test
    void successRateCountsMisclassifiedInputsAfterTheDefence() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("identity")) {
            // logits = the two pixels: class 1 wins when the second pixel is larger
            model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(2).optBias(false).build()));
            model.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 2));
            model.getBlock().getParameters().get(0).getValue().getArray().set(new float[] {1, 0, 0, 1});
            AttackTarget target = AttackTarget.of(model);
            NDArray x = m.create(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f, 0.1f, 0.5f}, new Shape(5, 1, 1, 2));
            NDArray y = m.create(new float[] {0, 1, 1, 1, 0});
            assertEquals(0.4, AttackMetrics.successRate(target, x, y, 2, null), 1e-9); // examples 3 and 5 are wrong
            // a defence that swaps the pixels flips every decision
            assertEquals(0.6, AttackMetrics.successRate(target, x, y, 3, v -> v.flip(3)), 1e-9);
        }
    }

    @Test
    void generateAttacksEveryBatchAndKeepsTheOrder() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("linear")) {
            model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(2).optBias(false).build()));
            model.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 1, 2));
            model.getBlock().getParameters().get(0).getValue().getArray().set(new float[] {1, 0, 0, 1});
            AttackTarget target = AttackTarget.of(model);
            NDArray x = m.full(new Shape(5, 1, 1, 2), 0.5f);
            NDArray y = m.create(new float[] {0, 1, 0, 1, 0});
            Fgsm fgsm = Fgsm.builder().setEpsilon(0.1f).build();
            NDArray whole = fgsm.perturb(target, x, y);
            NDArray batched = AttackMetrics.generate(fgsm, target, x, y, 2);
            assertArrayEquals(whole.toFloatArray(), batched.toFloatArray(), 0f);
            assertEquals(x.getShape(), batched.getShape());
        }
    }

    @Test
    void perExampleDiversityDrawsPerImageAndPreservesShape() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 4 * 64f).reshape(4, 1, 8, 8);
            InputDiversity di = new InputDiversity(1.0, 1.5, 3);
            NDArray out = di.applyPerExample(x);
            assertEquals(x.getShape(), out.getShape());
            // every output pixel is zero (padding) or a pixel of the same example
            float[] in = x.toFloatArray();
            float[] o = out.toFloatArray();
            for (int n = 0; n < 4; n++) {
                for (int i = 0; i < 64; i++) {
                    float v = o[n * 64 + i];
                    assertTrue(v == 0f || (v >= in[n * 64] && v <= in[n * 64 + 63]), "example " + n + " pixel " + i);
                }
            }
            assertArrayEquals(in, new InputDiversity(0.0, 1.5, 3).applyPerExample(x).toFloatArray(), 0f);
        }
    }
}
