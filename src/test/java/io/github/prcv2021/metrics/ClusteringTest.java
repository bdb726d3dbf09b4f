package io.github.prcv2021.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The clustering measures on hand-computed cases and the Hungarian algorithm against brute force. */
class ClusteringTest {

    @Test
    void accuracyMatchesClustersToClassesOneToOne() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        // cluster 1 -> class 0, cluster 0 -> class 1, cluster 2 -> class 2: 5 of 6 right
        assertEquals(5.0 / 6, Clustering.accuracy(truth, new int[] {1, 1, 0, 0, 0, 2}), 1e-12);
        assertEquals(1.0, Clustering.accuracy(truth, new int[] {2, 2, 0, 0, 1, 1}), 1e-12);
        // more clusters than classes: an unmatched cluster counts as wrong
        assertEquals(5.0 / 6, Clustering.accuracy(truth, new int[] {0, 0, 1, 1, 2, 3}), 1e-12);
        assertArrayEquals(new long[] {1, 1, 0}, Clustering.contingency(truth, new int[] {1, 0, 0, 0, 0, 2})[0]);
    }

    @Test
    void nmiPurityAriAndPairwiseOnHandCases() {
        int[] truth = {0, 0, 1, 1};
        assertEquals(1.0, Clustering.nmi(truth, new int[] {1, 1, 0, 0}, Clustering.Normalization.ARITHMETIC), 1e-12);
        assertEquals(0.0, Clustering.nmi(truth, new int[] {0, 1, 0, 1}, Clustering.Normalization.GEOMETRIC), 1e-12);
        // truth {0,0,1,1}, clusters {0,0,1,2}: I = ln 2, H(T) = ln 2, H(C) = 1.5 ln 2
        int[] c = {0, 0, 1, 2};
        assertEquals(1 / 1.25, Clustering.nmi(truth, c, Clustering.Normalization.ARITHMETIC), 1e-12);
        assertEquals(1 / Math.sqrt(1.5), Clustering.nmi(truth, c, Clustering.Normalization.GEOMETRIC), 1e-12);
        assertEquals(1 / 1.5, Clustering.nmi(truth, c, Clustering.Normalization.MAX), 1e-12);
        assertEquals(1.0, Clustering.purity(truth, c), 1e-12);
        assertEquals(0.75, Clustering.purity(new int[] {0, 0, 1, 1}, new int[] {0, 0, 0, 1}), 1e-12);
        // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.571428...
        assertEquals(4.0 / 7, Clustering.adjustedRandIndex(truth, c), 1e-12);
        assertEquals(1.0, Clustering.adjustedRandIndex(truth, new int[] {5, 5, 3, 3}), 1e-12);
        // pairs together: {0,1}; same cluster pairs: 1; same class pairs: 2 -> P = 1, R = 0.5, F = 2/3
        Clustering.PairCounts p = Clustering.pairwise(truth, c);
        assertEquals(1.0, p.precision(), 1e-12);
        assertEquals(0.5, p.recall(), 1e-12);
        assertEquals(2.0 / 3, p.fScore(), 1e-12);
    }

    @Test
    void hungarianEqualsBruteForceOnRandomMatrices() {
        Random random = new Random(4);
        for (int trial = 0; trial < 30; trial++) {
            int n = 1 + random.nextInt(6);
            double[][] cost = new double[n][n];
            for (double[] row : cost) {
                for (int j = 0; j < n; j++) {
                    row[j] = random.nextInt(20) - 5;
                }
            }
            int[] match = Hungarian.minimumCostAssignment(cost);
            double got = 0;
            boolean[] used = new boolean[n];
            for (int i = 0; i < n; i++) {
                assertTrue(!used[match[i]], "a permutation");
                used[match[i]] = true;
                got += cost[i][match[i]];
            }
            assertEquals(best(cost, 0, new boolean[n]), got, 1e-9);
        }
    }

    private static double best(double[][] cost, int row, boolean[] used) {
        if (row == cost.length) {
            return 0;
        }
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < cost.length; j++) {
            if (!used[j]) {
                used[j] = true;
                min = Math.min(min, cost[row][j] + best(cost, row + 1, used));
                used[j] = false;
            }
        }
        return min;
    }

    @Test
    void badInputIsAClearError() {
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> Clustering.accuracy(new int[] {0, 1}, new int[] {0}));
        assertTrue(len.getMessage().contains("one cluster per example"), len.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Clustering.purity(new int[] {0, -1}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> Hungarian.minimumCostAssignment(new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class,
                () -> Hungarian.minimumCostAssignment(new double[][] {{Double.NaN}}));
    }
}
