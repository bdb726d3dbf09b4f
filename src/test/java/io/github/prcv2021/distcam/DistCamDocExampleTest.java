package io.github.prcv2021.distcam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.LocalizationCanvas;
import io.github.prcv2021.docs.DocExamples;
import io.github.prcv2021.metrics.Localization;
import org.junit.jupiter.api.Test;

/** The example on docs/papers/28-dist-cam.md compiles and runs here. */
class DistCamDocExampleTest {

    @Test
    void docPageExampleRuns() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            LocalizationNet net = LocalizationNet.parse("cnn:16-32-64", LocalizationNet.Head.DISTANCE, 10);
            net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 1, 64, 64)); // a trained model in practice
            ParameterStore store = new ParameterStore(manager, false);
            // DOC:begin
            LocalizationCanvas train = LocalizationCanvas.builder().optSeed(1).build()
                    .generate(Datasets.fashionMnistData(Usage.TRAIN), 200);
            LocalizationCanvas test = LocalizationCanvas.builder().optSeed(2).build()
                    .generate(Datasets.fashionMnistData(Usage.TEST), 20);

            // Eq. 7: prototypes = mean pooled feature of each class over the training canvases
            NDArray trainMaps = net.featureMaps(store, train.data().imagesArray(manager, false));
            PrototypeBank bank = PrototypeBank.fit(DistCam.globalAveragePool(trainMaps), train.data().labels(), 10);

            // Eqs. 4-6: nearest prototype, weights norm(1 / |p - q|), heatmap sum_k W_k Q_k
            DistCam distCam = DistCam.builder().build(); // L1, sum normalisation, epsilon 1e-8
            NDArray testMaps = net.featureMaps(store, test.data().imagesArray(manager, false)); // (20, 64, 16, 16)
            DistCam.Explanation e = distCam.explain(testMaps, bank);
            float[][] maps = Heatmaps.postprocess(e.heatmaps(), 64, 64, true); // ReLU, min-max, upsample

            Localization.Counter counter = new Localization.Counter();
            for (int i = 0; i < maps.length; i++) {
                Localization.Box box = Localization.thresholdToBox(maps[i], 64, 64, 0.2); // CAM's 20% threshold
                counter.add(e.classes()[i], test.data().label(i), box, test.box(i));
            }
            double top1Error = counter.top1LocalizationError(); // percent, the paper's Table 1 measure
            // DOC:end
            assertEquals(20, counter.count());
            assertTrue(top1Error >= 0 && top1Error <= 100);
        }
        assertTrue(DocExamples.pageContains("docs/papers/28-dist-cam.md",
                DocExamples.snippet("src/test/java/io/github/prcv2021/distcam/DistCamDocExampleTest.java", "DOC")));
    }
}
