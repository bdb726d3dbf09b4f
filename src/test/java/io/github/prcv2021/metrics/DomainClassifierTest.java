package io.github.prcv2021.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The domain classifier's scores behave as FID and IS should: real vs real is close and real vs noise far;
 * confident varied predictions score near the class count and a constant image scores 1. Trained on 5,000
 * MNIST digits for two epochs (about 15 s).
 */
class DomainClassifierTest {

    @Test
    void scoresSeparateRealFromNoiseAndTheCacheReloads(@TempDir Path dir) throws IOException {
        IdxData train = Datasets.mnistData(Usage.TRAIN).limit(5000);
        IdxData test = Datasets.mnistData(Usage.TEST).limit(1000);
        try (DomainClassifier c = DomainClassifier.cached(train, 2, 7, dir); NDManager m = NDManager.newBaseManager()) {
            assertTrue(Files.exists(dir.resolve(c.name() + "-0000.params")));
            double acc = c.accuracy(test);
            assertTrue(acc > 0.9, "accuracy " + acc);
            NDArray real = test.imagesArray(m, false);
            NDArray a = real.get("0:500");
            NDArray b = real.get("500:1000");
            m.getEngine().setRandomSeed(1);
            NDArray noise = m.randomUniform(0, 1, new Shape(500, 1, 28, 28));
            double same = c.frechetDistance(a, b);
            double far = c.frechetDistance(a, noise);
            assertTrue(far > 10 * same, "FD real/real " + same + ", real/noise " + far);
            assertEquals(new Shape(500, DomainClassifier.FEATURES), c.features(a).getShape());
            double is = c.inceptionScore(real, 2);
            assertTrue(is > 6 && is <= 10, "IS of real digits " + is);
            double constant = c.inceptionScore(m.full(new Shape(100, 1, 28, 28), 0.5f), 1);
            assertEquals(1.0, constant, 1e-3);
            float[] f1 = c.features(a.get("0:5")).toFloatArray();
            try (DomainClassifier again = DomainClassifier.cached(train, 2, 7, dir)) {
                assertArrayEquals(f1, again.features(a.get("0:5")).toFloatArray(), 1e-6f);
            }
        }
    }
}
