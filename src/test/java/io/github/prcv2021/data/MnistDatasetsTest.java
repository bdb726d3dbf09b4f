package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.Record;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real MNIST and Fashion-MNIST files of the cache; values cross-checked with NumPy on the same files. */
class MnistDatasetsTest {

    private static IdxData mnistTrain;
    private static IdxData mnistTest;
    private static IdxData fashionTrain;
    private static IdxData fashionTest;

    @BeforeAll
    static void load() throws Exception {
        mnistTrain = Datasets.mnistData(Usage.TRAIN);
        mnistTest = Datasets.mnistData(Usage.TEST);
        fashionTrain = Datasets.fashionMnistData(Usage.TRAIN);
        fashionTest = Datasets.fashionMnistData(Usage.TEST);
    }

    private static void assertWellFormed(IdxData d, int count) {
        assertEquals(count, d.count(), d.name());
        assertEquals(28, d.rows());
        assertEquals(28, d.cols());
        assertEquals(784, d.features());
        assertEquals(10, d.numClasses());
        assertEquals((long) count * 784, d.images().length);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float p : d.images()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min, 0f, d.name() + " darkest pixel");
        assertEquals(1f, max, 0f, d.name() + " brightest pixel");
        for (int y : d.labels()) {
            assertTrue(y >= 0 && y < 10, d.name() + " label " + y);
        }
        for (int c : d.classCounts()) {
            assertTrue(c > 0, d.name() + " has every class");
        }
    }

    @Test
    void mnistHas60000TrainAnd10000TestImages() {
        assertWellFormed(mnistTrain, 60_000);
        assertWellFormed(mnistTest, 10_000);
    }

    @Test
    void fashionMnistHas60000TrainAnd10000TestImages() {
        assertWellFormed(fashionTrain, 60_000);
        assertWellFormed(fashionTest, 10_000);
    }

    @Test
    void mnistFirstLabelsAndClassCountsAreTheKnownOnes() {
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(mnistTrain.labels(), 10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(mnistTest.labels(), 10));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                mnistTrain.classCounts());
    }

    @Test
    void fashionMnistFirstLabelsAndBalancedClasses() {
        assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(fashionTrain.labels(), 10));
        assertArrayEquals(new int[] {9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(fashionTest.labels(), 10));
        int[] counts = new int[10];
        Arrays.fill(counts, 6000);
        assertArrayEquals(counts, fashionTrain.classCounts());
        assertEquals("Ankle boot", Datasets.FASHION_MNIST_CLASSES.get(fashionTrain.label(0)));
    }

    @Test
    void normalisationConstantsAreTheTrainingStatistics() {
        assertEquals(Datasets.MNIST_MEAN, mnistTrain.pixelMean(), 1e-4);
        assertEquals(Datasets.MNIST_STD, mnistTrain.pixelStd(), 1e-4);
        assertEquals(Datasets.FASHION_MNIST_MEAN, fashionTrain.pixelMean(), 1e-4);
        assertEquals(Datasets.FASHION_MNIST_STD, fashionTrain.pixelStd(), 1e-4);
    }

    @Test
    void datasetBatchesAreChannelFirstImagesWithFloatLabels() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxDataset ds = Datasets.mnist(Usage.TEST).setManager(manager).setSampling(32, false).optLimit(100).build();
            ds.prepare();
            assertEquals(100, ds.size());
            Record r = ds.get(manager, 0);
            assertEquals(new Shape(1, 28, 28), r.getData().singletonOrThrow().getShape());
            assertEquals(7f, r.getLabels().singletonOrThrow().getFloat(), 0f);
            int batches = 0;
            long seen = 0;
            for (Batch batch : ds.getData(manager)) {
                try (batch) {
                    NDArray x = batch.getData().singletonOrThrow();
                    assertEquals(DataType.FLOAT32, x.getDataType());
                    assertEquals(28, x.getShape().get(2));
                    assertEquals(1, x.getShape().get(1));
                    assertTrue(x.max().getFloat() <= 1f && x.min().getFloat() >= 0f);
                    seen += x.getShape().get(0);
                    batches++;
                }
            }
            assertEquals(4, batches);
            assertEquals(100, seen);
            assertEquals(10, ds.getNumClasses());
        }
    }

    @Test
    void flattenAndStandardiseChangeTheRecords() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxDataset ds = Datasets.mnist(Usage.TEST).setManager(manager).setSampling(10, false).optLimit(10)
                    .optFlatten(true).optNormalization(Datasets.MNIST_MEAN, Datasets.MNIST_STD).build();
            ds.prepare();
            NDArray x = ds.get(manager, 0).getData().singletonOrThrow();
            assertEquals(new Shape(784), x.getShape());
            float[] raw = mnistTest.image(0);
            float[] got = x.toFloatArray();
            for (int i = 0; i < 784; i++) {
                assertEquals((raw[i] - Datasets.MNIST_MEAN) / Datasets.MNIST_STD, got[i], 1e-5f, "pixel " + i);
            }
        }
    }

    @Test
    void seededSubsetIsReproducibleAndDiffersAcrossSeeds() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxDataset a = Datasets.fashionMnist(Usage.TEST).setManager(manager).setSampling(50, true)
                    .optSubset(500, 7).build();
            IdxDataset b = Datasets.fashionMnist(Usage.TEST).setManager(manager).setSampling(50, true)
                    .optSubset(500, 7).build();
            IdxDataset c = Datasets.fashionMnist(Usage.TEST).setManager(manager).setSampling(50, true)
                    .optSubset(500, 8).build();
            a.prepare();
            b.prepare();
            c.prepare();
            assertEquals(500, a.size());
            assertArrayEquals(a.getIdxData().labels(), b.getIdxData().labels());
            assertArrayEquals(a.getIdxData().images(), b.getIdxData().images());
            assertFalse(Arrays.equals(a.getIdxData().images(), c.getIdxData().images()));
            // the subset is made of real test images: its first image is one of the test set's
            float[] first = a.getIdxData().image(0);
            boolean found = false;
            for (int i = 0; i < fashionTest.count() && !found; i++) {
                found = Arrays.equals(first, fashionTest.image(i));
            }
            assertTrue(found);
        }
    }

    @Test
    void closingTheCallersManagerFreesTheData() throws Exception {
        NDArray x;
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxDataset ds = Datasets.mnist(Usage.TEST).setManager(manager).setSampling(8, false).optLimit(8).build();
            ds.prepare();
            x = ds.get(manager, 0).getData().singletonOrThrow();
            assertFalse(x.isReleased());
        }
        assertTrue(x.isReleased());
    }

    @Test
    void plainArraysMakeTheWholeMatrix() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IdxData small = mnistTrain.limit(1000);
            NDArray x = small.imagesArray(manager);
            assertEquals(new Shape(1000, 784), x.getShape());
            assertEquals(mnistTrain.images()[784 * 3 + 400], x.getFloat(3, 400), 0f);
            NDArray y = small.labelsArray(manager);
            assertEquals(5f, y.getFloat(0), 0f);
            IdxData s1 = mnistTrain.sample(200, 3);
            IdxData s2 = mnistTrain.sample(200, 3);
            assertArrayEquals(s1.labels(), s2.labels());
            assertNotEquals(Arrays.toString(s1.labels()), Arrays.toString(mnistTrain.sample(200, 4).labels()));
        }
    }

    @Test
    void builderAndUsageErrorsSayWhatIsExpected() {
        IllegalArgumentException noManager = assertThrows(IllegalArgumentException.class,
                () -> Datasets.mnist(Usage.TRAIN).setSampling(8, true).build());
        assertTrue(noManager.getMessage().contains("setManager"), noManager.getMessage());
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException noSampling = assertThrows(IllegalArgumentException.class,
                    () -> Datasets.mnist(Usage.TRAIN).setManager(manager).build());
            assertTrue(noSampling.getMessage().contains("setSampling"), noSampling.getMessage());
            IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                    () -> Datasets.mnist(Usage.TRAIN).setManager(manager).setSampling(8, true).optLimit(10)
                            .optSubset(10, 1).build());
            assertTrue(both.getMessage().contains("either optLimit or optSubset"), both.getMessage());
            IdxDataset unprepared = Datasets.mnist(Usage.TEST).setManager(manager).setSampling(8, true).build();
            assertThrows(IllegalStateException.class, unprepared::size);
        }
        IllegalArgumentException validation = assertThrows(IllegalArgumentException.class,
                () -> Datasets.mnist(Usage.VALIDATION));
        assertEquals("Datasets.mnist expects usage TRAIN or TEST, got VALIDATION", validation.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Datasets.mnist(Usage.TRAIN).optNormalization(0.1f, 0f));
    }
}
