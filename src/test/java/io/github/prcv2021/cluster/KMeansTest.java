package io.github.prcv2021.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.metrics.Clustering;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** k-means on separable blobs, its inertia recomputed by hand, determinism and restarts. */
class KMeansTest {

    private static float[] blobs(int perBlob, double[][] centres, double sd, long seed, int[] labels) {
        Random r = new Random(seed);
        int d = centres[0].length;
        float[] x = new float[perBlob * centres.length * d];
        for (int b = 0; b < centres.length; b++) {
            for (int i = 0; i < perBlob; i++) {
                int row = b * perBlob + i;
                labels[row] = b;
                for (int f = 0; f < d; f++) {
                    x[row * d + f] = (float) (centres[b][f] + sd * r.nextGaussian());
                }
            }
        }
        return x;
    }

    @Test
    void separatesBlobsAndReportsItsInertia() {
        double[][] centres = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
        int[] truth = new int[400];
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(100, centres, 1.0, 3, truth), new Shape(400, 2));
            try (KMeans.Result r = KMeans.builder().setClusters(4).optSeed(7).build().fit(x)) {
                assertEquals(1.0, Clustering.accuracy(truth, r.labels()), 1e-12);
                assertEquals(new Shape(4, 2), r.centroids().getShape());
                // inertia = Σ ‖x_i − c_{label(i)}‖², recomputed on the host
                float[] xs = x.toFloatArray();
                float[] c = r.centroids().toFloatArray();
                double inertia = 0;
                for (int i = 0; i < 400; i++) {
                    int k = r.labels()[i];
                    for (int f = 0; f < 2; f++) {
                        double diff = xs[i * 2 + f] - c[k * 2 + f];
                        inertia += diff * diff;
                    }
                }
                assertEquals(inertia, r.inertia(), 1e-3 * inertia);
                // every centroid is the mean of its points
                for (int k = 0; k < 4; k++) {
                    double sx = 0;
                    int count = 0;
                    for (int i = 0; i < 400; i++) {
                        if (r.labels()[i] == k) {
                            sx += xs[i * 2];
                            count++;
                        }
                    }
                    assertEquals(sx / count, c[k * 2], 1e-4);
                }
            }
        }
    }

    @Test
    void sameSeedSameResultAndRestartsNeverHurt() {
        double[][] centres = {{0, 0, 0}, {3, 0, 0}, {0, 3, 0}, {0, 0, 3}, {3, 3, 3}};
        int[] truth = new int[250];
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(50, centres, 1.2, 5, truth), new Shape(250, 3));
            KMeans.Result a = KMeans.builder().setClusters(5).optRestarts(1).optSeed(2).build().fit(x);
            KMeans.Result b = KMeans.builder().setClusters(5).optRestarts(1).optSeed(2).build().fit(x);
            assertArrayEquals(a.labels(), b.labels());
            double single = Double.POSITIVE_INFINITY;
            for (int s = 0; s < 5; s++) {
                single = Math.min(single, KMeans.builder().setClusters(5).optRestarts(1).optSeed(100 + s).build().fit(x).inertia());
            }
            KMeans.Result many = KMeans.builder().setClusters(5).optRestarts(20).optSeed(100).build().fit(x);
            assertTrue(many.inertia() <= single + 1e-6, many.inertia() + " vs " + single);
        }
    }

    @Test
    void badInputIsAClearError() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                    () -> KMeans.builder().setClusters(5).build().fit(m.zeros(new Shape(3, 2))));
            assertTrue(few.getMessage().contains("at least k = 5 points"), few.getMessage());
            assertThrows(IllegalArgumentException.class, () -> KMeans.builder().build());
            assertThrows(IllegalArgumentException.class, () -> KMeans.builder().setClusters(2).build().fit(m.zeros(new Shape(4))));
        }
    }
}
