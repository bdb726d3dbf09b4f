/**
 * Paper 06: ANMMF, "Attributed Non-negative Matrix Multi-factorization for Data Representation" (Jie Wang,
 * Yanfeng Sun, Jipeng Guo, Yongli Hu, Baocai Yin; PRCV 2021, LNCS 13022, pp. 66-77).
 *
 * <p>{@link io.github.prcv2021.anmmf.Anmmf} factorises one data matrix P times with the HSIC diversity term
 * and the graph regulariser by the multiplicative updates of Eqs. 11 and 14; {@link io.github.prcv2021.anmmf.Nmf}
 * is Lee and Seung's NMF (baseline and initialisation); {@link io.github.prcv2021.anmmf.AnmmfReproduction}
 * runs the clustering comparison of Table 2 on digits and Fashion-MNIST with the shared
 * {@code cluster.KMeans}, {@code graph.Graphs} and {@code metrics.Clustering}.
 */
package io.github.prcv2021.anmmf;
