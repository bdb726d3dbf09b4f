package io.github.prcv2021.maifgplm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.nn.SmallCnn;
import io.github.prcv2021.train.TrainingStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ensemble-adversarial training step: it trains the model and leaves its static sources alone. */
class EnsembleAdversarialTrainingTest {

    @Test
    void stepsUpdateTheModelButNotTheStaticSources() throws Exception {
        Seeds.seedAll(2);
        try (NDManager m = NDManager.newBaseManager(); Model source = Model.newInstance("static");
                Model model = Model.newInstance("trained")) {
            source.setBlock(SmallCnn.build(3, new int[] {4}, 8, 3, true));
            source.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
            float[] before = source.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
            model.setBlock(SmallCnn.build(3, new int[] {4}, 8, 3, true));
            ArrayDataset data = new ArrayDataset.Builder().setData(m.randomUniform(0f, 1f, new Shape(16, 1, 8, 8)))
                    .optLabels(m.randomInteger(0, 3, new Shape(16), DataType.INT32).toType(DataType.FLOAT32, false))
                    .setSampling(8, false).build();
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(1, 1, 8, 8));
                float[] start = model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
                EnsembleAdversarialTraining step = new EnsembleAdversarialTraining(0.1f,
                        List.of(AttackTarget.of(source)), 4);
                long seen = 0;
                for (int epoch = 0; epoch < 3; epoch++) {
                    for (Batch b : trainer.iterateDataset(data)) {
                        TrainingStep.StepResult r = step.step(trainer, b);
                        assertTrue(Double.isFinite(r.lossSum()));
                        seen += r.count();
                        b.close();
                    }
                }
                assertEquals(48, seen);
                assertFalse(java.util.Arrays.equals(start,
                        model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray()));
                assertArrayEquals(before, source.getBlock().getParameters().get(0).getValue().getArray().toFloatArray(), 0f);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new EnsembleAdversarialTraining(0.1f, List.of(AttackTarget.training(trainer)), 1));
                assertTrue(e.getMessage().contains("inference mode"), e.getMessage());
            }
        }
    }
}
