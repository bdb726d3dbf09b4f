package io.github.prcv2021.maifgplm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.github.prcv2021.attacks.AttackMetrics;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.nn.GaussianKernel;
import io.github.prcv2021.attacks.InputDiversity;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.nn.Mlp;
import io.github.prcv2021.nn.SmallCnn;
import io.github.prcv2021.train.TrainingLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/13-mai-fgplm.md compiles and runs here (models trained on 2,000 images). */
class MaiFgplmDocExampleTest {

    private static Model trained(String name, Block block, ArrayDataset data) throws Exception {
        Model model = Model.newInstance(name);
        model.setBlock(block);
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(Optimizer.adam().build()))) {
            trainer.initialize(new Shape(1, 1, 28, 28));
            TrainingLoop.builder().setEpochs(2).build().fit(trainer, data, null);
        }
        return model;
    }

    @Test
    void docPageExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxData train = Datasets.imageData("fashion-mnist", Usage.TRAIN).sample(2000, 1);
            IdxData test = Datasets.imageData("fashion-mnist", Usage.TEST).limit(200);
            ArrayDataset data = new ArrayDataset.Builder().setData(train.imagesArray(manager, false))
                    .optLabels(train.labelsArray(manager)).setSampling(100, true).build();
            NDArray images = test.imagesArray(manager, false);
            NDArray labels = test.labelsArray(manager);
            double asr;
            double aps;
            try (Model cnnA = trained("a", SmallCnn.build(3, new int[] {16, 32}, 64, 10, true), data);
                    Model cnnB = trained("b", SmallCnn.build(3, new int[] {32, 32}, 128, 10, true), data);
                    Model heldOut = trained("target", Mlp.of(784, 256, 10), data)) {
                // DOC:begin
                // white-box surrogates: their equal-weight logit ensemble, l(x) = Σ w_i l_i(x)
                AttackTarget surrogate = AttackTarget.ensemble(List.of(cnnA.getBlock(), cnnB.getBlock()), manager);
                MaiFgplm attack = MaiFgplm.builder() // PL, GR and MIX with the paper's ρ, γ1, γ2, τ
                        .setEpsilon(0.1f) // on [0, 1] pixels; T = 10 and AI-FGTM's step schedule
                        .optMixedInput(0.5, GaussianKernel.of(3)) // τ and V (9×9 on 299×299 images)
                        .optTranslationKernel(GaussianKernel.of(3)) // TI
                        .optInputDiversity(new InputDiversity(1.0, 32.0 / 28, 0)) // DI, p = 1
                        .optNesterov(true, 1.0) // NI: NI-TI-DI-MAILM, the paper's Algorithm 1
                        .build();
                NDArray adv = AttackMetrics.generate(attack, surrogate, images, labels, 100);
                asr = AttackMetrics.successRate(AttackTarget.of(heldOut), adv, labels, 100, null); // black-box
                aps = AttackMetrics.averagePerturbationSize(images, adv, 0f, 1f); // on the 0-255 scale
                // DOC:end
            }
            assertTrue(asr > 0 && asr <= 1, "ASR " + asr);
            assertTrue(aps > 1 && aps <= 0.1 * 255 + 1e-3, "APS " + aps);
        }
        assertTrue(DocExamples.pageContains("docs/papers/13-mai-fgplm.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/maifgplm/MaiFgplmDocExampleTest.java", "DOC")));
    }
}
