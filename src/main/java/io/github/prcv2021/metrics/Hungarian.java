package io.github.prcv2021.metrics;

import io.github.prcv2021.core.Checks;
import java.util.Arrays;

/**
 * The Hungarian algorithm (Kuhn–Munkres, in the O(n³) potentials form): the assignment of rows to
 * columns of a square cost matrix with the least total cost. Used by clustering accuracy to match
 * clusters to classes.
 */
public final class Hungarian {

    private Hungarian() {}

    /**
     * Solves the assignment problem.
     *
     * @param cost an n×n matrix of finite costs
     * @return {@code match[i]}, the column assigned to row i
     */
    public static int[] minimumCostAssignment(double[][] cost) {
        String who = "Hungarian.minimumCostAssignment";
        Checks.notNull(cost, who, "cost");
        int n = cost.length;
        Checks.check(n > 0, who, "a non-empty matrix", "0 rows");
        for (double[] row : cost) {
            Checks.check(row != null && row.length == n, who, "a square " + n + "x" + n + " matrix",
                    row == null ? "a null row" : "a row of " + row.length);
            for (double c : row) {
                Checks.check(Double.isFinite(c), who, "finite costs", c);
            }
        }
        // potentials u (rows), v (columns); p[j]: row matched to column j (1-based, 0 = none)
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] match = new int[n];
        for (int j = 1; j <= n; j++) {
            match[p[j] - 1] = j - 1;
        }
        return match;
    }
}
