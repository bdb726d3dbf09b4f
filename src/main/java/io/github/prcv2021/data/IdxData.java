package io.github.prcv2021.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.core.Seeds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * A labelled set of single-channel images held as plain Java arrays: the whole matrix at once, for
 * algorithms that do not go through a DJL {@code Trainer} (gradient-free solvers, clustering,
 * factorisations), and the source of {@link IdxDataset}.
 *
 * <p>Pixels are floats in [0, 1] (the stored byte divided by 255), row-major per image, images one
 * after another: pixel {@code (r, c)} of image {@code i} is {@code images()[i * rows * cols + r * cols
 * + c]}. Labels are class indices in [0, {@code numClasses}). Instances are immutable by contract:
 * {@link #images()} and {@link #labels()} return the internal arrays without copying (60,000 MNIST
 * images take 188 MB as floats), so callers must not write to them; the derived sets
 * ({@link #limit}, {@link #sample}, {@link #select}, {@link #withLabels}) are new objects.
 */
public final class IdxData {

    private final String name;
    private final float[] images;
    private final int[] labels;
    private final int count;
    private final int rows;
    private final int cols;
    private final int numClasses;

    private IdxData(String name, float[] images, int[] labels, int rows, int cols, int numClasses) {
        this.name = name;
        this.images = images;
        this.labels = labels;
        this.count = labels.length;
        this.rows = rows;
        this.cols = cols;
        this.numClasses = numClasses;
    }

    /**
     * Wraps arrays as a data set, checking their sizes and the label range. The arrays are not copied.
     *
     * @param name a short name for messages and reports, e.g. {@code "MNIST train"}
     * @param images {@code count * rows * cols} pixels, row-major, image after image
     * @param labels {@code count} labels in [0, numClasses)
     * @param rows image height
     * @param cols image width
     * @param numClasses the number of classes
     */
    public static IdxData of(String name, float[] images, int[] labels, int rows, int cols, int numClasses) {
        String who = "IdxData.of";
        Checks.notNull(name, who, "a name");
        Checks.notNull(images, who, "images");
        Checks.notNull(labels, who, "labels");
        Checks.positive(rows, who, "rows");
        Checks.positive(cols, who, "cols");
        Checks.check(numClasses >= 2, who, "numClasses >= 2", numClasses);
        Checks.check(labels.length > 0, who, "at least one image", 0);
        Checks.check((long) labels.length * rows * cols == images.length, who,
                "labels.length * rows * cols = " + labels.length + " * " + rows + " * " + cols
                        + " = " + (long) labels.length * rows * cols + " pixels",
                images.length + " pixels");
        checkLabels(labels, numClasses, who);
        return new IdxData(name, images, labels, rows, cols, numClasses);
    }

    /**
     * Reads a pair of IDX files: images {@code (N, rows, cols)} and labels {@code (N)}, unsigned
     * bytes, raw or gzipped.
     *
     * @param name a short name, e.g. {@code "MNIST train"}
     * @param imagesFile the images file
     * @param labelsFile the labels file
     * @param numClasses the number of classes; every label must be below it
     * @throws CorruptDataException if a file is malformed, the counts differ, or a label is out of range
     * @throws IOException if reading fails
     */
    public static IdxData read(String name, Path imagesFile, Path labelsFile, int numClasses) throws IOException {
        Checks.check(numClasses >= 2, "IdxData.read", "numClasses >= 2", numClasses);
        IdxReader.IdxArray img = IdxReader.read(imagesFile);
        IdxReader.IdxArray lab = IdxReader.read(labelsFile);
        if (img.rank() != 3) {
            throw new CorruptDataException(imagesFile, "expected images of shape (N, rows, cols), the header says "
                    + Arrays.toString(img.dims()));
        }
        if (lab.rank() != 1) {
            throw new CorruptDataException(labelsFile, "expected labels of shape (N), the header says "
                    + Arrays.toString(lab.dims()));
        }
        if (img.dim(0) != lab.dim(0)) {
            throw new CorruptDataException(labelsFile, "holds " + lab.dim(0) + " labels but " + imagesFile
                    + " holds " + img.dim(0) + " images");
        }
        int[] labels = new int[lab.dim(0)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = lab.unsigned(i);
            if (labels[i] >= numClasses) {
                throw new CorruptDataException(labelsFile, "label " + labels[i] + " at index " + i
                        + " is outside [0, " + numClasses + ")");
            }
        }
        byte[] raw = img.data();
        float[] pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            pixels[i] = (raw[i] & 0xFF) / 255f;
        }
        return new IdxData(name, pixels, labels, img.dim(1), img.dim(2), numClasses);
    }

    /** The short name given when the set was made, e.g. {@code "MNIST train"}. */
    public String name() {
        return name;
    }

    /** All pixels in [0, 1], image after image; the internal array, not to be modified. */
    public float[] images() {
        return images;
    }

    /** All labels in [0, numClasses); the internal array, not to be modified. */
    public int[] labels() {
        return labels;
    }

    /** The number of images. */
    public int count() {
        return count;
    }

    /** Image height. */
    public int rows() {
        return rows;
    }

    /** Image width. */
    public int cols() {
        return cols;
    }

    /** Pixels per image, {@code rows * cols} (784 for MNIST). */
    public int features() {
        return rows * cols;
    }

    /** The number of classes. */
    public int numClasses() {
        return numClasses;
    }

    /** The label of image {@code i}. */
    public int label(int i) {
        Checks.check(i >= 0 && i < count, "IdxData.label", "an index in [0, " + count + ")", i);
        return labels[i];
    }

    /** A copy of the pixels of image {@code i}, row-major. */
    public float[] image(int i) {
        Checks.check(i >= 0 && i < count, "IdxData.image", "an index in [0, " + count + ")", i);
        int f = features();
        return Arrays.copyOfRange(images, i * f, (i + 1) * f);
    }

    /** How many images each class has. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /** The mean of all pixels (in [0, 1]). */
    public double pixelMean() {
        double sum = 0;
        for (float p : images) {
            sum += p;
        }
        return sum / images.length;
    }

    /** The population standard deviation of all pixels. */
    public double pixelStd() {
        double mean = pixelMean();
        double sq = 0;
        for (float p : images) {
            double d = p - mean;
            sq += d * d;
        }
        return Math.sqrt(sq / images.length);
    }

    /**
     * The first {@code limit} images, or all of them when {@code limit >= count()} (as DJL's
     * {@code optLimit}).
     *
     * @param limit a positive number of images
     */
    public IdxData limit(int limit) {
        Checks.positive(limit, "IdxData.limit", "limit");
        if (limit >= count) {
            return this;
        }
        int f = features();
        return new IdxData(name, Arrays.copyOf(images, limit * f), Arrays.copyOf(labels, limit), rows, cols, numClasses);
    }

    /**
     * A random subset of {@code limit} distinct images, the same for the same seed, kept in their
     * original order.
     *
     * @param limit how many images, in [1, count()]
     * @param seed the seed of the draw
     */
    public IdxData sample(int limit, long seed) {
        Checks.check(limit >= 1 && limit <= count, "IdxData.sample", "limit in [1, " + count + "]", limit);
        return select(sampleIndices(count, limit, seed));
    }

    /**
     * The images at the given indices, in the given order (repeats allowed).
     *
     * @param indices indices in [0, count())
     */
    public IdxData select(int[] indices) {
        String who = "IdxData.select";
        Checks.notNull(indices, who, "indices");
        Checks.check(indices.length > 0, who, "at least one index", 0);
        int f = features();
        float[] img = new float[indices.length * f];
        int[] lab = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            Checks.check(i >= 0 && i < count, who, "indices in [0, " + count + ")", i + " at position " + k);
            System.arraycopy(images, i * f, img, k * f, f);
            lab[k] = labels[i];
        }
        return new IdxData(name, img, lab, rows, cols, numClasses);
    }

    /**
     * The same images with other labels, e.g. from {@link NoisyLabels}. The pixel array is shared.
     *
     * @param newLabels {@code count()} labels in [0, numClasses)
     */
    public IdxData withLabels(int[] newLabels) {
        String who = "IdxData.withLabels";
        Checks.notNull(newLabels, who, "labels");
        Checks.check(newLabels.length == count, who, count + " labels", newLabels.length);
        checkLabels(newLabels, numClasses, who);
        return new IdxData(name, images, newLabels.clone(), rows, cols, numClasses);
    }

    /** The images as a float32 array of shape {@code (N, rows * cols)} on {@code manager}. */
    public NDArray imagesArray(NDManager manager) {
        return imagesArray(manager, true);
    }

    /**
     * The images as a float32 array on {@code manager}.
     *
     * @param manager the owner of the new array
     * @param flatten {@code true} for shape {@code (N, rows * cols)}, {@code false} for
     *     {@code (N, 1, rows, cols)} (channels first, as DJL's convolutions expect)
     */
    public NDArray imagesArray(NDManager manager, boolean flatten) {
        Checks.notNull(manager, "IdxData.imagesArray", "a manager");
        Shape shape = flatten ? new Shape(count, features()) : new Shape(count, 1, rows, cols);
        return manager.create(images, shape);
    }

    /**
     * The labels as a float32 array of shape {@code (N)} on {@code manager}: float32 as in DJL's own
     * {@code Mnist}, so {@code Loss.softmaxCrossEntropyLoss()} and {@code Accuracy} take it unchanged.
     */
    public NDArray labelsArray(NDManager manager) {
        Checks.notNull(manager, "IdxData.labelsArray", "a manager");
        float[] y = new float[count];
        for (int i = 0; i < count; i++) {
            y[i] = labels[i];
        }
        return manager.create(y);
    }

    @Override
    public String toString() {
        return name + " (" + count + " images of " + rows + "x" + cols + ", " + numClasses + " classes)";
    }

    /** {@code limit} distinct indices from [0, n), drawn with a seed, in increasing order. */
    static int[] sampleIndices(int n, int limit, long seed) {
        Random random = new Random(Seeds.derive(seed, "IdxData.sample"));
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = 0; i < limit; i++) { // partial Fisher-Yates
            int j = i + random.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] chosen = Arrays.copyOf(perm, limit);
        Arrays.sort(chosen);
        return chosen;
    }

    static void checkLabels(int[] labels, int numClasses, String who) {
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException(who + " expects labels in [0, " + numClasses + "), got "
                        + y + " at index " + i);
            }
        }
    }
}
