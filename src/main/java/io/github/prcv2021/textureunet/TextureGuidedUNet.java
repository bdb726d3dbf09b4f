package io.github.prcv2021.textureunet;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import io.github.prcv2021.core.Checks;
import io.github.prcv2021.nn.UNet;

/**
 * The texture-guided U-Net (Sect. 2, Fig. 1) and its plain U-Net baseline, both on {@link UNet}. The
 * texture-guided one replaces the down-sampling layers by T-Down blocks ({@link PacConv2d}, 3×3, stride 2,
 * then BN and ReLU) and the up-sampling layers by T-Up blocks ({@link PacConvTranspose2d}, 3×3, stride 2,
 * padding 1, output padding 1), the blocks of level k guided by group k of a {@link TextureGuidance}. The
 * baseline has the same layers without adaptation: a stride-2 3×3 convolution with BN and ReLU down, a 3×3
 * stride-2 transposed convolution up (what a constant guidance reduces the PAC blocks to), so the two differ
 * only by the guidance. Kernel sizes, widths and the BN after T-Down are not specified by the paper.
 */
public final class TextureGuidedUNet {

    private TextureGuidedUNet() {}

    /** T-Down samplers: a stride-2 PAC (Eq. 2) on {@code NDList(x, G_k)}, then BN and ReLU. */
    public static UNet.Sampler tDown() {
        return (level, in, out) -> new SequentialBlock()
                .add(PacConv2d.builder().setFilters(out).optKernelSize(3).optStride(2).optPadding(1).optBias(false).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    /** T-Up samplers: a stride-2 PAC transposed convolution on {@code NDList(x, G_k)}, G_k at the output size. */
    public static UNet.Sampler tUp() {
        return (level, in, out) -> PacConvTranspose2d.builder().setFilters(out).optKernelSize(3).optStride(2).optPadding(1)
                .optOutputPadding(1).build();
    }

    /**
     * The texture-guided U-Net.
     *
     * @param baseWidth C, the width of level 0 (the paper's 2.29 M parameters suggest 16)
     * @param levels f, the down-sampling steps (the paper: 4)
     * @param groupChannels guidance channels per level (default reading: 8)
     * @param deepSupervision whether to output side predictions for {@link DeepSupervisionLoss} (the paper: yes)
     */
    public static UNet textureGuided(int baseWidth, int levels, int groupChannels, boolean deepSupervision) {
        Checks.positive(baseWidth, "TextureGuidedUNet", "baseWidth");
        return UNet.builder().optBaseWidth(baseWidth).optLevels(levels).optDown(tDown()).optUp(tUp())
                .optGuidance(TextureGuidance.builder().setLevels(levels).optGroupChannels(groupChannels).build())
                .optDeepSupervision(deepSupervision).build();
    }

    /** The plain U-Net baseline with the same layers unguided: strided convolution down, transposed convolution up. */
    public static UNet plain(int baseWidth, int levels, boolean deepSupervision) {
        Checks.positive(baseWidth, "TextureGuidedUNet", "baseWidth");
        return UNet.builder().optBaseWidth(baseWidth).optLevels(levels).optDown(UNet.stridedConv())
                .optUp(UNet.transposedConv(3, 1, 1)).optDeepSupervision(deepSupervision).build();
    }
}
