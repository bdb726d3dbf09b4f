package io.github.prcv2021.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.nn.Mlp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingLoopTest {

    /** Two Gaussian blobs in 2-D, labels 0 and 1: a problem any working loop solves. */
    private static ArrayDataset blobs(NDManager m, int n) {
        NDArray labels = m.randomInteger(0, 2, new Shape(n), DataType.INT32);
        NDArray centres = labels.toType(DataType.FLOAT32, false).mul(4f).sub(2f).reshape(n, 1).repeat(1, 2);
        NDArray x = m.randomNormal(new Shape(n, 2)).add(centres);
        return new ArrayDataset.Builder().setData(x).optLabels(labels).setSampling(32, true).build();
    }

    @Test
    void learnsWritesCsvAndCheckpointsThatReload() throws Exception {
        Seeds.seedAll(11);
        Path dir = Files.createTempDirectory("loop");
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("blobs")) {
            ArrayDataset data = blobs(m, 512);
            model.setBlock(Mlp.of(2, 16, 2));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build());
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, 2));
                History h = TrainingLoop.builder().setEpochs(3).optCsvHistory(dir.resolve("h.csv"))
                        .optCheckpoints(dir.resolve("ckpt"), 2).optProgress(new ProgressBar(new PrintStream(log), false))
                        .addListener((r, t) -> r.extra().put("custom", 1.0 * r.epoch())).build().fit(trainer, data, data);
                assertEquals(3, h.epochs().size());
                assertTrue(h.last().validationAccuracy() > 0.95, "accuracy " + h.last().validationAccuracy());
                assertTrue(h.epochs().get(0).trainLoss() > h.last().trainLoss());
                List<String> csv = Files.readAllLines(dir.resolve("h.csv"));
                assertEquals("epoch,train_loss,train_accuracy,validation_accuracy,seconds,custom", csv.get(0));
                assertEquals(4, csv.size());
                assertTrue(log.toString().contains("epoch 3/3 done"), log.toString());
                NDArray probe = m.randomNormal(new Shape(5, 2));
                NDArray before = model.getBlock().forward(new ParameterStore(m, false), new NDList(probe), false).head();
                try (Model loaded = Model.newInstance("blobs")) {
                    loaded.setBlock(Mlp.of(2, 16, 2));
                    loaded.load(dir.resolve("ckpt"), "blobs");
                    assertEquals("3", loaded.getProperty("Epoch"));
                    NDArray after = loaded.getBlock().forward(new ParameterStore(m, false), new NDList(probe), false).head();
                    assertEquals(0f, before.sub(after).abs().max().getFloat(), 1e-6f);
                }
            }
        }
    }

    @Test
    void aFailingStepClosesItsBatchAndPropagates() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("fail")) {
            model.setBlock(Mlp.of(2, 2));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                trainer.initialize(new Shape(1, 2));
                NDArray[] seen = new NDArray[1];
                TrainingStep failing = (t, b) -> {
                    seen[0] = b.getData().head();
                    throw new IllegalStateException("boom");
                };
                assertThrows(IllegalStateException.class,
                        () -> TrainingLoop.builder().setEpochs(1).optStep(failing).build().fit(trainer, blobs(m, 64), null));
                assertTrue(seen[0].isReleased(), "the batch of the failing step must be closed");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> TrainingLoop.builder().build());
    }
}
