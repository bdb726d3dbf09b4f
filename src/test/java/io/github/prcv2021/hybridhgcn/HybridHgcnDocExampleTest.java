package io.github.prcv2021.hybridhgcn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.docs.DocExamples;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/09-hybrid-hgcn.md compiles and runs here (on 300 Fashion-MNIST images). */
class HybridHgcnDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        IdxData images = Datasets.fashionMnistData(Usage.TEST).sample(300, 1);
        double accuracy;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            // features X (n, d) and a kNN hypergraph over them (Sect. 5.2; one hyperedge per vertex)
            NDArray x = manager.create(images.images(), new Shape(images.count(), images.features()));
            Hypergraph h = Hypergraph.knn(x, 10, KnnWeighting.HGNN_CODE);
            // the k-hop operators Ĥ^(1), Ĥ^(2), Ĥ^(3) of Eq. 8 (H^k with path counts)
            NDList operators = h.hopOperators(new int[] {1, 2, 3}, HopOperator.INCIDENCE_POWER, manager);
            HybridHgcn model = HybridHgcn.builder()
                    .setOrders(1, 2, 3)
                    .setHiddenUnits(32)
                    .setNumClasses(10)
                    .build(); // shared weights, max fusion (Eq. 7), dropout 0.5
            // 5 labelled images per class; the others are predicted (transductive, Eq. 9)
            LabelSplit split = LabelSplit.perClass(images.labels(), 10, 5, 42);
            TransductiveTrainer.Fit fit = TransductiveTrainer.builder()
                    .optEpochs(100) // Adam, lr 0.01, weight decay 5e-4
                    .optSeed(1)
                    .build()
                    .fit(model, x, operators, split.trainingLabels(images.labels()));
            accuracy = fit.accuracy(images.labels(), split.test());
            // DOC:end
        }
        assertTrue(accuracy > 0.4, "accuracy " + accuracy);
        assertTrue(DocExamples.pageContains("docs/papers/09-hybrid-hgcn.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/hybridhgcn/HybridHgcnDocExampleTest.java", "DOC")));
    }
}
