package io.github.prcv2021.distcam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PrototypeBankTest {

    @Test
    void prototypesAreClassMeansOfPooledFeatures() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pooled = m.create(new float[] {1, 2, 3, 4, 10, 10, 5, 6}, new Shape(4, 2));
            PrototypeBank bank = PrototypeBank.fit(pooled, new int[] {0, 0, 2, 0}, 3);
            assertArrayEquals(new float[] {3, 4}, bank.prototype(0), 1e-6f);
            assertArrayEquals(new float[] {10, 10}, bank.prototype(2), 1e-6f);
            assertEquals(3, bank.count(0));
            assertFalse(bank.has(1));
            // the empty class 1 is never the nearest, even for a query on the origin
            NDArray queries = m.create(new float[] {0, 0, 9, 9}, new Shape(2, 2));
            assertArrayEquals(new int[] {0, 2}, bank.nearest(queries, DistCam.Distance.L1));
            float[] d = bank.distances(queries, DistCam.Distance.L1).toFloatArray();
            assertEquals(7f, d[0], 1e-6f);
            assertEquals(Float.POSITIVE_INFINITY, d[1]);
            // streaming in two batches gives the same bank
            PrototypeBank streamed = PrototypeBank.accumulator(3, 2).add(pooled.get("0:2"), new int[] {0, 0})
                    .add(pooled.get("2:4"), new int[] {2, 0}).build();
            assertArrayEquals(bank.prototype(0), streamed.prototype(0), 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> PrototypeBank.fit(pooled, new int[] {0, 0, 3, 0}, 3));
        }
    }

    @Test
    void gapOfTheMeanMapEqualsTheMeanOfPooledFeatures() {
        // Eq. 7 averages feature maps; Eq. 4 pools the prototype: GAP is linear, so the bank's vector matches
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            NDArray maps = m.randomUniform(0, 1, new Shape(6, 3, 4, 4));
            PrototypeBank bank = PrototypeBank.fit(DistCam.globalAveragePool(maps), new int[] {1, 1, 1, 1, 1, 1}, 2);
            NDArray meanMap = maps.mean(new int[] {0}).expandDims(0);
            assertArrayEquals(DistCam.globalAveragePool(meanMap).toFloatArray(), bank.prototype(1), 1e-6f);
        }
    }

    @Test
    void saveAndLoadRoundTrip() throws Exception {
        PrototypeBank bank = PrototypeBank.of(new float[][] {{1, 2, 3}, null, {4, 5, 6}});
        Path f = Files.createTempFile("bank", ".bin");
        bank.save(f);
        PrototypeBank back = PrototypeBank.load(f);
        assertEquals(3, back.numClasses());
        assertFalse(back.has(1));
        assertArrayEquals(bank.prototype(2), back.prototype(2), 0f);
        Files.delete(f);
    }

    @Test
    void distanceHeadLogitsAreNegativeScaledSquaredDistances() {
        try (NDManager m = NDManager.newBaseManager()) {
            DistanceHead head = new DistanceHead(2, 0.5f);
            head.initialize(m, DataType.FLOAT32, new Shape(1, 3));
            head.getParameters().get("prototypes").getArray().set(new float[] {0, 0, 0, 1, 2, 2});
            NDArray q = m.create(new float[] {1, 2, 2}, new Shape(1, 3));
            NDArray logits = head.forward(new ParameterStore(m, false), new NDList(q), false).singletonOrThrow();
            // ||q||^2 = 9, ||q - (1, 2, 2)||^2 = 0
            assertArrayEquals(new float[] {-4.5f, 0f}, logits.toFloatArray(), 1e-5f);
        }
    }
}
