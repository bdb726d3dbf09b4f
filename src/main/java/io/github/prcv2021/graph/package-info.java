/**
 * Graph and hypergraph construction shared by the graph-regularised and graph-convolution papers:
 * {@link io.github.prcv2021.graph.Graphs} (kNN heat-kernel affinities, Laplacians, kNN hypergraph
 * incidence and HGNN's normalised propagation operator).
 */
package io.github.prcv2021.graph;
