package io.github.prcv2021.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import io.github.prcv2021.core.Checks;
import java.util.Arrays;
import java.util.List;

/**
 * A small labelled table (scikit-learn's digits, iris, wine, breast cancer): {@code count} rows of
 * {@code numFeatures} float features and one class label each, held as plain arrays.
 *
 * <p>Features are row-major: feature {@code j} of row {@code i} is {@code features()[i * numFeatures
 * + j]}. Values are as stored in the source file (digits: 0..16, not rescaled). Instances are
 * immutable by contract: {@link #features()} and {@link #labels()} return the internal arrays.
 */
public final class TabularData {

    private final String name;
    private final float[] features;
    private final int[] labels;
    private final int numFeatures;
    private final int numClasses;
    private final List<String> classNames;

    private TabularData(String name, float[] features, int[] labels, int numFeatures, int numClasses,
            List<String> classNames) {
        this.name = name;
        this.features = features;
        this.labels = labels;
        this.numFeatures = numFeatures;
        this.numClasses = numClasses;
        this.classNames = classNames;
    }

    /**
     * Wraps arrays as a table, checking sizes and labels. The arrays are not copied.
     *
     * @param name a short name, e.g. {@code "iris"}
     * @param features {@code labels.length * numFeatures} values, row-major
     * @param labels class indices in [0, numClasses)
     * @param numFeatures features per row
     * @param classNames one name per class; their number is {@code numClasses}
     */
    public static TabularData of(String name, float[] features, int[] labels, int numFeatures,
            List<String> classNames) {
        String who = "TabularData.of";
        Checks.notNull(name, who, "a name");
        Checks.notNull(features, who, "features");
        Checks.notNull(labels, who, "labels");
        Checks.notNull(classNames, who, "class names");
        Checks.positive(numFeatures, who, "numFeatures");
        Checks.check(classNames.size() >= 2, who, "at least 2 classes", classNames.size());
        Checks.check(labels.length > 0, who, "at least one row", 0);
        Checks.check((long) labels.length * numFeatures == features.length, who,
                labels.length + " rows * " + numFeatures + " features = " + (long) labels.length * numFeatures
                        + " values",
                features.length + " values");
        IdxData.checkLabels(labels, classNames.size(), who);
        return new TabularData(name, features, labels, numFeatures, classNames.size(), List.copyOf(classNames));
    }

    /** The table's short name. */
    public String name() {
        return name;
    }

    /** The number of rows. */
    public int count() {
        return labels.length;
    }

    /** Features per row. */
    public int numFeatures() {
        return numFeatures;
    }

    /** The number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /** The class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** All features, row-major; the internal array, not to be modified. */
    public float[] features() {
        return features;
    }

    /** All labels; the internal array, not to be modified. */
    public int[] labels() {
        return labels;
    }

    /** Feature {@code j} of row {@code i}. */
    public float feature(int i, int j) {
        Checks.check(i >= 0 && i < count(), "TabularData.feature", "a row in [0, " + count() + ")", i);
        Checks.check(j >= 0 && j < numFeatures, "TabularData.feature", "a column in [0, " + numFeatures + ")", j);
        return features[i * numFeatures + j];
    }

    /** The label of row {@code i}. */
    public int label(int i) {
        Checks.check(i >= 0 && i < count(), "TabularData.label", "a row in [0, " + count() + ")", i);
        return labels[i];
    }

    /** How many rows each class has. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /**
     * Each column shifted to mean 0 and scaled to standard deviation 1 (population); a constant
     * column becomes 0.
     */
    public TabularData standardize() {
        int n = count();
        float[] out = new float[features.length];
        for (int j = 0; j < numFeatures; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += features[i * numFeatures + j];
            }
            double mean = sum / n;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double d = features[i * numFeatures + j] - mean;
                sq += d * d;
            }
            double std = Math.sqrt(sq / n);
            for (int i = 0; i < n; i++) {
                double d = features[i * numFeatures + j] - mean;
                out[i * numFeatures + j] = std > 0 ? (float) (d / std) : 0f;
            }
        }
        return new TabularData(name, out, labels, numFeatures, numClasses, classNames);
    }

    /**
     * The rows at the given indices, in the given order.
     *
     * @param indices row indices in [0, count())
     */
    public TabularData select(int[] indices) {
        String who = "TabularData.select";
        Checks.notNull(indices, who, "indices");
        Checks.check(indices.length > 0, who, "at least one index", 0);
        float[] f = new float[indices.length * numFeatures];
        int[] y = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            Checks.check(i >= 0 && i < count(), who, "indices in [0, " + count() + ")", i + " at position " + k);
            System.arraycopy(features, i * numFeatures, f, k * numFeatures, numFeatures);
            y[k] = labels[i];
        }
        return new TabularData(name, f, y, numFeatures, numClasses, classNames);
    }

    /**
     * A random subset of {@code limit} distinct rows, the same for the same seed, in original order.
     *
     * @param limit how many rows, in [1, count()]
     * @param seed the seed of the draw
     */
    public TabularData sample(int limit, long seed) {
        Checks.check(limit >= 1 && limit <= count(), "TabularData.sample", "limit in [1, " + count() + "]", limit);
        return select(IdxData.sampleIndices(count(), limit, seed));
    }

    /**
     * The same rows with other labels, e.g. from {@link NoisyLabels}. The feature array is shared.
     *
     * @param newLabels {@code count()} labels in [0, numClasses)
     */
    public TabularData withLabels(int[] newLabels) {
        String who = "TabularData.withLabels";
        Checks.notNull(newLabels, who, "labels");
        Checks.check(newLabels.length == count(), who, count() + " labels", newLabels.length);
        IdxData.checkLabels(newLabels, numClasses, who);
        return new TabularData(name, features, newLabels.clone(), numFeatures, numClasses, classNames);
    }

    /** The features as a float32 array of shape {@code (N, numFeatures)} on {@code manager}. */
    public NDArray featuresArray(NDManager manager) {
        Checks.notNull(manager, "TabularData.featuresArray", "a manager");
        return manager.create(features, new Shape(count(), numFeatures));
    }

    /** The labels as a float32 array of shape {@code (N)} on {@code manager} (DJL's label convention). */
    public NDArray labelsArray(NDManager manager) {
        Checks.notNull(manager, "TabularData.labelsArray", "a manager");
        float[] y = new float[count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        return manager.create(y);
    }

    /**
     * The table as a DJL {@link ArrayDataset} whose arrays live on {@code manager}.
     *
     * @param manager owner of the arrays
     * @param batchSize the batch size, {@code > 0}
     * @param shuffle whether batches are drawn in random order
     */
    public ArrayDataset toDataset(NDManager manager, int batchSize, boolean shuffle) {
        Checks.positive(batchSize, "TabularData.toDataset", "batchSize");
        return new ArrayDataset.Builder()
                .setData(featuresArray(manager))
                .optLabels(labelsArray(manager))
                .setSampling(batchSize, shuffle)
                .build();
    }

    @Override
    public String toString() {
        return name + " (" + count() + " x " + numFeatures + ", " + numClasses + " classes " + classNames + ", counts "
                + Arrays.toString(classCounts()) + ")";
    }
}
