package io.github.prcv2021.textureunet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.nn.UNet;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/04-texture-unet.md compiles and runs here (on random 32×32 images). */
class TextureUnetDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        float loss;
        Shape out;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray oct = manager.randomUniform(0, 1, new Shape(2, 1, 32, 32));
            NDArray octa = manager.randomUniform(0, 1, new Shape(2, 1, 32, 32));
            // DOC:begin
            // T-Down / T-Up PAC sampling guided by Haar texture features, deep supervision (Fig. 1)
            UNet net = TextureGuidedUNet.textureGuided(8, 3, 4, true); // C = 8, f = 3 levels, 4 guidance channels
            try (Model model = Model.newInstance("tg-unet")) {
                model.setBlock(net);
                DefaultTrainingConfig config = new DefaultTrainingConfig(
                        new DeepSupervisionLoss(new ImedLoss(), 0.25)) // IMED (Eq. 3) on every output
                        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(2e-4f)).build());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(oct.getShape());
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList preds = trainer.forward(new NDList(oct)); // final prediction, then side outputs
                        NDArray l = trainer.getLoss().evaluate(new NDList(octa), preds);
                        gc.backward(l);
                        loss = l.getFloat();
                        out = preds.head().getShape();
                    }
                    trainer.step();
                }
            }
            // DOC:end
        }
        assertEquals(new Shape(2, 1, 32, 32), out);
        assertTrue(loss > 0 && Float.isFinite(loss), "loss " + loss);
        assertTrue(DocExamples.pageContains("docs/papers/04-texture-unet.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/textureunet/TextureUnetDocExampleTest.java", "DOC")));
    }
}
