package io.github.prcv2021.emmf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.github.prcv2021.cluster.KMeans;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.metrics.Clustering;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/23-emmf.md compiles and runs here (200 digits, small widths, 60 iterations). */
class EmmfDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        double acc;
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            // three views of the same 200 digits: raw pixels, HOG-like, profiles + random projection
            MultiViewData data = MultiViewData.digits(200, 1);
            Emmf emmf = Emmf.builder()
                    .setRepresentationDim(10) // k = the number of clusters
                    .optEncoderWidths(256, 128, 64) // the paper: 1000, 500, 200 (decoders mirror them)
                    .optLambdaD(0.01f) // λ_d of Eq. 9; 0 trains without discriminators
                    .optIterations(60) // maxiter of Algorithm 1 (the paper: 800)
                    .build();
            try (Emmf.Result r = emmf.fit(manager, data.arrays(manager));
                    KMeans.Result clusters = KMeans.builder().setClusters(10).optSeed(1).build().fit(r.representation())) {
                acc = Clustering.accuracy(data.labels(), clusters.labels());
            }
            // DOC:end
        }
        assertTrue(acc > 0.5, "ACC " + acc);
        assertTrue(DocExamples.pageContains("docs/papers/23-emmf.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/emmf/EmmfDocExampleTest.java", "DOC")));
    }
}
