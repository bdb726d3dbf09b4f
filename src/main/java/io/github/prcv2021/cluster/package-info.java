/**
 * Clustering shared by the factorisation and graph papers: {@link io.github.prcv2021.cluster.KMeans}
 * (k-means++ seeding, restarts). The measures (accuracy with Hungarian matching, NMI, purity, ARI,
 * pairwise F-score) are in {@link io.github.prcv2021.metrics.Clustering}.
 */
package io.github.prcv2021.cluster;
