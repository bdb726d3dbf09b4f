/**
 * L∞ adversarial attacks on any DJL classifier {@link ai.djl.nn.Block}, shared by the papers that
 * attack, defend or evaluate robustness (FGSMPR, paper 03; MAI-FGPLM, paper 13).
 *
 * <p>{@link io.github.prcv2021.attacks.AttackTarget} wraps the classifier (one block, an ensemble, in
 * training or inference mode) and computes input gradients through DJL's
 * {@link ai.djl.training.GradientCollector}; {@link io.github.prcv2021.attacks.LinfAttack} is the base
 * type that projects every result onto the ε-ball and the pixel range. Members:
 * {@link io.github.prcv2021.attacks.Fgsm} (and FAST-FGSM), {@link io.github.prcv2021.attacks.Pgd}
 * (random start, restarts), and the transfer attacks ({@link io.github.prcv2021.attacks.TransferAttack},
 * with TI's {@link io.github.prcv2021.nn.GaussianKernel} and DI's
 * {@link io.github.prcv2021.attacks.InputDiversity}): {@link io.github.prcv2021.attacks.IterativeFgsm}
 * (I-, MI-, NI-FGSM) and the Adam-type {@link io.github.prcv2021.attacks.AdamTransferAttack} family,
 * {@link io.github.prcv2021.attacks.AiFgtm} here and MAI-FGPLM in paper 13's package.
 * {@link io.github.prcv2021.attacks.RobustAccuracy} (robust accuracy) and
 * {@link io.github.prcv2021.attacks.AttackMetrics} (transfer success rate, average perturbation size)
 * are the metrics.
 */
package io.github.prcv2021.attacks;
