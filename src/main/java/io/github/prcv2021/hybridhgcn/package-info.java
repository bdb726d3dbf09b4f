/**
 * HybridHGCN: Jiahao Huang, Fangyuan Lei, Senhong Wang, Song Wang, Qingyun Dai, "Hypergraph Convolutional
 * Network with Hybrid Higher-Order Neighbors", PRCV 2021, LNCS 13022, pp. 103–114.
 *
 * <p>HGNN run in parallel branches over k-hop hypergraph operators {@code Ĥ^(k)} built from powers of the
 * incidence matrix, merged by an element-wise max before the softmax ({@link
 * io.github.prcv2021.hybridhgcn.HybridHgcn}, Eq. 8), trained full-batch on the labelled vertices ({@link
 * io.github.prcv2021.hybridhgcn.TransductiveTrainer}, Eq. 9).
 */
package io.github.prcv2021.hybridhgcn;
