package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.optimizer.Optimizer;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.train.TrainingLoop;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/12-shape-texture.md compiles and runs here. */
class ShapeTextureDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        float[] w;
        // DOC:begin
        IdxData train = Datasets.fashionMnistData(Usage.TRAIN).limit(512);
        StagedCnn cnn = StagedCnn.builder().setWidths(16, 32, 64).build(); // pretrain it first (StagedCnn.classifier)
        MultiViewNet net = MultiViewNet.builder()
                .setBackbone(cnn, 1, 0, 1, 2) // shape from stage 1 (Eq. 2), texture from stages 0-2 (Eq. 3); frozen
                .setNumClasses(10).setImageChannels(1).setUpsamplings(2) // 7x7 codes, 28x28 reconstruction (Eq. 6)
                .build();
        MultiViewLoss loss = MultiViewLoss.builder().optEta(1f).optAlpha(1f).optBeta(0.1f).build(); // Eq. 8
        try (Model model = Model.newInstance("shape-texture")) {
            model.setBlock(net);
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(loss).optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, 1, 28, 28));
                ArrayDataset data = new ArrayDataset.Builder().setData(train.imagesArray(model.getNDManager(), false))
                        .optLabels(train.labelsArray(model.getNDManager())).setSampling(64, true).build();
                TrainingLoop.builder().setEpochs(1).optStep(new MultiViewStep()).build().fit(trainer, data, null);
            }
            w = net.viewWeights(); // {w_s, w_t} = softmax(a), Eq. 5: the paper's Table 1
        }
        // DOC:end
        assertEquals(2, w.length);
        assertEquals(1, w[0] + w[1], 1e-6);
        assertTrue(w[0] != 0.5f, "the weights did not train");
        assertTrue(DocExamples.pageContains("docs/papers/12-shape-texture.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/shapetexture/ShapeTextureDocExampleTest.java", "DOC")));
    }
}
