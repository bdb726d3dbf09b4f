/**
 * FGSMPR: FGSM adversarial training with a PGD regulariser (paper 03).
 *
 * <p>Lehui Xie, Yaopeng Wang, Jia-Li Yin, Ximeng Liu, "Robust Single-Step Adversarial Training with
 * Regularizer", PRCV 2021, LNCS 13022, pp. 29-41.
 *
 * <p>Single-step (FGSM) adversarial training is cheap but overfits catastrophically: it suddenly loses
 * all robustness to multi-step attacks. FGSMPR adds the distance between the logits of an FGSM example
 * and a PGD-3 example of the same input, computed for one example per batch, and so keeps PGD
 * robustness at little extra cost. {@link io.github.prcv2021.fgsmpr.AdversarialTraining} is the
 * training step (FGSMPR and the FGSM, FAST-FGSM, PGD baselines), {@link
 * io.github.prcv2021.fgsmpr.LogitPairingLoss} the regulariser; the attacks are in {@code attacks}.
 */
package io.github.prcv2021.fgsmpr;
