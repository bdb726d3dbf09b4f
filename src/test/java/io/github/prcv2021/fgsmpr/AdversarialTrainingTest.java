package io.github.prcv2021.fgsmpr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.nn.WongMnistCnn;
import io.github.prcv2021.repro.Scale;
import io.github.prcv2021.repro.Settings;
import io.github.prcv2021.train.TrainingStep;
import org.junit.jupiter.api.Test;

/** The training step: the paper's attack settings, the regulariser's effect on the update, bad input. */
class AdversarialTrainingTest {

    @Test
    void fgsmprUsesThePapersAttacks() {
        AdversarialTraining at = AdversarialTraining.fgsmpr(0.3f);
        assertEquals(0.3f, at.getFgsm().getStep(), 1e-7f, "FGSM step = ε (Eq. 2)");
        assertFalse(at.getFgsm().isRandomStart(), "FGSM starts at x");
        assertEquals(3, at.getPgd().getSteps(), "K = 3");
        assertEquals(0.1f, at.getPgd().getStep(), 1e-7f, "α = ε/K");
        assertFalse(at.getPgd().isRandomStart(), "PGD starts at the clean input (Algorithm 1)");
        assertEquals(0.1f, at.getLambda(), 1e-7f, "λ = 0.1 on MNIST");
        AdversarialTraining pgdAt = AdversarialTraining.builder().setMethod(AdversarialTraining.Method.PGD)
                .setEpsilon(0.3f).optPgdSteps(40).optPgdStep(0.01f).build();
        assertEquals(40, pgdAt.getPgd().getSteps());
        assertTrue(pgdAt.getPgd().isRandomStart());
        assertNull(pgdAt.getFgsm());
        assertEquals(AdversarialTraining.Method.FAST_FGSM, AdversarialTraining.Method.parse("fast-fgsm"));
        assertThrows(IllegalArgumentException.class, () -> AdversarialTraining.Method.parse("free"));
        assertThrows(IllegalArgumentException.class,
                () -> AdversarialTraining.builder().setMethod(AdversarialTraining.Method.FGSM).build());
        assertThrows(IllegalArgumentException.class, () -> AdversarialTraining.builder().build());
    }

    @Test
    void theRegulariserChangesTheUpdateAndLambdaZeroIsFgsmAt() throws Exception {
        IdxData data = Datasets.mnistData(Usage.TRAIN).limit(64);
        float[] fgsm = update(AdversarialTraining.builder().setMethod(AdversarialTraining.Method.FGSM)
                .setEpsilon(0.3f).build(), data);
        float[] zero = update(AdversarialTraining.builder().setMethod(AdversarialTraining.Method.FGSMPR)
                .setEpsilon(0.3f).optLambda(0).build(), data);
        float[] reg = update(AdversarialTraining.builder().setMethod(AdversarialTraining.Method.FGSMPR)
                .setEpsilon(0.3f).optLambda(5).optPgdExamples(8).build(), data);
        // λ = 0: the m PGD examples take part in the forward pass but not in the loss, so the update is FGSM AT's
        double d0 = 0;
        double d1 = 0;
        for (int i = 0; i < fgsm.length; i++) {
            d0 = Math.max(d0, Math.abs(fgsm[i] - zero[i]));
            d1 = Math.max(d1, Math.abs(fgsm[i] - reg[i]));
        }
        assertTrue(d0 < 1e-6, "λ = 0 should equal FGSM AT, max difference " + d0);
        assertTrue(d1 > 1e-4, "the PGD regulariser should change the update, max difference " + d1);
    }

    /** The first-layer weights after one step of plain SGD from a fixed initialisation. */
    private static float[] update(AdversarialTraining step, IdxData data) throws Exception {
        Seeds.seedAll(5);
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("at")) {
            model.setBlock(WongMnistCnn.build(10));
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                ArrayDataset ds = new ArrayDataset.Builder().setData(data.imagesArray(m, false))
                        .optLabels(data.labelsArray(m)).setSampling(64, false).build();
                for (Batch b : trainer.iterateDataset(ds)) {
                    try (b) {
                        TrainingStep.StepResult r = step.step(trainer, b);
                        assertEquals(64, r.count());
                        assertTrue(Double.isFinite(r.lossSum()));
                    }
                }
                if (step.getMethod() == AdversarialTraining.Method.FGSMPR) {
                    assertTrue(step.lastRegulariser() > 0, "regulariser " + step.lastRegulariser());
                }
                return model.getBlock().getParameters().valueAt(0).getArray().toFloatArray();
            }
        }
    }

    @Test
    void badSettingsAreClearErrors() {
        FgsmprReproduction r = new FgsmprReproduction();
        Settings s = r.defaults(Scale.SMOKE).override("methods=FGSM,FREE");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.run(s, io.github.prcv2021.repro.RunContext.quiet(Scale.SMOKE, 1)));
        assertTrue(e.getMessage().contains("FREE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FgsmprReproduction.network("vgg", 10));
    }

}
