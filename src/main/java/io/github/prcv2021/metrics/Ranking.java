package io.github.prcv2021.metrics;

import io.github.prcv2021.core.Checks;
import java.util.Arrays;

/** Ranking metrics. */
public final class Ranking {

    private Ranking() {}

    /**
     * The area under the ROC curve of {@code scores} for the {@code positive} items: the probability that a
     * random positive scores above a random negative, ties counting one half (Mann–Whitney U / (P·Q)).
     */
    public static double auc(double[] scores, boolean[] positive) {
        Checks.check(scores.length == positive.length, "Ranking.auc", scores.length + " labels", positive.length);
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(scores[a], scores[b]));
        double rankSum = 0;
        long pos = 0;
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && scores[idx[j + 1]] == scores[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (positive[idx[t]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = scores.length - pos;
        Checks.check(pos > 0 && neg > 0, "Ranking.auc", "both positive and negative items", pos + " positive, " + neg + " negative");
        return (rankSum - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }
}
