package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.TabularData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * A LASSO sparse-coding task of the paper's Sect. 4: a dictionary, training and test signals scaled to
 * {@code λ_max = 1}, and their target codes {@code z*} (FISTA run long; the paper does not say how its
 * targets were produced). All arrays belong to the manager given to the factory.
 *
 * @param name "synthetic" or "digits"
 * @param dictionary D {@code (n, m)} with unit-norm atoms
 * @param xTrain training signals {@code (N, n)}
 * @param zTrain their codes {@code (N, m)}
 * @param xTest test signals
 * @param zTest their codes
 * @param lambda λ (relative to λ_max, since every signal has λ_max = 1)
 * @param lipschitz L = ‖D‖₂²
 */
public record SparseCodingData(String name, NDArray dictionary, NDArray xTrain, NDArray zTrain, NDArray xTest, NDArray zTest,
        float lambda, float lipschitz) {

    /**
     * The synthetic task: {@code D} with i.i.d. N(0, 1) entries and atoms normalised to unit norm (as Ablin
     * et al.; the paper does not say), signals {@code x ~ N(0, I_n)}.
     */
    public static SparseCodingData gaussian(NDManager manager, int n, int m, int trainSize, int testSize, float lambda,
            int fistaIterations, long seed) {
        checkSizes(n, m, trainSize, testSize, fistaIterations);
        Random random = new Random(seed);
        float[] d = normalizeColumns(gaussian(random, n * m), n, m);
        float[] x = gaussian(random, (trainSize + testSize) * n);
        return build("synthetic", manager, d, n, m, x, trainSize, testSize, lambda, fistaIterations);
    }

    /**
     * The digits task: {@code D} = m randomly drawn scikit-learn digits (8×8, so n = 64), every image
     * centred and scaled to unit variance ("all image data processed to remove its mean and normalize its
     * variance") and every atom then normalised to unit norm; signals are the other digits, processed the
     * same way, split into a training and a test part ({@code testSize} of them for testing). The paper's
     * 60,000/10,000 split is MNIST's, not the digits set's (1,797 images).
     */
    public static SparseCodingData digits(NDManager manager, int m, int testSize, float lambda, int fistaIterations, long seed) {
        TabularData digits;
        try {
            digits = Datasets.digits();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int n = digits.numFeatures();
        int total = digits.count();
        Checks.check(m > 0 && m + testSize < total, "SparseCodingData.digits", "m + testSize below " + total, m + testSize);
        checkSizes(n, m, total - m - testSize, testSize, fistaIterations);
        int[] order = Seeds.permutation(total, new Random(seed));
        float[] all = digits.features();
        float[] d = new float[n * m];
        for (int j = 0; j < m; j++) {
            float[] img = standardized(all, order[j], n);
            for (int i = 0; i < n; i++) {
                d[i * m + j] = img[i];
            }
        }
        d = normalizeColumns(d, n, m);
        int count = total - m;
        float[] x = new float[count * n];
        for (int q = 0; q < count; q++) {
            System.arraycopy(standardized(all, order[m + q], n), 0, x, q * n, n);
        }
        return build("digits", manager, d, n, m, x, count - testSize, testSize, lambda, fistaIterations);
    }

    /** n. */
    public int signalSize() {
        return Math.toIntExact(dictionary.getShape().get(0));
    }

    /** m. */
    public int codeSize() {
        return Math.toIntExact(dictionary.getShape().get(1));
    }

    private static SparseCodingData build(String name, NDManager manager, float[] d, int n, int m, float[] x, int trainSize,
            int testSize, float lambda, int fistaIterations) {
        NDArray dict = manager.create(d, new Shape(n, m));
        float l = SparseCoding.lipschitz(dict, 200);
        NDArray signals;
        try (NDArray raw = manager.create(x, new Shape(trainSize + testSize, n))) {
            signals = SparseCoding.scaleToUnitLambdaMax(dict, raw);
        }
        NDArray xTrain = signals.get("0:" + trainSize);
        NDArray xTest = signals.get(trainSize + ":");
        signals.close();
        NDArray zTrain = Ista.fista(dict, xTrain, lambda, l, fistaIterations);
        NDArray zTest = Ista.fista(dict, xTest, lambda, l, fistaIterations);
        return new SparseCodingData(name, dict, xTrain, zTrain, xTest, zTest, lambda, l);
    }

    private static void checkSizes(int n, int m, int trainSize, int testSize, int fistaIterations) {
        String who = "SparseCodingData";
        Checks.positive(n, who, "n");
        Checks.positive(m, who, "m");
        Checks.positive(trainSize, who, "trainSize");
        Checks.positive(testSize, who, "testSize");
        Checks.positive(fistaIterations, who, "fistaIterations");
    }

    private static float[] gaussian(Random random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] normalizeColumns(float[] d, int n, int m) {
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += d[i * m + j] * d[i * m + j];
            }
            float inv = (float) (1 / Math.sqrt(Math.max(s, 1e-24)));
            for (int i = 0; i < n; i++) {
                d[i * m + j] *= inv;
            }
        }
        return d;
    }

    private static float[] standardized(float[] all, int row, int n) {
        float[] v = new float[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            v[i] = all[row * n + i];
            mean += v[i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (v[i] - mean) * (v[i] - mean);
        }
        double sd = Math.sqrt(Math.max(var / n, 1e-12));
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((v[i] - mean) / sd);
        }
        return v;
    }

}
