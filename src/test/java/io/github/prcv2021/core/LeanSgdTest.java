package io.github.prcv2021.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeanSgdTest {

    private static final float LR = 0.1f;
    private static final float MOMENTUM = 0.9f;
    private static final float WD = 0.01f;

    /** Trains a small MLP three steps; {@code lean} picks LeanSgd, else DJL's Sgd via Trainer.step(). */
    private static List<float[]> train(boolean lean) {
        Seeds.seedAll(7);
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(5).build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(3).build());
        try (Model model = Model.newInstance("lean-sgd-test")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optInitializer(new NormalInitializer(0.5f), Parameter.Type.WEIGHT)
                    .optOptimizer(Optimizer.sgd()
                            .setLearningRateTracker(Tracker.fixed(LR))
                            .optMomentum(MOMENTUM)
                            .optWeightDecays(WD)
                            .build());
            try (Trainer trainer = model.newTrainer(config);
                    LeanSgd sgd = LeanSgd.builder().setLearningRate(LR).optMomentum(MOMENTUM)
                            .optWeightDecay(WD).build();
                    NDManager data = model.getNDManager().newSubManager()) {
                trainer.initialize(new Shape(6, 4));
                NDArray x = data.create(new float[] {
                    0.1f, -0.4f, 0.9f, 0.3f, 1.2f, 0.0f, -0.7f, 0.5f, 0.3f, 0.3f, -0.2f, 0.8f,
                    -1.1f, 0.6f, 0.2f, -0.3f, 0.4f, -0.9f, 0.7f, 0.1f, 0.0f, 0.2f, 0.5f, -0.6f},
                        new Shape(6, 4));
                NDArray y = data.create(new float[] {0, 2, 1, 1, 0, 2});
                for (int step = 0; step < 3; step++) {
                    try (NDManager scope = data.newSubManager()) {
                        scope.tempAttachAll(x, y);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDList pred = trainer.forward(new NDList(x));
                            gc.backward(trainer.getLoss().evaluate(new NDList(y), pred));
                        }
                        if (lean) {
                            sgd.step(block);
                        } else {
                            trainer.step();
                        }
                    }
                }
                List<float[]> out = new ArrayList<>();
                for (Pair<String, Parameter> p : block.getParameters()) {
                    out.add(p.getValue().getArray().toFloatArray());
                    try (NDArray g = p.getValue().getArray().getGradient()) {
                        assertEquals(0f, g.abs().sum().getFloat(), 0f, "gradient zeroed after the step");
                    }
                }
                return out;
            }
        }
    }

    @Test
    void matchesDjlSgdWithMomentumAndWeightDecay() {
        List<float[]> reference = train(false);
        List<float[]> lean = train(true);
        assertEquals(reference.size(), lean.size());
        boolean moved = false;
        for (int i = 0; i < reference.size(); i++) {
            assertArrayEquals(reference.get(i), lean.get(i), 1e-6f, "parameter " + i);
        }
        // the comparison means something only if training moved the weights
        List<float[]> reference2 = train(false);
        assertArrayEquals(reference.get(0), reference2.get(0), 0f, "runs are repeatable");
        for (float v : reference.get(1)) {
            moved |= v != 0f; // biases start at zero
        }
        assertTrue(moved, "biases moved away from their zero initialisation");
    }

    @Test
    void builderRejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> LeanSgd.builder().build());
        assertThrows(IllegalArgumentException.class, () -> LeanSgd.builder().setLearningRate(0f));
        assertThrows(IllegalArgumentException.class, () -> LeanSgd.builder().optMomentum(1f));
        assertThrows(IllegalArgumentException.class, () -> LeanSgd.builder().optWeightDecay(-1f));
    }
}
