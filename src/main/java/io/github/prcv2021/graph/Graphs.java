package io.github.prcv2021.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import java.util.function.Function;

/**
 * Graph and hypergraph builders shared by the manifold-regularised factorisation and graph
 * convolution papers, as dense arrays (the papers' graphs have at most a few thousand vertices):
 *
 * <ul>
 *   <li>{@link #knnAffinity}: the k-nearest-neighbour graph with heat-kernel weights
 *       {@code W_ij = exp(−‖x_i − x_j‖² / t)} when j is among the k nearest neighbours of i or i among
 *       those of j (Belkin and Niyogi; Cai et al.'s GNMF), zero diagonal;
 *   <li>{@link #laplacian} {@code L = D − W} and {@link #normalizedLaplacian}
 *       {@code L_sym = I − D^{−1/2} W D^{−1/2}};
 *   <li>{@link #knnHypergraph}: the incidence matrix H (vertices × hyperedges) whose j-th hyperedge is
 *       vertex j with its k nearest neighbours (Feng et al.'s HGNN);
 *   <li>{@link #hypergraphPropagation}: HGNN's operator
 *       {@code G = D_v^{−1/2} H W_e D_e^{−1} Hᵀ D_v^{−1/2}}.
 * </ul>
 * Results are owned by the input's manager.
 */
public final class Graphs {

    private Graphs() {}

    /** Squared Euclidean distances between the rows of {@code x} (n, d), clamped at 0. */
    public static NDArray squaredDistances(NDArray x) {
        Checks.rank(x, 2, "Graphs.squaredDistances", "x of shape (n, d)");
        return scoped(m -> {
            NDArray sq = x.square().sum(new int[] {1});
            return sq.reshape(-1, 1).add(sq.reshape(1, -1)).sub(x.matMul(x.transpose()).mul(2)).maximum(0f);
        }, x);
    }

    /** The indices (n, k) of each row's k nearest other rows, nearest first. */
    public static int[][] nearestNeighbours(NDArray x, int k) {
        String who = "Graphs.nearestNeighbours";
        Checks.rank(x, 2, who, "x of shape (n, d)");
        int n = (int) x.getShape().get(0);
        Checks.check(k >= 1 && k < n, who, "1 <= k < n = " + n, k);
        try (NDManager work = x.getManager().newSubManager()) {
            work.tempAttachAll(x);
            return neighbours(squaredDistances(x), k);
        }
    }

