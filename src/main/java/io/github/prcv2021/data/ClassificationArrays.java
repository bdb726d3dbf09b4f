package io.github.prcv2021.data;

import io.github.prcv2021.core.Checks;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * TEMPORARY: an image classification set held as plain Java arrays (pixels in [0, 1], row-major), for
 * algorithms that need the whole matrix at once and for building DJL datasets. Replaced by the data
 * package's loader.
 */
public final class ClassificationArrays {

    private final float[] pixels;
    private final int[] labels;
    private final int rows;
    private final int cols;
    private final int numClasses;

    public ClassificationArrays(float[] pixels, int[] labels, int rows, int cols, int numClasses) {
        this.pixels = pixels;
        this.labels = labels;
        this.rows = rows;
        this.cols = cols;
        this.numClasses = numClasses;
    }

    public static ClassificationArrays load(String name, boolean train) {
        Path root = Path.of(System.getProperty("prcv.data", "/tmp/cache"));
        String prefix = train ? "train" : "t10k";
        boolean gz = name.equals("fashion-mnist");
        Path img = root.resolve(name).resolve(prefix + "-images-idx3-ubyte" + (gz ? ".gz" : ""));
        Path lab = root.resolve(name).resolve(prefix + "-labels-idx1-ubyte" + (gz ? ".gz" : ""));
        try (DataInputStream di = open(img); DataInputStream dl = open(lab)) {
            di.readInt();
            int n = di.readInt();
            int r = di.readInt();
            int c = di.readInt();
            byte[] raw = di.readNBytes(n * r * c);
            float[] px = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                px[i] = (raw[i] & 0xff) / 255f;
            }
            dl.readInt();
            dl.readInt();
            byte[] lb = dl.readNBytes(n);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = lb[i] & 0xff;
            }
            return new ClassificationArrays(px, labels, r, c, 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return new DataInputStream(new java.io.BufferedInputStream(p.toString().endsWith(".gz") ? new GZIPInputStream(in) : in));
    }

    public int size() {
        return labels.length;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int numClasses() {
        return numClasses;
    }

    public float[] pixels() {
        return pixels;
    }

    public int[] labels() {
        return labels.clone();
    }

    public ClassificationArrays first(int n) {
        n = Math.min(n, size());
        int d = rows * cols;
        return new ClassificationArrays(java.util.Arrays.copyOf(pixels, n * d), java.util.Arrays.copyOf(labels, n), rows, cols, numClasses);
    }

    public ClassificationArrays subset(int n, long seed) {
        Checks.positive(n, "ClassificationArrays.subset", "n");
        if (n >= size()) {
            return this;
        }
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            int j = i + r.nextInt(idx.length - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int d = rows * cols;
        float[] px = new float[n * d];
        int[] lb = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(pixels, idx[i] * d, px, i * d, d);
            lb[i] = labels[idx[i]];
        }
        return new ClassificationArrays(px, lb, rows, cols, numClasses);
    }

    public float[] pixelMean() {
        int d = rows * cols;
        double[] s = new double[d];
        for (int i = 0; i < size(); i++) {
            for (int j = 0; j < d; j++) {
                s[j] += pixels[i * d + j];
            }
        }
        float[] m = new float[d];
        for (int j = 0; j < d; j++) {
            m[j] = (float) (s[j] / size());
        }
        return m;
    }
}
