/**
 * Paper 46 of PRCV 2021 Part IV, LOG-PBCD: Y. Xie, Z. Li, H. Zhao, "Gradient-Free Neural Network
 * Training Based on Deep Dictionary Learning with the Log Regularizer", in Pattern Recognition and
 * Computer Vision (PRCV 2021), LNCS 13022, pp. 561-574, Springer, 2021.
 *
 * <p>An MLP is trained without gradients as a deep dictionary learning problem (Eq. 4): proximal block
 * coordinate descent over weights, biases, pre-activations and activations, with a log sparsity
 * regulariser on the hidden activations handled by the closed-form log-thresholding operator.
 *
 * <p>Entry points: {@link io.github.prcv2021.logpbcd.LogPbcdTrainer} (Algorithm 1; with λ = 0 also the
 * proximal BCD baseline), {@link io.github.prcv2021.logpbcd.AdmmTrainer} (ADMM and LOG-ADMM),
 * {@link io.github.prcv2021.logpbcd.GradientDescentTrainer} (the paper's full-batch "SGD"), all behind
 * {@link io.github.prcv2021.logpbcd.MlpTrainingMethod} and listed by
 * {@link io.github.prcv2021.logpbcd.PaperMethods#table1}; the operators in
 * {@link io.github.prcv2021.logpbcd.Prox} and {@link io.github.prcv2021.logpbcd.LogRegularizer}.
 */
package io.github.prcv2021.logpbcd;
