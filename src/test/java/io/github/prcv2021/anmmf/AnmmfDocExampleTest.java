package io.github.prcv2021.anmmf;

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

/** The example on docs/papers/06-anmmf.md compiles and runs here (on 300 digits). */
class AnmmfDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        TabularData digits = Datasets.digits().sample(300, 1);
        double acc;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            // X: (D, n), one non-negative sample per column
            NDArray x = manager.create(digits.features(), new Shape(digits.count(), digits.numFeatures())).transpose();
            Anmmf anmmf = Anmmf.builder()
                    .setRank(10) // m, the number of clusters by convention
                    .optAttributes(3) // P factorisations X ≈ U_i V_iᵀ
                    .optHsicWeight(0.01) // λ1, the HSIC diversity term (Eq. 8)
                    .optGraphWeight(1000) // λ2, the kNN graph term
                    .optNeighbours(10)
                    .optIterations(50)
                    .build();
            try (Anmmf.Result r = anmmf.fit(x); NDArray z = r.concatenated(true);
                    KMeans.Result clusters = KMeans.builder().setClusters(10).optSeed(1).build().fit(z)) {
                acc = Clustering.accuracy(digits.labels(), clusters.labels());
            }
            // DOC:end
        }
        assertTrue(acc > 0.5, "ACC " + acc);
        assertTrue(DocExamples.pageContains("docs/papers/06-anmmf.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/anmmf/AnmmfDocExampleTest.java", "DOC")));
    }
}
