package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.docs.DocExamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The example on docs/papers/46-log-pbcd.md compiles and runs here. */
@ExtendWith(SingleThreadedEngine.class)
class LogPbcdDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            IdxData train = Datasets.fashionMnistData(Usage.TRAIN).limit(500);
            NDArray x = train.imagesArray(manager).transpose();                // d0 x M: columns are samples
            NDArray y = train.labelsArray(manager).toType(DataType.INT32, false).oneHot(10).transpose();

            try (LogPbcdTrainer trainer = LogPbcdTrainer.builder()
                    .optPaperSetting(PaperSetting.FASHION_MNIST)          // lambda 1e-7, eps 1e-4, rho 1, delta 1
                    .optLayerSizes(784, 100, 100, 10)
                    .optSeed(1)
                    .build()) {
                trainer.fit(x, y, 5);                                    // 5 full-batch iterations, no gradients
                double accuracy = trainer.accuracy(x, train.labelsArray(manager));
                double zeros = trainer.activationSparsity(1);            // fraction of exact zeros in A_1
                SequentialBlock mlp = trainer.toBlock();                 // a DJL block with the learned weights
                // DOC:end
                assertTrue(accuracy > 0.5, "accuracy " + accuracy);
                assertTrue(zeros >= 0 && zeros <= 1);
                assertTrue(mlp.getChildren().size() > 0);
            }
        }
        assertTrue(DocExamples.pageContains("docs/papers/46-log-pbcd.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/logpbcd/LogPbcdDocExampleTest.java", "DOC")));
    }
}
