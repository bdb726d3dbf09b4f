package io.github.prcv2021.emmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.IdxData;
import io.github.prcv2021.data.TabularData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A multi-view data set: P views {@code X^(p) (n, d_p)} of the same n samples (rows), held as row-major
 * float arrays, plus one class label per sample (used only to score clusterings). The two builders make
 * the offline stand-ins for the paper's benchmarks (Table 1), every view min-max scaled to [0, 1]:
 *
 * <ul>
 *   <li>{@link #digits}: scikit-learn's 8×8 digits; V1 the 64 raw pixels, V2 a HOG-like 2×2-cell ×
 *       8-orientation histogram (32), V3 the 8 row and 8 column mean intensities plus a 16-D Gaussian random
 *       projection of the pixels with noise σ = 0.1 (32).
 *   <li>{@link #fashionMnist}: Fashion-MNIST test images; V1 7×7 average-pooled pixels (49), V2 a HOG-like
 *       4×4-cell × 9-orientation histogram (144), V3 the uniform-LBP histogram (59).
 * </ul>
 */
public final class MultiViewData {

    private final String name;
    private final List<float[]> views;
    private final int[] dims;
    private final int[] labels;
    private final int numClasses;

    private MultiViewData(String name, List<float[]> views, int[] dims, int[] labels, int numClasses) {
        this.name = name;
        this.views = views;
        this.dims = dims;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Wraps views (not copied).
     *
     * @param views P ≥ 1 row-major arrays, view p of {@code labels.length * dims[p]} values
     * @param dims the view widths {@code d_p}
     * @param labels class indices in [0, numClasses)
     */
    public static MultiViewData of(String name, List<float[]> views, int[] dims, int[] labels, int numClasses) {
        String who = "MultiViewData.of";
        Checks.notNull(views, who, "views");
        Checks.notNull(dims, who, "dims");
        Checks.notNull(labels, who, "labels");
        Checks.check(!views.isEmpty(), who, "at least one view", 0);
        Checks.check(views.size() == dims.length, who, views.size() + " view widths", dims.length);
        Checks.check(labels.length > 0, who, "at least one sample", 0);
        for (int p = 0; p < dims.length; p++) {
            Checks.positive(dims[p], who, "every view width");
            Checks.check((long) labels.length * dims[p] == views.get(p).length, who,
                    "view " + p + " of " + labels.length + " x " + dims[p] + " values", views.get(p).length);
        }
        for (int y : labels) {
            Checks.check(y >= 0 && y < numClasses, who, "labels in [0, " + numClasses + ")", y);
        }
        return new MultiViewData(name, List.copyOf(views), dims.clone(), labels, numClasses);
    }

    /** The data set's short name, e.g. {@code digits-3view}. */
    public String name() {
        return name;
    }

    /** n, the number of samples. */
    public int count() {
        return labels.length;
    }

    /** P, the number of views. */
    public int numViews() {
        return views.size();
    }

    /** {@code d_p} of every view (a copy). */
    public int[] dims() {
        return dims.clone();
    }

    /** View p, row-major {@code (n, d_p)}; the internal array, not to be modified. */
    public float[] view(int p) {
        return views.get(p);
    }

    /** The labels; the internal array, not to be modified. */
    public int[] labels() {
        return labels;
    }

    /** c, the number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /** The views as {@code (n, d_p)} float arrays on {@code manager}. */
    public NDList arrays(NDManager manager) {
        NDList out = new NDList();
        for (int p = 0; p < numViews(); p++) {
            out.add(manager.create(views.get(p), new Shape(count(), dims[p])));
        }
        return out;
    }

    /** All views side by side, row-major {@code (n, Σ d_p)} (the k-means baseline's input). */
    public float[] concatenated() {
        int total = 0;
        for (int d : dims) {
            total += d;
        }
        int n = count();
        float[] out = new float[n * total];
        int offset = 0;
        for (int p = 0; p < numViews(); p++) {
            float[] v = views.get(p);
            for (int i = 0; i < n; i++) {
                System.arraycopy(v, i * dims[p], out, i * total + offset, dims[p]);
            }
            offset += dims[p];
        }
        return out;
    }

    /** {@code Σ d_p}. */
    public int totalDims() {
        int total = 0;
        for (int d : dims) {
            total += d;
        }
        return total;
    }

    /**
     * The three-view digits set (see the class comment) on a class-stratified subset of {@code n} of the 1,797
     * images (all of them when {@code n >= 1797}).
     */
    public static MultiViewData digits(int n, long seed) {
        TabularData d;
        try {
            d = Datasets.digits();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] rows = stratified(d.labels(), d.numClasses(), n, Seeds.derive(seed, "digits-subset"));
        Random random = new Random(Seeds.derive(seed, "digits-projection"));
        float[] projection = MultiViewFeatures.gaussianProjection(64, 16, random);
        int m = rows.length;
        float[] v1 = new float[m * 64];
        float[] v2 = new float[m * 32];
        float[] v3 = new float[m * 32];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            float[] img = new float[64];
            for (int j = 0; j < 64; j++) {
                img[j] = d.feature(rows[i], j) / 16f;
            }
            labels[i] = d.label(rows[i]);
            System.arraycopy(img, 0, v1, i * 64, 64);
            System.arraycopy(MultiViewFeatures.hog(img, 8, 8, 2, 2, 8), 0, v2, i * 32, 32);
            System.arraycopy(MultiViewFeatures.profiles(img, 8, 8), 0, v3, i * 32, 16);
            float[] proj = MultiViewFeatures.project(img, projection, 16);
            for (int j = 0; j < 16; j++) {
                v3[i * 32 + 16 + j] = proj[j] + (float) (0.1 * random.nextGaussian());
            }
        }
        return scaled("digits-3view", List.of(v1, v2, v3), new int[] {64, 32, 32}, labels, d.numClasses());
    }

    /**
     * The three-view Fashion-MNIST set (see the class comment) on a class-stratified subset of {@code n} of the
     * 10,000 test images.
     */
    public static MultiViewData fashionMnist(int n, long seed) {
        IdxData d = Datasets.imageData("fashion-mnist", Usage.TEST);
        int[] rows = stratified(d.labels(), d.numClasses(), n, Seeds.derive(seed, "fashion-subset"));
        int m = rows.length;
        int h = d.rows();
        int w = d.cols();
        float[] v1 = new float[m * 49];
        float[] v2 = new float[m * 144];
        float[] v3 = new float[m * 59];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            float[] img = d.image(rows[i]);
            labels[i] = d.label(rows[i]);
            System.arraycopy(MultiViewFeatures.averagePool(img, h, w, 4), 0, v1, i * 49, 49);
            System.arraycopy(MultiViewFeatures.hog(img, h, w, 4, 4, 9), 0, v2, i * 144, 144);
            System.arraycopy(MultiViewFeatures.uniformLbpHistogram(img, h, w), 0, v3, i * 59, 59);
        }
        return scaled("fashion-mnist-3view", List.of(v1, v2, v3), new int[] {49, 144, 59}, labels, d.numClasses());
    }

    /** The named builder: {@code digits} or {@code fashion-mnist}. */
    public static MultiViewData byName(String dataset, int n, long seed) {
        switch (dataset.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "digits":
                return digits(n, seed);
            case "fashion-mnist":
            case "fashionmnist":
                return fashionMnist(n, seed);
            default:
                throw new IllegalArgumentException("MultiViewData.byName expects digits or fashion-mnist, got " + dataset);
        }
    }

    private static MultiViewData scaled(String name, List<float[]> views, int[] dims, int[] labels, int classes) {
        for (int p = 0; p < views.size(); p++) {
            MultiViewFeatures.minMaxScale(views.get(p), labels.length, dims[p]);
        }
        return of(name, views, dims, labels, classes);
    }

    /**
     * {@code n} row indices with the classes as equal as possible (round robin over the classes, each class's
     * rows in a seeded random order), returned sorted; all rows when {@code n >= labels.length}.
     */
    static int[] stratified(int[] labels, int classes, int n, long seed) {
        Checks.positive(n, "MultiViewData", "the number of samples");
        if (n >= labels.length) {
            int[] all = new int[labels.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        for (List<Integer> rows : byClass) {
            Collections.shuffle(rows, random);
        }
        int[] out = new int[n];
        int taken = 0;
        for (int round = 0; taken < n; round++) {
            for (int c = 0; c < classes && taken < n; c++) {
                if (round < byClass.get(c).size()) {
                    out[taken++] = byClass.get(c).get(round);
                }
            }
        }
        java.util.Arrays.sort(out);
        return out;
    }
}
