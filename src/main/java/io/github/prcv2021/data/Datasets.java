package io.github.prcv2021.data;

import ai.djl.training.dataset.Dataset.Usage;
import io.github.prcv2021.core.Checks;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The real data sets of the local cache ({@code datasets/fetch.sh}), by name.
 *
 * <ul>
 *   <li>{@link #mnist} / {@link #fashionMnist}: DJL datasets (builders of {@link IdxDataset});
 *       {@link #mnistData} / {@link #fashionMnistData}: the same images as plain arrays.
 *   <li>{@link #digits}, {@link #iris}, {@link #wine}, {@link #breastCancer}: scikit-learn's toy
 *       tables as {@link TabularData}.
 * </ul>
 *
 * <p>A file missing from the cache is a {@link MissingDataException} naming the fetch command; a
 * malformed one is a {@link CorruptDataException}. Nothing is downloaded at run time.
 */
public final class Datasets {

    /** Mean of the MNIST training pixels scaled to [0, 1] (0.13066). */
    public static final float MNIST_MEAN = 0.1307f;
    /** Standard deviation of the MNIST training pixels scaled to [0, 1] (0.30811). */
    public static final float MNIST_STD = 0.3081f;
    /** Mean of the Fashion-MNIST training pixels scaled to [0, 1] (0.28604). */
    public static final float FASHION_MNIST_MEAN = 0.2860f;
    /** Standard deviation of the Fashion-MNIST training pixels scaled to [0, 1] (0.35302). */
    public static final float FASHION_MNIST_STD = 0.3530f;

    /** The ten Fashion-MNIST classes, index = label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Datasets() {}

    /**
     * MNIST handwritten digits (60,000 training or 10,000 test images, 28 x 28, 10 classes) as a DJL
     * dataset builder; call {@code setManager}, {@code setSampling} and the options, then
     * {@code build()} and {@code prepare()}.
     *
     * @param usage {@code TRAIN} or {@code TEST}
     */
    public static IdxDataset.Builder mnist(Usage usage) {
        String split = split(usage, "Datasets.mnist");
        return IdxDataset.builder().source("MNIST " + split, () -> mnistData(usage));
    }

    /**
     * Fashion-MNIST (Zalando; 60,000 training or 10,000 test images, 28 x 28, 10 classes, see
     * {@link #FASHION_MNIST_CLASSES}) as a DJL dataset builder.
     *
     * @param usage {@code TRAIN} or {@code TEST}
     */
    public static IdxDataset.Builder fashionMnist(Usage usage) {
        String split = split(usage, "Datasets.fashionMnist");
        return IdxDataset.builder().source("Fashion-MNIST " + split, () -> fashionMnistData(usage));
    }

    /**
     * MNIST as plain arrays, pixels in [0, 1].
     *
     * @param usage {@code TRAIN} or {@code TEST}
     * @throws MissingDataException if the cache lacks the files ({@code datasets/fetch.sh --only mnist})
     * @throws CorruptDataException if a file is malformed
     * @throws IOException if reading fails
     */
    public static IdxData mnistData(Usage usage) throws IOException {
        String split = split(usage, "Datasets.mnistData");
        String prefix = split.equals("train") ? "mnist/train" : "mnist/t10k";
        return IdxData.read("MNIST " + split, DataPaths.require(prefix + "-images-idx3-ubyte"),
                DataPaths.require(prefix + "-labels-idx1-ubyte"), 10);
    }

    /**
     * Fashion-MNIST as plain arrays, pixels in [0, 1].
     *
     * @param usage {@code TRAIN} or {@code TEST}
     * @throws MissingDataException if the cache lacks the files
     *     ({@code datasets/fetch.sh --only fashion-mnist})
     * @throws CorruptDataException if a file is malformed
     * @throws IOException if reading fails
     */
    public static IdxData fashionMnistData(Usage usage) throws IOException {
        String split = split(usage, "Datasets.fashionMnistData");
        String prefix = split.equals("train") ? "fashion-mnist/train" : "fashion-mnist/t10k";
        return IdxData.read("Fashion-MNIST " + split, DataPaths.require(prefix + "-images-idx3-ubyte.gz"),
                DataPaths.require(prefix + "-labels-idx1-ubyte.gz"), 10);
    }

    /**
     * MNIST or Fashion-MNIST by the name experiments use in their settings.
     *
     * @param name {@code mnist} or {@code fashion-mnist}
     * @param usage {@code TRAIN} or {@code TEST}
     * @throws IllegalArgumentException for any other name
     * @throws UncheckedIOException if the files cannot be read (a missing file stays a
     *     {@link MissingDataException} naming the fetch command)
     */
    public static IdxData imageData(String name, Usage usage) {
        try {
            switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "mnist":
                    return mnistData(usage);
                case "fashion-mnist":
                case "fashionmnist":
                    return fashionMnistData(usage);
                default:
                    throw new IllegalArgumentException("Datasets.imageData expects mnist or fashion-mnist, got " + name);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * scikit-learn's digits: 1,797 images of 8 x 8 pixels flattened to 64 features with values
     * 0..16 (not rescaled), 10 classes. The UCI optical digits test set (Alpaydin and Kaynak).
     */
    public static TabularData digits() throws IOException {
        List<String> names = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            names.add(Integer.toString(d));
        }
        return readCsv("digits", "sklearn/digits.csv.gz", false, 64, names);
    }

    /** scikit-learn's iris: 150 rows x 4 features (cm), 3 classes setosa, versicolor, virginica. */
    public static TabularData iris() throws IOException {
        return readCsv("iris", "sklearn/iris.csv", true, -1, null);
    }

    /** scikit-learn's wine (UCI): 178 rows x 13 chemical features, 3 cultivars class_0..class_2. */
    public static TabularData wine() throws IOException {
        return readCsv("wine", "sklearn/wine_data.csv", true, -1, null);
    }

    /**
     * scikit-learn's breast cancer (UCI Wisconsin diagnostic): 569 rows x 30 features, 2 classes
     * (0 = malignant, 1 = benign, as scikit-learn codes them).
     */
    public static TabularData breastCancer() throws IOException {
        return readCsv("breast cancer", "sklearn/breast_cancer.csv", true, -1, null);
    }

    private static String split(Usage usage, String who) {
        Checks.check(usage == Usage.TRAIN || usage == Usage.TEST, who, "usage TRAIN or TEST", usage);
        return usage == Usage.TRAIN ? "train" : "test";
    }

    /**
     * Reads a scikit-learn CSV: rows of features then an integer label. With a header (iris, wine,
     * breast cancer) the first line is {@code count,numFeatures,className...}, and the row count and
     * widths are checked against it; without one (digits) every row has {@code numFeatures + 1} fields.
     */
    private static TabularData readCsv(String name, String relative, boolean header, int numFeatures,
            List<String> classNames) throws IOException {
        Path file = DataPaths.require(relative);
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = relative.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            int expectedRows = -1;
            int lineNo = 0;
            if (header) {
                String first = reader.readLine();
                lineNo++;
                if (first == null) {
                    throw new CorruptDataException(file, "empty file, expected a header count,numFeatures,classes...");
                }
                String[] h = first.trim().split(",");
                try {
                    expectedRows = Integer.parseInt(h[0].trim());
                    numFeatures = Integer.parseInt(h[1].trim());
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw new CorruptDataException(file, "line 1 is not a header count,numFeatures,classes...: "
                            + abbreviate(first), e);
                }
                if (expectedRows <= 0 || numFeatures <= 0 || h.length < 4) {
                    throw new CorruptDataException(file, "line 1 is not a header count,numFeatures,classes... with "
                            + "positive counts and at least two classes: " + abbreviate(first));
                }
                classNames = new ArrayList<>();
                for (int k = 2; k < h.length; k++) {
                    classNames.add(h[k].trim());
                }
            }
            int numClasses = classNames.size();
            float[] values = new float[Math.max(expectedRows, 16) * numFeatures];
            int[] labels = new int[Math.max(expectedRows, 16)];
            int rows = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(",");
                if (f.length != numFeatures + 1) {
                    throw new CorruptDataException(file, "line " + lineNo + " has " + f.length + " fields, expected "
                            + (numFeatures + 1) + " (" + numFeatures + " features and a label)");
                }
                if (rows == labels.length) {
                    labels = Arrays.copyOf(labels, rows * 2);
                    values = Arrays.copyOf(values, rows * 2 * numFeatures);
                }
                try {
                    for (int j = 0; j < numFeatures; j++) {
                        values[rows * numFeatures + j] = Float.parseFloat(f[j]);
                    }
                    labels[rows] = Integer.parseInt(f[numFeatures].trim());
                } catch (NumberFormatException e) {
                    throw new CorruptDataException(file, "line " + lineNo + " has a field that is not a number: "
                            + e.getMessage(), e);
                }
                if (labels[rows] < 0 || labels[rows] >= numClasses) {
                    throw new CorruptDataException(file, "line " + lineNo + " has label " + labels[rows]
                            + ", expected one in [0, " + numClasses + ")");
                }
                rows++;
            }
            if (expectedRows >= 0 && rows != expectedRows) {
                throw new CorruptDataException(file, "has " + rows + " data rows, its header announces " + expectedRows);
            }
            if (rows == 0) {
                throw new CorruptDataException(file, "has no data rows");
            }
            return TabularData.of(name, Arrays.copyOf(values, rows * numFeatures), Arrays.copyOf(labels, rows),
                    numFeatures, classNames);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(file, "broken gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
