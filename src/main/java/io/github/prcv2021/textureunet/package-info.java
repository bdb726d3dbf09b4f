/**
 * Paper 04: Ziyue Zhang, Zexuan Ji, Qiang Chen, Songtao Yuan, Wen Fan, "Texture-Guided U-Net for
 * OCT-to-OCTA Generation", PRCV 2021, Part IV, LNCS 13022, pp. 42–52.
 *
 * <p>A U-Net whose down- and up-sampling layers are pixel-adaptive convolutions ({@link PacConv2d},
 * {@link PacConvTranspose2d}, Eq. 2, after Su et al. CVPR 2019) guided by learnable texture features of the
 * input ({@link TextureGuidance}: Haar wavelet sub-bands and three convolutions), trained with the Image
 * Euclidean Distance ({@link ImedLoss}, Eq. 3) under deep supervision ({@link DeepSupervisionLoss}).
 * {@link TextureGuidedUNet} assembles the network and its plain U-Net baseline on {@link io.github.prcv2021.nn.UNet};
 * {@link RetinaVessels} is the offline stand-in task (speckled fundus green channel to a ridge map).
 */
package io.github.prcv2021.textureunet;
