package io.github.prcv2021.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import io.github.prcv2021.icce.IcceLoss;
import io.github.prcv2021.nn.CifarResNet;
import io.github.prcv2021.repro.Catalog;
import io.github.prcv2021.train.History;
import io.github.prcv2021.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README honest: its code sample compiles and runs here, and its status table is the catalog's. */
class ReadmeExampleTest {

    static History readmeExample(ArrayDataset trainSet, ArrayDataset testSet) {
        // README:begin
        try (Model model = Model.newInstance("icce-demo")) {
            model.setBlock(CifarResNet.builder().setDepth(20).setNumClasses(10).build());
            IcceLoss loss = IcceLoss.builder().setT(4f).build(); // T of Eq. 5; T = 0 is cross-entropy
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                return TrainingLoop.builder().setEpochs(1).build().fit(trainer, trainSet, testSet);
            }
        }
        // README:end
    }

    @Test
    void readmeExampleRunsAndIsTheOneInTheReadme() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            ArrayDataset data = new ArrayDataset.Builder().setData(m.randomUniform(0, 1, new Shape(64, 1, 28, 28)))
                    .optLabels(m.randomInteger(0, 10, new Shape(64), ai.djl.ndarray.types.DataType.INT32))
                    .setSampling(32, true).build();
            History h = readmeExample(data, data);
            assertEquals(1, h.epochs().size());
            assertTrue(h.last().validationAccuracy() >= 0);
        }
        String snippet = DocExamples.snippet("src/test/java/io/github/prcv2021/docs/ReadmeExampleTest.java", "README");
        assertTrue(DocExamples.pageContains("README.md", snippet), "README.md must contain the example of ReadmeExampleTest verbatim");
    }

    @Test
    void readmeStatusTableIsTheCatalogs() throws Exception {
        assertTrue(Files.readString(Path.of("README.md")).contains(Catalog.markdownTable()),
                "README.md's paper table is out of date: regenerate it with ./prcv list --markdown");
    }
}
