package io.github.prcv2021.hybridhgcn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.graph.Graphs;
import java.util.Arrays;

/**
 * An immutable hypergraph {@code G = (V, E, W)} held as its dense incidence matrix {@code H} (vertices ×
 * hyperedges, {@code h(v, e) ≥ 0}, the paper's Eq. 1 with soft entries allowed) and hyperedge weights
 * {@code w(e)} (ones unless set; the paper never sets them), with the operators the paper propagates
 * over:
 *
 * <ul>
 *   <li>{@link #propagation}: {@code Ĥ = D_v^{−1/2} H W D_e^{−1} Hᵀ D_v^{−1/2}} (Eq. 5, with the degrees of
 *       Eqs. 2–3), HGNN's operator, computed by {@link Graphs#hypergraphPropagation};
 *   <li>{@link #power}: {@code H^k}, the k-hop incidence matrix of Sect. 4 (square H only);
 *   <li>{@link #hopOperator}: {@code Ĥ^(k)} of Eq. 8 in one of the {@link HopOperator} readings.
 * </ul>
 *
 * <p>Dense storage suits the paper's small graphs and our offline substitutes (a few thousand
 * vertices); the arrays returned are float32 and owned by the caller's manager.
 */
public final class Hypergraph {

    private final int vertices;
    private final int edges;
    private final float[] incidence;
    private final float[] weights;

    private Hypergraph(int vertices, int edges, float[] incidence, float[] weights) {
        this.vertices = vertices;
        this.edges = edges;
        this.incidence = incidence;
        this.weights = weights;
    }

    /**
     * A hypergraph from its incidence matrix.
     *
     * @param incidence {@code H}, row-major (vertices × hyperedges), non-negative and finite
     * @param vertices number of vertices n
     * @param edges number of hyperedges m
     */
    public static Hypergraph of(float[] incidence, int vertices, int edges) {
        String who = "Hypergraph.of";
        Checks.notNull(incidence, who, "incidence");
        Checks.positive(vertices, who, "vertices");
        Checks.positive(edges, who, "edges");
        Checks.check(incidence.length == (long) vertices * edges, who, vertices + " x " + edges + " = "
                + (long) vertices * edges + " entries", incidence.length);
        for (float v : incidence) {
            Checks.check(v >= 0 && Float.isFinite(v), who, "finite non-negative entries", v);
        }
        float[] ones = new float[edges];
        Arrays.fill(ones, 1f);
        return new Hypergraph(vertices, edges, incidence.clone(), ones);
    }

    /** A hypergraph from an incidence array (vertices, hyperedges). */
    public static Hypergraph of(NDArray incidence) {
        Checks.rank(incidence, 2, "Hypergraph.of", "H of shape (vertices, hyperedges)");
        Shape s = incidence.getShape();
        return of(incidence.toType(DataType.FLOAT32, false).toFloatArray(), (int) s.get(0), (int) s.get(1));
    }

    /**
     * The citation-network construction of Sect. 5.2: one hyperedge per vertex v holding v and its graph
     * neighbours, so {@code H = A + I} for the symmetric 0/1 adjacency A.
     *
     * @param neighbours adjacency lists; an edge listed on one side only is added on both sides
     */
    public static Hypergraph fromGraph(int[][] neighbours) {
        String who = "Hypergraph.fromGraph";
        Checks.notNull(neighbours, who, "neighbours");
        int n = neighbours.length;
        Checks.positive(n, who, "vertices");
        float[] h = new float[n * n];
        for (int v = 0; v < n; v++) {
            h[v * n + v] = 1f;
            for (int u : neighbours[v]) {
                Checks.check(u >= 0 && u < n, who, "neighbour indices in [0, " + n + ")", u);
                h[u * n + v] = 1f;
                h[v * n + u] = 1f;
            }
        }
        return of(h, n, n);
    }

