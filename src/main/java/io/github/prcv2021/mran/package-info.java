/**
 * Paper 24: MRANet, "Multi-level Residual Attention Network for Speckle Suppression" (Yu Lei, Shuaiqi Liu, Luyao
 * Zhang, Ling Zhao, Jie Zhao; PRCV 2021, LNCS 13022, pp. 288-299).
 *
 * <p>{@link io.github.prcv2021.mran.Mranet} is the despeckling network (shallow features, cascaded residual groups
 * of residual channel-attention blocks, multi-level fusion by concatenation and channel attention, a predicted
 * speckle map subtracted from the input; Eqs. 1-5), trained by {@link io.github.prcv2021.mran.MranTrainer} with the
 * L1 loss of Eq. 6 ({@link io.github.prcv2021.mran.MranLoss}) on patches speckled by {@code data.Speckle};
 * {@link io.github.prcv2021.mran.SpeckleFilters} holds the Lee and Frost baselines and
 * {@link io.github.prcv2021.mran.DespecklingMetrics} the no-reference measures (ENL, EPD-ROA, ratio image);
 * {@link io.github.prcv2021.mran.MranReproduction} runs the looks sweep of Table 1 on the offline photos.
 */
package io.github.prcv2021.mran;
