package io.github.prcv2021.fgsmpr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.attacks.LinfAttack;
import io.github.prcv2021.attacks.Pgd;
import io.github.prcv2021.attacks.RobustAccuracy;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.nn.WongMnistCnn;
import io.github.prcv2021.train.TrainingLoop;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/03-fgsmpr.md compiles and runs here (on 1,000 training images). */
class FgsmprDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxData train = Datasets.mnistData(Usage.TRAIN).sample(1000, 1);
            IdxData test = Datasets.mnistData(Usage.TEST).limit(100);
            ArrayDataset trainSet = new ArrayDataset.Builder().setData(train.imagesArray(manager, false))
                    .optLabels(train.labelsArray(manager)).setSampling(100, true).build();
            NDArray testX = test.imagesArray(manager, false);
            NDArray testY = test.labelsArray(manager);
            Map<String, Double> acc;
            // DOC:begin
            AdversarialTraining fgsmpr = AdversarialTraining.builder()
                    .setMethod(AdversarialTraining.Method.FGSMPR)
                    .setEpsilon(0.1f) // the paper trains MNIST at 0.3
                    .optLambda(0.1) // λ of Eq. 5; K = 3, α = ε/3 and m = 1 are the defaults
                    .build();
            try (Model model = Model.newInstance("fgsmpr")) {
                model.setBlock(WongMnistCnn.build(10));
                DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(Optimizer.adam().build());
                try (Trainer trainer = model.newTrainer(config)) {
                    trainer.initialize(new Shape(1, 1, 28, 28));
                    TrainingLoop.builder().setEpochs(2).optStep(fgsmpr).build().fit(trainer, trainSet, null);
                }
                Map<String, LinfAttack> attacks = new LinkedHashMap<>();
                attacks.put("clean", null);
                attacks.put("PGD-20-10", Pgd.builder().setEpsilon(0.1f).setSteps(20).optStep(0.025f)
                        .optRestarts(10).build());
                acc = RobustAccuracy.evaluate(AttackTarget.of(model), testX, testY, 500, attacks);
            }
            // DOC:end
            assertTrue(acc.get("clean") > 0.6, acc.toString());
            assertTrue(acc.get("PGD-20-10") <= acc.get("clean"), acc.toString());
        }
        assertTrue(DocExamples.pageContains("docs/papers/03-fgsmpr.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/fgsmpr/FgsmprDocExampleTest.java", "DOC")));
    }
}
