package io.github.prcv2021.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;

/** Classification metrics on logits or scores of shape (N, K) and class-index labels of shape (N). */
public final class Classification {

    private Classification() {}

    /** The number of rows whose arg-max equals the label. */
    public static long correct(NDArray scores, NDArray labels) {
        Shape s = scores.getShape();
        Checks.check(s.dimension() == 2, "Classification.correct", "scores of shape (N, K)", s);
        Checks.check(labels.size() == s.get(0), "Classification.correct",
                "labels with " + s.get(0) + " entries", labels.getShape());
        NDArray predicted = scores.argMax(1).toType(DataType.INT64, false);
        NDArray truth = labels.reshape(s.get(0)).toType(DataType.INT64, false);
        return predicted.eq(truth).countNonzero().getLong();
    }

    /** Top-1 accuracy as a fraction in [0, 1]. */
    public static double accuracy(NDArray scores, NDArray labels) {
        long n = scores.getShape().get(0);
        Checks.check(n > 0, "Classification.accuracy", "at least one row", 0);
        return correct(scores, labels) / (double) n;
    }

    /** Accumulates correct counts over batches. */
    public static final class Counter {
        private long correct;
        private long total;

        /** Adds one batch. */
        public void add(NDArray scores, NDArray labels) {
            correct += correct(scores, labels);
            total += scores.getShape().get(0);
        }

        /** Adds counts directly. */
        public void add(long correct, long total) {
            this.correct += correct;
            this.total += total;
        }

        /** Accuracy so far, NaN when empty. */
        public double accuracy() {
            return total == 0 ? Double.NaN : correct / (double) total;
        }

        /** Rows seen. */
        public long total() {
            return total;
        }
    }
}
