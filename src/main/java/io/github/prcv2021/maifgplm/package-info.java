/**
 * Paper 13: MAI-FGPLM, "Learning Indistinguishable and Transferable Adversarial Examples" (Wu Zhang,
 * Junhua Zou, Yexin Duan, Xingyu Zhou, Zhisong Pan; PRCV 2021, LNCS 13022, pp. 152-164).
 *
 * <p>{@link io.github.prcv2021.maifgplm.MaiFgplm} is the transfer attack of Algorithm 1: AI-FGTM with
 * the piecewise-linear squashing of Eq. 15, the gradient-regularisation term of Eq. 17-18 and the mixed
 * input of Eq. 19 ({@link io.github.prcv2021.maifgplm.MixedInput}), combinable with NI, TI and DI from
 * the {@code attacks} toolkit. {@link io.github.prcv2021.maifgplm.EnsembleAdversarialTraining} trains the
 * defended target models (Tramer et al.'s ensemble adversarial training, the paper's ens3/ens4/ens
 * defences); {@link io.github.prcv2021.maifgplm.MaiFgplmReproduction} runs Tables 2-6 with surrogate and
 * held-out target models trained on Fashion-MNIST and MNIST.
 */
package io.github.prcv2021.maifgplm;
