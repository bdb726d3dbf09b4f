package io.github.prcv2021.icce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.data.NoisyLabels;
import io.github.prcv2021.docs.DocExamples;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/07-icce.md compiles and runs here. */
class IcceDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            // DOC:begin
            IdxData train = Datasets.fashionMnistData(Usage.TRAIN).sample(1000, 42);
            NoisyLabels noise = NoisyLabels.corrupt(train.labels(), 10, NoisyLabels.Mode.UNIFORM, 0.4, 7);
            IdxData noisy = noise.applyTo(train); // same pixels, 40% of labels moved to another class

            IcceLoss icce = IcceLoss.builder().setT(4f).build(); // Eq. 5, exact value by its series
            NDArray logits = manager.randomNormal(new ai.djl.ndarray.types.Shape(noisy.count(), 10));
            NDArray loss = icce.evaluate(new NDList(noisy.labelsArray(manager)), new NDList(logits));
            // DOC:end
            assertEquals(0, loss.getShape().dimension());
            assertTrue(noise.actualRate() > 0.35 && noise.actualRate() < 0.45, "rate " + noise.actualRate());
        }
        assertTrue(DocExamples.pageContains("docs/papers/07-icce.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/icce/IcceDocExampleTest.java", "DOC")));
    }
}
