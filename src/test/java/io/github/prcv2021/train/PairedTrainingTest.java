package io.github.prcv2021.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.data.Blur;
import io.github.prcv2021.metrics.ImageQuality;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Paired image-to-image training with the shared loop: {@link StandardStep} without accuracy over an
 * {@code ArrayDataset} of (input, target) images, validated by PSNR instead of accuracy. A 5×5 convolution
 * learns a Gaussian blur exactly, so the validation PSNR climbs far above the blur's own.
 */
class PairedTrainingTest {

    @Test
    void aConvolutionLearnsABlurAndTheLoopReportsPsnr() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("blur")) {
            m.getEngine().setRandomSeed(2);
            NDArray x = m.randomUniform(0, 1, new Shape(64, 1, 16, 16));
            NDArray y = Blur.of(0.8, 0).apply(x, new Random(1));
            double before = ImageQuality.psnr(x, y, 1.0);
            ArrayDataset train = new ArrayDataset.Builder().setData(x.get("0:48")).optLabels(y.get("0:48"))
                    .setSampling(16, true).build();
            ArrayDataset val = new ArrayDataset.Builder().setData(x.get("48:")).optLabels(y.get("48:"))
                    .setSampling(16, false).build();
            model.setBlock(Conv2d.builder().setKernelShape(new Shape(5, 5)).optPadding(new Shape(2, 2)).setFilters(1).build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.02f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 16, 16));
                History h = TrainingLoop.builder().setEpochs(30).optStep(new StandardStep(false)).optValidationAccuracy(false)
                        .addValidationMetric("psnr", (p, l) -> ImageQuality.psnr(p.head(), l.head(), 1.0)).build()
                        .fit(trainer, train, val);
                double first = h.epochs().get(0).extra().get("psnr");
                double last = h.last().extra().get("psnr");
                assertTrue(Double.isNaN(h.last().validationAccuracy()));
                assertTrue(last > first && last > before + 10, "PSNR of input " + before + ", epoch 1 " + first + ", last " + last);
                assertTrue(h.toCsv().contains(",psnr"));
            }
        }
    }
}
