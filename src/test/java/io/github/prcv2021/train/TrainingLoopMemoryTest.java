package io.github.prcv2021.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Seeds;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.nn.Mlp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over a long run: 2,500 training steps (epochs 7 to 16 of 250 batches of 16
 * Fashion-MNIST images, after six warm-up epochs) through {@link TrainingLoop}, with the process's
 * resident set size read from {@code /proc/self/status} after every epoch, less the Java heap's committed
 * size (the heap is not native memory, and in the shared test JVM it grows with earlier tests' garbage).
 */
class TrainingLoopMemoryTest {

    static long rssKiB() {
        return io.github.prcv2021.testutil.NativeMemory.rssKiB();
    }

    /**
     * Resident memory outside the Java heap: RSS minus the heap's committed size. In the shared test JVM
     * the heap keeps growing with the garbage of earlier tests (RSS rose 7.8 MiB per epoch with a flat
     * native footprint), which says nothing about native leaks.
     */
    static long nonHeapKiB() {
        return rssKiB() - Runtime.getRuntime().totalMemory() / 1024;
    }

    @Test
    void residentMemoryStaysFlatOver2500Steps() {
        Seeds.seedAll(5);
        IdxData data = Datasets.imageData("fashion-mnist", Usage.TRAIN).limit(4000);
        List<Long> rss = new ArrayList<>();
        int[] steps = {0};
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("mem")) {
            ArrayDataset ds = new ArrayDataset.Builder()
                    .setData(data.imagesArray(m)).optLabels(data.labelsArray(m)).setSampling(16, true).build();
            model.setBlock(Mlp.of(784, 128, 10));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.05f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, 784));
                TrainingStep counting = (t, b) -> {
                    steps[0]++;
                    return new StandardStep().step(t, b);
                };
                System.gc();
                TrainingLoop.builder().setEpochs(16).optStep(counting)
                        .addListener((r, t) -> rss.add(nonHeapKiB())).build().fit(trainer, ds, null);
            }
        }
        System.out.println("RSS outside the Java heap, KiB per epoch: " + rss);
        assertEquals(4000, steps[0]);
        // the first epochs warm up the allocator and JIT (alone in a fresh JVM RSS rises about 35 MiB by
        // epoch 5, then stays); the 2,500 steps of epochs 7 to 16 must not grow it
        long settled = rss.get(5);
        long last = rss.get(rss.size() - 1);
        long growthMiB = (last - settled) / 1024;
        assertTrue(growthMiB < 24, "RSS outside the Java heap grew by " + growthMiB + " MiB from epoch 6 to 16: " + rss);
    }
}
