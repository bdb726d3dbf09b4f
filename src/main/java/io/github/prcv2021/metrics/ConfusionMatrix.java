package io.github.prcv2021.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.github.prcv2021.core.Checks;

/**
 * A K×K confusion matrix accumulated over batches of per-pixel (or per-sample) labels, and the
 * segmentation scores read from it: per-class IoU {@code TP / (TP + FP + FN)}, mean IoU over the classes
 * that occur in the truth or the prediction, pixel accuracy. Entry {@code [t][p]} counts the positions
 * whose truth is {@code t} and prediction {@code p}; positions whose truth equals the ignore label (255
 * by default, PASCAL VOC's) are skipped.
 */
public final class ConfusionMatrix {

    /** The ignore label of PASCAL VOC and Cityscapes. */
    public static final int DEFAULT_IGNORE = 255;

    private final int numClasses;
    private final int ignore;
    private final long[][] counts;

    /** An empty matrix for {@code numClasses} classes, ignoring truth label 255. */
    public ConfusionMatrix(int numClasses) {
        this(numClasses, DEFAULT_IGNORE);
    }

    /** An empty matrix for {@code numClasses} classes, skipping positions whose truth is {@code ignore}. */
    public ConfusionMatrix(int numClasses, int ignore) {
        Checks.check(numClasses >= 2, "ConfusionMatrix", "at least 2 classes", numClasses);
        this.numClasses = numClasses;
        this.ignore = ignore;
        this.counts = new long[numClasses][numClasses];
    }

    /**
     * Adds a batch of predicted and true labels of the same shape (any rank).
     *
     * @throws IllegalArgumentException if the shapes differ or a label lies outside {@code [0, K)} (other
     *     than the ignore label in the truth); the matrix is unchanged then
     */
    public ConfusionMatrix add(NDArray predicted, NDArray truth) {
        Checks.check(predicted.getShape().equals(truth.getShape()), "ConfusionMatrix.add",
                "predictions and truth of the same shape", predicted.getShape() + " vs " + truth.getShape());
        int[] p = toInts(predicted);
        int[] t = toInts(truth);
        return add(p, t);
    }

    /** Adds predicted and true labels given as arrays of the same length. */
    public ConfusionMatrix add(int[] predicted, int[] truth) {
        Checks.check(predicted.length == truth.length, "ConfusionMatrix.add", "arrays of the same length",
                predicted.length + " vs " + truth.length);
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == ignore) {
                continue;
            }
            Checks.check(truth[i] >= 0 && truth[i] < numClasses, "ConfusionMatrix.add",
                    "true labels in [0, " + numClasses + ") or " + ignore, truth[i] + " at " + i);
            Checks.check(predicted[i] >= 0 && predicted[i] < numClasses, "ConfusionMatrix.add",
                    "predicted labels in [0, " + numClasses + ")", predicted[i] + " at " + i);
        }
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] != ignore) {
                counts[truth[i]][predicted[i]]++;
            }
        }
        return this;
    }

    /** The number of classes K. */
    public int numClasses() {
        return numClasses;
    }

    /** A copy of the counts, {@code [truth][prediction]}. */
    public long[][] counts() {
        long[][] copy = new long[numClasses][];
        for (int i = 0; i < numClasses; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The positions counted. */
    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    /** Per-class IoU; NaN for a class absent from both the truth and the prediction. */
    public double[] iou() {
        double[] out = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            long tp = counts[k][k];
            long fn = 0;
            long fp = 0;
            for (int j = 0; j < numClasses; j++) {
                if (j != k) {
                    fn += counts[k][j];
                    fp += counts[j][k];
                }
            }
            long union = tp + fp + fn;
            out[k] = union == 0 ? Double.NaN : tp / (double) union;
        }
        return out;
    }

    /** Mean IoU over the classes present in the truth or the prediction; NaN when nothing was counted. */
    public double meanIou() {
        double sum = 0;
        int n = 0;
        for (double v : iou()) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The fraction of counted positions labelled correctly; NaN when nothing was counted. */
    public double pixelAccuracy() {
        long total = total();
        long diag = 0;
        for (int k = 0; k < numClasses; k++) {
            diag += counts[k][k];
        }
        return total == 0 ? Double.NaN : diag / (double) total;
    }

    private static int[] toInts(NDArray a) {
        Checks.check(!a.getDataType().isFloating(), "ConfusionMatrix.add", "integer labels (use argMax on scores)",
                a.getDataType());
        try (NDArray i = a.toType(DataType.INT32, true)) {
            return i.toIntArray();
        }
    }
}
