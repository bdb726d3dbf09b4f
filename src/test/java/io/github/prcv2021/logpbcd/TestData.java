package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Small deterministic data sets in the columns-are-samples layout. */
final class TestData {

    final NDArray x;
    final NDArray yOneHot;
    final int[] labels;

    private TestData(NDArray x, NDArray yOneHot, int[] labels) {
        this.x = x;
        this.yOneHot = yOneHot;
        this.labels = labels;
    }

    /** Uniform [0,1) inputs {@code d0 × m} and random labels in {@code [0, k)}. */
    static TestData random(NDManager manager, int d0, int m, int k, long seed, DataType type) {
        Random rnd = new Random(seed);
        double[] x = new double[d0 * m];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextDouble();
        }
        int[] labels = new int[m];
        for (int j = 0; j < m; j++) {
            labels[j] = rnd.nextInt(k);
        }
        return of(manager, x, d0, labels, k, type);
    }

    /**
     * Gaussian blobs: class c has mean {@code 2·e_c} (first coordinates) and unit noise in all
     * {@code d0} coordinates.
     */
    static TestData blobs(NDManager manager, int d0, int m, int k, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[d0 * m];
        int[] labels = new int[m];
        for (int j = 0; j < m; j++) {
            labels[j] = j % k;
            for (int i = 0; i < d0; i++) {
                x[i * m + j] = rnd.nextGaussian() + (i == labels[j] ? 3.0 : 0.0);
            }
        }
        return of(manager, x, d0, labels, k, DataType.FLOAT32);
    }

    private static TestData of(NDManager manager, double[] x, int d0, int[] labels, int k, DataType type) {
        int m = labels.length;
        double[] y = new double[k * m];
        for (int j = 0; j < m; j++) {
            y[labels[j] * m + j] = 1;
        }
        NDArray xa = manager.create(x, new Shape(d0, m)).toType(type, false);
        NDArray ya = manager.create(y, new Shape(k, m)).toType(type, false);
        return new TestData(xa, ya, labels);
    }

    NDArray labelIndices(NDManager manager) {
        return manager.create(labels);
    }
}
