package io.github.prcv2021.hybridhgcn;

/**
 * Entries {@code h(v, e_j)} of the kNN hypergraph whose hyperedge {@code e_j} holds vertex j and its k
 * nearest neighbours (Sect. 5.2). {@code D} is the Euclidean distance.
 */
public enum KnnWeighting {
    /**
     * HGNN's released code ({@code construct_H_with_KNN_from_distance}, {@code m_prob = 1}), which the
     * paper follows: {@code h(v, e_j) = exp(−D_vj² / Δ_j²)} with {@code Δ_j} the mean distance from the
     * centre j to all vertices (itself included); the centre gets {@code exp(0) = 1}. The default.
     */
    HGNN_CODE,
    /**
     * The paper's Eq. 10 as printed: {@code h(v, e_j) = exp(−2 D_vj² / Δ)} with {@code Δ} the average
     * pairwise distance over all pairs of distinct vertices (dimensionally odd, probably garbled).
     */
    PAPER_EQ10,
    /** 0/1 entries ({@code graph.Graphs.knnHypergraph}). */
    BINARY
}
