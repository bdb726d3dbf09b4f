package io.github.prcv2021.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * The alternating step against a hand calculation on 1-D linear players trained with plain SGD: the
 * generator G(z) = a z + b and the critic D(x) = w x + c.
 */
class GanStepTest {

    private static final float LR = 0.1f;

    @Test
    void wassersteinStepsMatchTheHandCalculationAndNeitherPlayerMovesTheOther() {
        try (Model g = linear("g", 1f, 0f); Model d = linear("d", 0.5f, 0f);
                Trainer gt = trainer(g); Trainer dt = trainer(d); NDManager m = NDManager.newBaseManager()) {
            GanStep step = GanStep.builder().setGenerator(gt).setDiscriminator(dt)
                    .setNoise((mm, n) -> mm.create(new float[] {1, 2, 3}, new Shape(n, 1)))
                    .optObjective(GanStep.wasserstein()).build();
            NDArray real = m.create(new float[] {4, 6, 8}, new Shape(3, 1));
            // critic: L = w (mean fake − mean real) = w (2 − 6) → dw = −4, dc = 0: w = 0.9
            // generator: L = −mean(w (a z + b) + c) → da = −w mean z = −1.8, db = −w = −0.9: a = 1.18, b = 0.09
            GanStep.Result r = step.step(real);
            assertEquals(-4 * 0.5, r.discriminatorLoss(), 1e-6);
            assertEquals(-(0.9 * 2), r.generatorLoss(), 1e-6);
            assertTrue(r.generatorUpdated());
            assertEquals(0.9f, value(d, "weight"), 1e-6f);
            assertEquals(0f, value(d, "bias"), 1e-7f);
            assertEquals(1.18f, value(g, "weight"), 1e-6f);
            assertEquals(0.09f, value(g, "bias"), 1e-6f);
            // second critic update sees fakes 1.18 z + 0.09 (mean 2.45): dw = 2.45 − 6, and c stays 0 exactly,
            // which it would not if the generator's backward pass (dc = −1) had leaked into the critic
            step.step(real);
            assertEquals(0.9f + LR * (6 - 2.45f), value(d, "weight"), 1e-5f);
            assertEquals(0f, value(d, "bias"), 1e-7f);
            assertEquals(2, step.calls());
            assertEquals(new Shape(3, 1), step.sample(m, 3).getShape());
        }
    }

    @Test
    void criticStepsClippingAndMemory() {
        try (Model g = linear("g", 1f, 0f); Model d = linear("d", 0.5f, 0f);
                Trainer gt = trainer(g); Trainer dt = trainer(d); NDManager m = NDManager.newBaseManager()) {
            GanStep step = GanStep.builder().setGenerator(gt).setDiscriminator(dt).setLatentShape(new Shape(1))
                    .optObjective(GanStep.wasserstein()).optDiscriminatorSteps(3)
                    .optAfterDiscriminatorUpdate(GanStep.clipWeights(0.55f)).build();
            NDArray real = m.create(new float[] {4, 6, 8}, new Shape(3, 1));
            int before = m.getManagedArrays().size();
            GanStep.Result first = step.step(real);
            assertFalse(first.generatorUpdated());
            assertTrue(Double.isNaN(first.generatorLoss()));
            assertEquals(1f, value(g, "weight"), 0f); // the generator did not move
            assertTrue(Math.abs(value(d, "weight")) <= 0.55f, "clipped");
            assertEquals(0.55f, value(d, "weight"), 1e-7f); // 0.5 + 0.1·(6 − mean fake) > 0.55 for any fakes near 0
            step.step(real);
            assertTrue(step.step(real).generatorUpdated());
            assertEquals(before, m.getManagedArrays().size(), "arrays left in the batch's manager");
        }
    }

    @Test
    void nonSaturatingLossesByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            GanStep.Objective o = GanStep.nonSaturating();
            NDArray real = m.create(new float[] {2f, -1f});
            NDArray fake = m.create(new float[] {0f, 30f});
            double sp = 0;
            for (double v : new double[] {-2, 1}) {
                sp += Math.log1p(Math.exp(v));
            }
            double expectedD = sp / 2 + (Math.log(2) + 30 + Math.log1p(Math.exp(-30))) / 2;
            assertEquals(expectedD, o.discriminator(real, fake).getFloat(), 1e-5);
            assertEquals((Math.log(2) + Math.log1p(Math.exp(-30))) / 2, o.generator(fake).getFloat(), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> GanStep.builder().build());
        }
    }

    private static Model linear(String name, float weight, float bias) {
        Model model = Model.newInstance(name);
        Block block = Linear.builder().setUnits(1).build();
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1));
        block.getParameters().get("weight").getArray().set(new float[] {weight});
        block.getParameters().get("bias").getArray().set(new float[] {bias});
        return model;
    }

    private static Trainer trainer(Model model) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(LR)).build());
        return model.newTrainer(config);
    }

    private static float value(Model model, String name) {
        return model.getBlock().getParameters().get(name).getArray().toFloatArray()[0];
    }
}