    /**
     * The kNN hypergraph of Sect. 5.2: hyperedge j holds vertex j and its k nearest neighbours by
     * Euclidean distance, with entries per {@code weighting} (Eq. 10 or HGNN's code).
     *
     * @param features (n, d) vertex features
     * @param k neighbours per hyperedge besides its centre (the paper: 10; HGNN's code counts the centre,
     *     so its {@code K_neigs = 10} is k = 9 here)
     */
    public static Hypergraph knn(NDArray features, int k, KnnWeighting weighting) {
        String who = "Hypergraph.knn";
        Checks.notNull(weighting, who, "weighting");
        if (weighting == KnnWeighting.BINARY) {
            try (NDManager m = features.getManager().newSubManager()) {
                NDArray b = Graphs.knnHypergraph(features, k);
                b.attach(m);
                return of(b);
            }
        }
        int[][] nn = Graphs.nearestNeighbours(features, k);
        int n = nn.length;
        float[] h = new float[n * n];
        double[] d2;
        try (NDManager m = features.getManager().newSubManager()) {
            NDArray sq = Graphs.squaredDistances(features);
            sq.attach(m);
            d2 = sq.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        double[] scale = new double[n]; // the denominator per centre j
        if (weighting == KnnWeighting.HGNN_CODE) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int v = 0; v < n; v++) {
                    sum += v == j ? 0 : Math.sqrt(d2[j * n + v]);
                }
                double mean = sum / n;
                scale[j] = Math.max(mean * mean, 1e-30);
            }
        } else {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    sum += i == j ? 0 : Math.sqrt(d2[i * n + j]);
                }
            }
            double delta = Math.max(sum / ((double) n * (n - 1)), 1e-30);
            Arrays.fill(scale, delta / 2);
        }
        for (int j = 0; j < n; j++) {
            h[j * n + j] = 1f;
            for (int v : nn[j]) {
                h[v * n + j] = (float) Math.exp(-d2[j * n + v] / scale[j]);
            }
        }
        return of(h, n, n);
    }

    /** The same hypergraph with hyperedge weights {@code w(e) ≥ 0} (the diagonal W of Eq. 2). */
    public Hypergraph withEdgeWeights(float[] w) {
        String who = "Hypergraph.withEdgeWeights";
        Checks.notNull(w, who, "weights");
        Checks.check(w.length == edges, who, edges + " weights (one per hyperedge)", w.length);
        for (float v : w) {
            Checks.check(v >= 0 && Float.isFinite(v), who, "finite non-negative weights", v);
        }
        return new Hypergraph(vertices, edges, incidence, w.clone());
    }

    /** Number of vertices n. */
    public int vertices() {
        return vertices;
    }

    /** Number of hyperedges m. */
    public int edges() {
        return edges;
    }

    /** A copy of H, row-major (vertices × hyperedges). */
    public float[] incidence() {
        return incidence.clone();
    }

    /** A copy of the hyperedge weights. */
    public float[] edgeWeights() {
        return weights.clone();
    }

    /** Whether H is square (one hyperedge per vertex), as every construction of the paper gives. */
    public boolean isSquare() {
        return vertices == edges;
    }

    /** H as a float32 array (vertices, hyperedges) owned by {@code manager}. */
    public NDArray incidence(NDManager manager) {
        return manager.create(incidence, new Shape(vertices, edges));
    }

    /**
     * The k-hop incidence matrix {@code H^k} of Sect. 4 (the ordinary matrix power; hyperedge weights are
     * kept).
     *
     * @param k the order, at least 1
     * @param binarize replace every positive entry of the power by 1 (reachability)
     * @throws IllegalArgumentException if H is not square
     */
    public Hypergraph power(int k, boolean binarize) {
        String who = "Hypergraph.power";
        Checks.check(k >= 1, who, "an order k >= 1", k);
        Checks.check(isSquare(), who, "a square incidence matrix (one hyperedge per vertex)", vertices + " x " + edges);
        float[] p;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray h = incidence(m);
            NDArray acc = h;
            for (int i = 1; i < k; i++) {
                acc = acc.matMul(h);
            }
            if (binarize) {
                acc = acc.gt(0).toType(DataType.FLOAT32, false);
            }
            p = acc.toFloatArray();
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(p[i], 0f); // matmul of non-negative matrices; guard against -0
        }
        return new Hypergraph(vertices, edges, p, weights);
    }

    /**
     * HGNN's normalised operator {@code Ĥ = D_v^{−1/2} H W D_e^{−1} Hᵀ D_v^{−1/2}} (the paper's Eq. 5; the
     * paper calls it the normalised hypergraph Laplacian). Symmetric, eigenvalues in [0, 1].
     *
     * @return (n, n) float32 owned by {@code manager}
     */
    public NDArray propagation(NDManager manager) {
        Checks.notNull(manager, "Hypergraph.propagation", "manager");
        try (NDManager sub = manager.newSubManager()) {
            NDArray g = Graphs.hypergraphPropagation(incidence(sub), sub.create(weights));
            g.attach(manager);
            return g;
        }
    }

    /**
     * The k-hop operator {@code Ĥ^(k)} of Eq. 8: the operator of Eq. 5 built from {@code H^k} with its own
     * degree matrices {@code D_v^(k)}, {@code D_e^(k)} (or, for {@link HopOperator#OPERATOR_POWER},
     * {@code (Ĥ)^k}). {@code k = 1} is {@link #propagation} in every reading.
     *
     * @return (n, n) float32 owned by {@code manager}
     */
    public NDArray hopOperator(int k, HopOperator reading, NDManager manager) {
        String who = "Hypergraph.hopOperator";
        Checks.check(k >= 1, who, "an order k >= 1", k);
        Checks.notNull(reading, who, "reading");
        Checks.notNull(manager, who, "manager");
        if (k == 1) {
            return propagation(manager);
        }
        switch (reading) {
            case INCIDENCE_POWER:
                return power(k, false).propagation(manager);
            case INCIDENCE_POWER_BINARIZED:
                return power(k, true).propagation(manager);
            default:
                try (NDManager sub = manager.newSubManager()) {
                    NDArray g = propagation(sub);
                    NDArray acc = g;
                    for (int i = 1; i < k; i++) {
                        acc = acc.matMul(g);
                    }
                    // restore exact symmetry lost to rounding
                    NDArray sym = acc.add(acc.transpose()).div(2f);
                    sym.attach(manager);
                    return sym;
                }
        }
    }

    /**
     * The operators {@code Ĥ^(k)} for each order, in order: the constant inputs {@link HybridHgcn} takes
     * after the features.
     */
    public NDList hopOperators(int[] orders, HopOperator reading, NDManager manager) {
        Checks.notNull(orders, "Hypergraph.hopOperators", "orders");
        Checks.check(orders.length > 0, "Hypergraph.hopOperators", "at least one order", 0);
        NDList out = new NDList(orders.length);
        for (int k : orders) {
            out.add(hopOperator(k, reading, manager));
        }
        return out;
    }

    @Override
    public String toString() {
        return "Hypergraph[" + vertices + " vertices, " + edges + " hyperedges]";
    }
}
