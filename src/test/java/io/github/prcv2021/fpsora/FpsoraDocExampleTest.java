package io.github.prcv2021.fpsora;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.cluster.KMeans;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.TabularData;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.metrics.Clustering;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/19-fpsora.md compiles and runs here (on 200 digits). */
class FpsoraDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        TabularData digits = Datasets.digits().sample(200, 1);
        double acc;
        double[] objective;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            // x: (n, p), one sample per ROW (the paper's X transposed)
            NDArray x = manager.create(digits.features(), new Shape(digits.count(), digits.numFeatures()));
            Fpsora fpsora = Fpsora.builder()
                    .setTargetDim(20) // d
                    .optNeighbours(10) // k of the heat-kernel kNN graph (Eq. 1)
                    .optSigma(1.0) // σ, on unit-norm samples
                    .optInitialProjection(Fpsora.InitialProjection.PCA) // P0 (the paper does not say)
                    .optMaxIterations(20)
                    .build();
            try (Fpsora.Result r = fpsora.fit(x);
                    KMeans.Result clusters = KMeans.builder().setClusters(10).optSeed(1).build().fit(r.embedding())) {
                objective = r.objective(); // J_0 >= J_1 >= ... (Eq. 12)
                acc = Clustering.accuracy(digits.labels(), clusters.labels());
            }
            // DOC:end
        }
        assertTrue(acc > 0.5, "ACC " + acc);
        assertTrue(objective[objective.length - 1] < objective[0]);
        assertTrue(DocExamples.pageContains("docs/papers/19-fpsora.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/fpsora/FpsoraDocExampleTest.java", "DOC")));
    }
}
