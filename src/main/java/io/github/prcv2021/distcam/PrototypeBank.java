package io.github.prcv2021.distcam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class prototypes of Dist-CAM's Eq. 7: {@code P^c = (1/N_c) Σ_i S^c_i}, the mean feature map of the
 * training samples of class {@code c}. Dist-CAM only uses {@code GAP(P^c)} (Eq. 4), and global average
 * pooling is linear, so {@code GAP(P^c)} is the mean of the pooled training features; the bank stores
 * that {@code K}-vector per class, and classifies by the nearest prototype (the paper's prediction).
 *
 * <p>Build it in one pass with {@link #accumulator}, or from pooled features at once with {@link #fit}.
 * A class with no samples has no prototype and is never the nearest. Instances are immutable.
 *
 * <pre>{@code
 * PrototypeBank.Accumulator acc = PrototypeBank.accumulator(10, 128);
 * for (...) acc.add(DistCam.globalAveragePool(featureMaps), labels);   // pooled (N, K) per batch
 * PrototypeBank bank = acc.build();
 * int[] predicted = bank.nearest(pooled, DistCam.Distance.L1);
 * }</pre>
 */
public final class PrototypeBank {

    private static final int MAGIC = 0x44434d50; // "DCMP"

    private final float[][] means; // [C][K], null row for an empty class
    private final long[] counts;

    private PrototypeBank(float[][] means, long[] counts) {
        this.means = means;
        this.counts = counts;
    }

    /** An accumulator of per-class sums for {@code numClasses} classes of {@code K}-dimensional features. */
    public static Accumulator accumulator(int numClasses, int featureDim) {
        return new Accumulator(numClasses, featureDim);
    }

    /**
     * The prototypes of pooled features: the mean per class (Eq. 7 after GAP).
     *
     * @param pooled {@code GAP(S)}, shape {@code (N, K)}
     * @param labels class of each row
     * @param numClasses number of classes
     */
    public static PrototypeBank fit(NDArray pooled, int[] labels, int numClasses) {
        Checks.rank(pooled, 2, "PrototypeBank.fit", "pooled features (N, K)");
        return accumulator(numClasses, (int) pooled.getShape().get(1)).add(pooled, labels).build();
    }

    /** A bank from given prototype vectors {@code [C][K]} (each counted once); null rows are empty classes. */
    public static PrototypeBank of(float[][] prototypes) {
        Checks.check(prototypes.length > 0, "PrototypeBank.of", "at least one class", 0);
        int k = -1;
        long[] counts = new long[prototypes.length];
        float[][] copy = new float[prototypes.length][];
        for (int c = 0; c < prototypes.length; c++) {
            if (prototypes[c] == null) {
                continue;
            }
            Checks.check(k < 0 || prototypes[c].length == k, "PrototypeBank.of", "prototypes of equal length " + k,
                    prototypes[c].length);
            k = prototypes[c].length;
            copy[c] = prototypes[c].clone();
            counts[c] = 1;
        }
        Checks.check(k > 0, "PrototypeBank.of", "at least one non-empty prototype", "none");
        return new PrototypeBank(copy, counts);
    }

    /** Number of classes {@code C}. */
    public int numClasses() {
        return means.length;
    }

    /** Feature dimension {@code K}. */
    public int featureDim() {
        for (float[] m : means) {
            if (m != null) {
                return m.length;
            }
        }
        throw new IllegalStateException("PrototypeBank has no prototype");
    }

    /** Training samples behind the prototype of class {@code c}. */
    public long count(int c) {
        return counts[c];
    }

    /** Whether class {@code c} has a prototype. */
    public boolean has(int c) {
        return means[c] != null;
    }

    /** The prototype {@code GAP(P^c)} (a copy). */
    public float[] prototype(int c) {
        Checks.check(c >= 0 && c < means.length && means[c] != null, "PrototypeBank.prototype",
                "a class with a prototype in [0, " + means.length + ")", c);
        return means[c].clone();
    }

    /** All prototypes as {@code (C, K)} on {@code manager}; an empty class is a row of NaN. */
    public NDArray prototypes(NDManager manager) {
        int k = featureDim();
        float[] flat = new float[means.length * k];
        for (int c = 0; c < means.length; c++) {
            for (int j = 0; j < k; j++) {
                flat[c * k + j] = means[c] == null ? Float.NaN : means[c][j];
            }
        }
        return manager.create(flat, new Shape(means.length, k));
    }

    /** The prototype of {@code classes[i]} in row {@code i}: {@code (N, K)} on {@code manager}. */
    public NDArray prototypes(NDManager manager, int[] classes) {
        int k = featureDim();
        float[] flat = new float[classes.length * k];
        for (int i = 0; i < classes.length; i++) {
            System.arraycopy(prototype(classes[i]), 0, flat, i * k, k);
        }
        return manager.create(flat, new Shape(classes.length, k));
    }

    /**
     * Distances from pooled features to every prototype.
     *
     * @param pooled {@code (N, K)}
     * @param distance L1 ({@code Σ_k |q_k − p_k|}, the sum of Eq. 4) or L2
     * @return {@code (N, C)}; an empty class is at +infinity
     */
    public NDArray distances(NDArray pooled, DistCam.Distance distance) {
        String who = "PrototypeBank.distances";
        Checks.rank(pooled, 2, who, "pooled features (N, K)");
        Checks.check(pooled.getShape().get(1) == featureDim(), who, "K = " + featureDim() + " features",
                pooled.getShape().get(1));
        NDManager m = pooled.getManager();
        NDArray p = prototypes(m).toType(pooled.getDataType(), false);
        NDArray diff = pooled.expandDims(1).sub(p.expandDims(0)); // (N, C, K)
        NDArray d = distance == DistCam.Distance.L1 ? diff.abs().sum(new int[] {2}) : diff.pow(2).sum(new int[] {2}).sqrt();
        return ai.djl.ndarray.NDArrays.where(d.isNaN(), m.full(d.getShape(), Float.POSITIVE_INFINITY, d.getDataType()), d);
    }

    /** The nearest prototype of each row of pooled features {@code (N, K)}: the paper's prediction. */
    public int[] nearest(NDArray pooled, DistCam.Distance distance) {
        return argmin(distances(pooled, distance));
    }

    /** Row-wise argmin of {@code (N, C)} as host ints. */
    static int[] argmin(NDArray distances) {
        long[] idx = distances.argMin(1).toType(DataType.INT64, false).toLongArray();
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = (int) idx[i];
        }
        return out;
    }

    /** Writes the bank (class count, dimension, counts, float prototypes; big-endian). */
    public void save(Path file) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(MAGIC);
            out.writeInt(means.length);
            out.writeInt(featureDim());
            for (int c = 0; c < means.length; c++) {
                out.writeLong(counts[c]);
                if (means[c] != null) {
                    for (float v : means[c]) {
                        out.writeFloat(v);
                    }
                }
            }
        }
    }

    /** Reads a bank written by {@link #save}. */
    public static PrototypeBank load(Path file) throws IOException {
        try (InputStream is = Files.newInputStream(file); DataInputStream in = new DataInputStream(is)) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + " is not a PrototypeBank file");
            }
            int c = in.readInt();
            int k = in.readInt();
            float[][] means = new float[c][];
            long[] counts = new long[c];
            for (int i = 0; i < c; i++) {
                counts[i] = in.readLong();
                if (counts[i] > 0) {
                    means[i] = new float[k];
                    for (int j = 0; j < k; j++) {
                        means[i][j] = in.readFloat();
                    }
                }
            }
            return new PrototypeBank(means, counts);
        }
    }

    /** Running per-class sums of pooled features; {@link #build()} divides by the counts (Eq. 7). */
    public static final class Accumulator {
        private final double[][] sums;
        private final long[] counts;
        private final int k;

        private Accumulator(int numClasses, int featureDim) {
            Checks.positive(numClasses, "PrototypeBank.accumulator", "numClasses");
            this.k = Checks.positive(featureDim, "PrototypeBank.accumulator", "featureDim");
            this.sums = new double[numClasses][featureDim];
            this.counts = new long[numClasses];
        }

        /** Adds pooled features {@code (N, K)} with their labels. */
        public Accumulator add(NDArray pooled, int[] labels) {
            String who = "PrototypeBank.Accumulator.add";
            Checks.shape(pooled, new Shape(labels.length, k), who, "pooled features (N, " + k + ") with N = labels");
            float[] v = pooled.toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < labels.length; i++) {
                int c = labels[i];
                Checks.check(c >= 0 && c < sums.length, who, "labels in [0, " + sums.length + ")", c);
                counts[c]++;
                for (int j = 0; j < k; j++) {
                    sums[c][j] += v[i * k + j];
                }
            }
            return this;
        }

        /** The bank of class means. */
        public PrototypeBank build() {
            float[][] means = new float[sums.length][];
            boolean any = false;
            for (int c = 0; c < sums.length; c++) {
                if (counts[c] == 0) {
                    continue;
                }
                any = true;
                means[c] = new float[k];
                for (int j = 0; j < k; j++) {
                    means[c][j] = (float) (sums[c][j] / counts[c]);
                }
            }
            Checks.check(any, "PrototypeBank.Accumulator.build", "at least one sample", "none");
            return new PrototypeBank(means, counts.clone());
        }
    }
}
