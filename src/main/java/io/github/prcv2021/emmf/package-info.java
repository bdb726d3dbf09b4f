/**
 * Paper 23: EMMF, "Enhanced Multi-view Matrix Factorization with Shared Representation" (Sheng Huang, Yunhe
 * Zhang, Lele Fu, Shiping Wang; PRCV 2021, LNCS 13022, pp. 276-287).
 *
 * <p>{@link io.github.prcv2021.emmf.Emmf} trains a deep auto-encoder fed with the identity matrix, whose
 * shared code {@code H_l} factorises every view, against per-view discriminators (Algorithm 1); k-means on
 * {@code H_l} clusters the samples. {@link io.github.prcv2021.emmf.MultiViewData} builds three-view data sets
 * from digits and Fashion-MNIST with {@link io.github.prcv2021.emmf.MultiViewFeatures};
 * {@link io.github.prcv2021.emmf.EmmfReproduction} runs the clustering comparison (Tables 2-4) and the
 * discriminator ablation (Table 5).
 */
package io.github.prcv2021.emmf;
