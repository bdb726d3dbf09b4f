/**
 * Paper 07: P. Li, X. He, D. Song, Z. Ding, M. Qiao, X. Cheng, R. Li, "Improved Categorical
 * Cross-Entropy Loss for Training Deep Neural Networks with Noisy Labels", PRCV 2021, LNCS 13022,
 * pp. 78–89.
 *
 * <p>ICCE multiplies cross-entropy's per-example gradient by {@code e^{T(p_y − 0.5)}}, so examples the
 * network finds unlikely (often the mislabelled ones) pull less; {@link io.github.prcv2021.icce.IcceLoss}
 * is the loss, {@link io.github.prcv2021.icce.BaselineLosses} the paper's comparisons, and
 * {@link io.github.prcv2021.icce.IcceReproduction} its tables on MNIST and Fashion-MNIST.
 */
package io.github.prcv2021.icce;
