/**
 * InvICS: Bingfeng Sun, Jian Zhang, "Invertible Image Compressive Sensing", PRCV 2021, LNCS 13022,
 * pp. 548–560. A deep-unfolding block compressive-sensing network whose recovery phases are exact
 * bijections: a gradient step on the data term (Eq. 2–5, inverted by the Woodbury identity) and additive +
 * affine coupling between orthogonal 1×1 channel mixings (Eq. 6–11), acting on a z-channel state whose first
 * channel is the image estimate. Entry points: {@link io.github.prcv2021.invics.InvIcsNet},
 * {@link io.github.prcv2021.invics.InvIcsLoss}, the phases {@link io.github.prcv2021.invics.InvIcsPhase},
 * {@link io.github.prcv2021.invics.GradientDescentModule}, {@link io.github.prcv2021.invics.AdditiveAffineCoupling},
 * {@link io.github.prcv2021.invics.OrthogonalConv1x1}, and the reproduction
 * {@link io.github.prcv2021.invics.InvIcsReproduction}.
 */
package io.github.prcv2021.invics;
