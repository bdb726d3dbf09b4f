package io.github.prcv2021.metrics;

import io.github.prcv2021.core.Checks;

/**
 * The clustering measures the factorisation and graph papers report, from two label vectors (true
 * classes and found clusters, any non-negative integers, the numbers of each need not agree):
 * accuracy under the best one-to-one matching of clusters to classes (Hungarian algorithm),
 * normalised mutual information, purity, the adjusted Rand index and the pairwise F-score.
 */
public final class Clustering {

    private Clustering() {}

    /** How NMI divides the mutual information. */
    public enum Normalization {
        /** {@code (H(T) + H(C)) / 2}: scikit-learn's default. */
        ARITHMETIC,
        /** {@code √(H(T) H(C))}: Strehl and Ghosh. */
        GEOMETRIC,
        /** {@code max(H(T), H(C))}: the form of Cai et al.'s GNMF papers. */
        MAX
    }

    /** Pairwise precision, recall and F-score. */
    public record PairCounts(double precision, double recall, double fScore) {}

    /** {@code n[i][j]}: examples of class i put in cluster j. */
    public static long[][] contingency(int[] truth, int[] clusters) {
        String who = "Clustering.contingency";
        Checks.notNull(truth, who, "truth");
        Checks.notNull(clusters, who, "clusters");
        Checks.check(truth.length == clusters.length, who, "one cluster per example (" + truth.length + ")",
                clusters.length + " clusters");
        Checks.check(truth.length > 0, who, "at least one example", "none");
        int kt = 0;
        int kc = 0;
        for (int i = 0; i < truth.length; i++) {
            Checks.check(truth[i] >= 0 && clusters[i] >= 0, who, "non-negative labels",
                    "truth " + truth[i] + ", cluster " + clusters[i] + " at " + i);
            kt = Math.max(kt, truth[i] + 1);
            kc = Math.max(kc, clusters[i] + 1);
        }
        long[][] n = new long[kt][kc];
        for (int i = 0; i < truth.length; i++) {
            n[truth[i]][clusters[i]]++;
        }
        return n;
    }

    /** Clustering accuracy: the fraction correct under the best one-to-one map of clusters to classes. */
    public static double accuracy(int[] truth, int[] clusters) {
        long[][] n = contingency(truth, clusters);
        int size = Math.max(n.length, n[0].length);
        double[][] cost = new double[size][size];
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[0].length; j++) {
                cost[i][j] = -n[i][j];
            }
        }
        int[] match = Hungarian.minimumCostAssignment(cost);
        long correct = 0;
        for (int i = 0; i < n.length; i++) {
            if (match[i] < n[0].length) {
                correct += n[i][match[i]];
            }
        }
        return correct / (double) truth.length;
    }

    /** Normalised mutual information; 1 when either labelling has a single group and both agree. */
    public static double nmi(int[] truth, int[] clusters, Normalization normalization) {
        Checks.notNull(normalization, "Clustering.nmi", "normalization");
        long[][] n = contingency(truth, clusters);
        double total = truth.length;
        double[] rows = new double[n.length];
        double[] cols = new double[n[0].length];
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[0].length; j++) {
                rows[i] += n[i][j];
                cols[j] += n[i][j];
            }
        }
        double mi = 0;
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[0].length; j++) {
                if (n[i][j] > 0) {
                    mi += n[i][j] / total * Math.log(n[i][j] * total / (rows[i] * cols[j]));
                }
            }
        }
        double ht = entropy(rows, total);
        double hc = entropy(cols, total);
        if (ht == 0 && hc == 0) {
            return 1.0;
        }
        double denominator;
        switch (normalization) {
            case GEOMETRIC:
                denominator = Math.sqrt(ht * hc);
                break;
            case MAX:
                denominator = Math.max(ht, hc);
                break;
            default:
                denominator = (ht + hc) / 2;
                break;
        }
        return denominator == 0 ? 0.0 : Math.max(0, mi / denominator);
    }

    private static double entropy(double[] counts, double total) {
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                h -= c / total * Math.log(c / total);
            }
        }
        return h;
    }

    /** Purity: each cluster counts the examples of its most frequent class. */
    public static double purity(int[] truth, int[] clusters) {
        long[][] n = contingency(truth, clusters);
        long sum = 0;
        for (int j = 0; j < n[0].length; j++) {
            long best = 0;
            for (long[] row : n) {
                best = Math.max(best, row[j]);
            }
            sum += best;
        }
        return sum / (double) truth.length;
    }

    /** The adjusted Rand index (Hubert and Arabie): 1 for identical partitions, 0 in expectation by chance. */
    public static double adjustedRandIndex(int[] truth, int[] clusters) {
        long[][] n = contingency(truth, clusters);
        double sumCells = 0;
        double[] rows = new double[n.length];
        double[] cols = new double[n[0].length];
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[0].length; j++) {
                sumCells += pairs(n[i][j]);
                rows[i] += n[i][j];
                cols[j] += n[i][j];
            }
        }
        double sumRows = 0;
        for (double r : rows) {
            sumRows += pairs(r);
        }
        double sumCols = 0;
        for (double c : cols) {
            sumCols += pairs(c);
        }
        double expected = sumRows * sumCols / pairs(truth.length);
        double max = (sumRows + sumCols) / 2;
        if (max == expected) {
            return 1.0;
        }
        return (sumCells - expected) / (max - expected);
    }

    /**
     * Pairwise precision (pairs put together that share a class), recall (pairs of a class put together)
     * and their F-score.
     */
    public static PairCounts pairwise(int[] truth, int[] clusters) {
        long[][] n = contingency(truth, clusters);
        double together = 0;
        double[] rows = new double[n.length];
        double[] cols = new double[n[0].length];
        for (int i = 0; i < n.length; i++) {
            for (int j = 0; j < n[0].length; j++) {
                together += pairs(n[i][j]);
                rows[i] += n[i][j];
                cols[j] += n[i][j];
            }
        }
        double sameCluster = 0;
        for (double c : cols) {
            sameCluster += pairs(c);
        }
        double sameClass = 0;
        for (double r : rows) {
            sameClass += pairs(r);
        }
        double precision = sameCluster == 0 ? 1.0 : together / sameCluster;
        double recall = sameClass == 0 ? 1.0 : together / sameClass;
        double f = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new PairCounts(precision, recall, f);
    }

    private static double pairs(double n) {
        return n * (n - 1) / 2;
    }
}