    /** The k nearest other rows from a distance matrix (n, n) of the caller's scope. */
    private static int[][] neighbours(NDArray d, int k) {
        int n = (int) d.getShape().get(0);
        NDArray self = d.getManager().eye(n).mul(Float.MAX_VALUE).toType(d.getDataType(), false);
        long[] order = d.add(self).argSort(1).toLongArray();
        int[][] nn = new int[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                nn[i][j] = (int) order[i * n + j];
            }
        }
        return nn;
    }

    /**
     * The symmetric kNN graph with heat-kernel weights.
     *
     * @param x (n, d) points
     * @param k neighbours per point
     * @param t the heat-kernel width; {@code Double.POSITIVE_INFINITY} gives 0/1 weights
     * @return W (n, n), symmetric, zero diagonal
     */
    public static NDArray knnAffinity(NDArray x, int k, double t) {
        Checks.check(t > 0, "Graphs.knnAffinity", "a positive heat-kernel width t", t);
        return affinity(x, k, t);
    }

    /**
     * The symmetric kNN graph with heat-kernel weights whose width t is the mean squared distance over
     * the directed kNN edges (each point to its k neighbours), a scale-free default.
     */
    public static NDArray knnAffinityMeanEdgeWidth(NDArray x, int k) {
        return affinity(x, k, Double.NaN);
    }

    /** One pass: distances, neighbours, width (NaN: the mean over the edges) and weights. */
    private static NDArray affinity(NDArray x, int k, double width) {
        String who = "Graphs.knnAffinity";
        Checks.rank(x, 2, who, "x of shape (n, d)");
        int n = (int) x.getShape().get(0);
        Checks.check(k >= 1 && k < n, who, "1 <= k < n = " + n, k);
        return scoped(work -> {
            NDArray d = squaredDistances(x);
            int[][] nn = neighbours(d, k);
            float[] mask = new float[n * n];
            for (int i = 0; i < n; i++) {
                for (int j : nn[i]) {
                    mask[i * n + j] = 1f;
                    mask[j * n + i] = 1f;
                }
            }
            double t = width;
            if (Double.isNaN(t)) {
                double[] d2 = d.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray();
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    for (int j : nn[i]) {
                        sum += d2[i * n + j];
                    }
                }
                t = Math.max(sum / (n * (double) k), 1e-12);
            }
            NDArray weights = Double.isInfinite(t) ? work.ones(new Shape(n, n), x.getDataType()) : d.div(-t).exp();
            return weights.mul(work.create(mask, new Shape(n, n)).toType(x.getDataType(), false));
        }, x);
    }

    /** {@code L = D − W} with {@code D = diag(W 1)}. */
    public static NDArray laplacian(NDArray w) {
        checkAffinity(w, "Graphs.laplacian");
        return scoped(m -> diag(w.sum(new int[] {1})).sub(w), w);
    }

    /** {@code L_sym = I − D^{−1/2} W D^{−1/2}}; isolated vertices get a zero row and column in the second term. */
    public static NDArray normalizedLaplacian(NDArray w) {
        checkAffinity(w, "Graphs.normalizedLaplacian");
        int n = (int) w.getShape().get(0);
        return scoped(m -> {
            NDArray inv = inverseSqrt(w.sum(new int[] {1}));
            NDArray scaled = w.mul(inv.reshape(n, 1)).mul(inv.reshape(1, n));
            return m.eye(n).toType(w.getDataType(), false).sub(scaled);
        }, w);
    }

    /**
     * The kNN hypergraph: hyperedge j holds vertex j and its k nearest neighbours.
     *
     * @return H (n vertices, n hyperedges) of 0/1
     */
    public static NDArray knnHypergraph(NDArray x, int k) {
        int[][] nn = nearestNeighbours(x, k);
        int n = nn.length;
        float[] h = new float[n * n];
        for (int j = 0; j < n; j++) {
            h[j * n + j] = 1f;
            for (int v : nn[j]) {
                h[v * n + j] = 1f;
            }
        }
        return scoped(m -> m.create(h, new Shape(n, n)).toType(x.getDataType(), false), x);
    }

    /**
     * HGNN's propagation operator {@code G = D_v^{−1/2} H W_e D_e^{−1} Hᵀ D_v^{−1/2}}, with
     * {@code D_v = diag(H w)} and {@code D_e = diag(1ᵀ H)}.
     *
     * @param h incidence (vertices, hyperedges), non-negative
     * @param edgeWeights w (hyperedges), non-negative; null for all ones
     * @return G (vertices, vertices), symmetric
     */
    public static NDArray hypergraphPropagation(NDArray h, NDArray edgeWeights) {
        String who = "Graphs.hypergraphPropagation";
        Checks.rank(h, 2, who, "H of shape (vertices, hyperedges)");
        long e = h.getShape().get(1);
        if (edgeWeights != null) {
            Checks.check(edgeWeights.getShape().equals(new Shape(e)), who, "one weight per hyperedge (" + e + ")",
                    edgeWeights.getShape());
        }
        NDArray[] inputs = edgeWeights == null ? new NDArray[] {h} : new NDArray[] {h, edgeWeights};
        return scoped(m -> {
            NDArray w = edgeWeights == null ? m.ones(new Shape(e), h.getDataType()) : edgeWeights;
            Checks.check(minValue(h) >= 0 && minValue(w) >= 0, who, "non-negative H and weights", "negative entries");
            NDArray dv = h.matMul(w.reshape(e, 1)).reshape(-1);
            NDArray de = h.sum(new int[] {0});
            NDArray dvInv = inverseSqrt(dv);
            NDArray deInv = de.gt(0).toType(h.getDataType(), false).div(de.add(de.eq(0).toType(h.getDataType(), false)));
            NDArray left = h.mul(dvInv.reshape(-1, 1));
            return left.mul(w.mul(deInv).reshape(1, -1)).matMul(left.transpose());
        }, inputs);
    }

    /** Runs {@code body} with the inputs temporarily in a sub-manager; only the result stays, with the first input's manager. */
    private static NDArray scoped(Function<NDManager, NDArray> body, NDArray... inputs) {
        NDManager owner = inputs[0].getManager();
        try (NDManager sub = owner.newSubManager()) {
            sub.tempAttachAll(inputs);
            NDArray out = body.apply(sub);
            out.attach(owner);
            return out;
        }
    }

    private static double minValue(NDArray a) {
        try (NDManager sub = a.getManager().newSubManager()) {
            sub.tempAttachAll(a);
            return a.min().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
        }
    }

    private static NDArray diag(NDArray v) {
        int n = (int) v.size();
        return v.getManager().eye(n).toType(v.getDataType(), false).mul(v.reshape(1, n));
    }

    /** {@code 1/√v} where v > 0, 0 elsewhere. */
    private static NDArray inverseSqrt(NDArray v) {
        NDArray positive = v.gt(0).toType(v.getDataType(), false);
        return positive.div(v.add(positive.neg().add(1)).sqrt());
    }

    private static void checkAffinity(NDArray w, String who) {
        Checks.rank(w, 2, who, "W of shape (n, n)");
        Checks.check(w.getShape().get(0) == w.getShape().get(1), who, "a square W", w.getShape());
        double min = minValue(w);
        Checks.check(min >= 0, who, "non-negative weights", min);
    }
}
