package io.github.prcv2021.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** scikit-learn's toy tables; expected values from the files' own headers and from NumPy on the same files. */
class TabularDatasetsTest {

    @Test
    void digitsHas1797RowsOf64FeaturesIn0To16AndTenClasses() throws Exception {
        TabularData d = Datasets.digits();
        assertEquals(1797, d.count());
        assertEquals(64, d.numFeatures());
        assertEquals(10, d.numClasses());
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : d.features()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            assertEquals(Math.rint(v), v, 0f, "digits values are integers");
        }
        assertEquals(0f, min, 0f);
        assertEquals(16f, max, 0f);
        for (int c : d.classCounts()) {
            assertTrue(c >= 170 && c <= 190, "about 180 per class, got " + c);
        }
        // first row of digits.csv.gz: 0,0,5,13,9,1,0,0,... label 0
        assertEquals(5f, d.feature(0, 2), 0f);
        assertEquals(13f, d.feature(0, 3), 0f);
        assertEquals(0, d.label(0));
    }

    @Test
    void irisHas150RowsOf4FeaturesIn3BalancedClasses() throws Exception {
        TabularData d = Datasets.iris();
        assertEquals(150, d.count());
        assertEquals(4, d.numFeatures());
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, d.classCounts());
        assertArrayEquals(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, java.util.Arrays.copyOf(d.features(), 4), 0f);
    }

    @Test
    void wineAndBreastCancerMatchTheirHeaders() throws Exception {
        TabularData wine = Datasets.wine();
        assertEquals(178, wine.count());
        assertEquals(13, wine.numFeatures());
        assertArrayEquals(new int[] {59, 71, 48}, wine.classCounts());
        assertEquals(14.23f, wine.feature(0, 0), 0f);
        assertEquals(1065f, wine.feature(0, 12), 0f);
        TabularData bc = Datasets.breastCancer();
        assertEquals(569, bc.count());
        assertEquals(30, bc.numFeatures());
        assertEquals(List.of("malignant", "benign"), bc.classNames());
        assertArrayEquals(new int[] {212, 357}, bc.classCounts());
    }

    @Test
    void standardizeGivesZeroMeanUnitVarianceColumns() throws Exception {
        TabularData s = Datasets.wine().standardize();
        for (int j = 0; j < s.numFeatures(); j++) {
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < s.count(); i++) {
                sum += s.feature(i, j);
                sq += (double) s.feature(i, j) * s.feature(i, j);
            }
            assertEquals(0, sum / s.count(), 1e-5, "column " + j + " mean");
            assertEquals(1, sq / s.count(), 1e-4, "column " + j + " variance");
        }
    }

    @Test
    void toDatasetBatchesFeaturesAndLabels() throws Exception {
        TabularData iris = Datasets.iris();
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset ds = iris.toDataset(manager, 32, false);
            Batch first = ds.getData(manager).iterator().next();
            try (first) {
                assertEquals(new Shape(32, 4), first.getData().singletonOrThrow().getShape());
                assertEquals(new Shape(32), first.getLabels().singletonOrThrow().getShape());
                assertEquals(5.1f, first.getData().singletonOrThrow().getFloat(0, 0), 0f);
            }
            assertEquals(150, ds.size());
        }
    }
}
