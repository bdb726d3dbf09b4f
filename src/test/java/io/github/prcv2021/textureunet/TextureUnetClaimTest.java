package io.github.prcv2021.textureunet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's comparison at quick scale, a short smoke-sized training: U-Net + MSE against the texture-guided
 * U-Net + IMED (deep supervision), C = 8, 3 levels, 250 Adam steps (lr 1e-3) of 8 random 32×32 crops of the
 * retina speckle-to-ridge task ({@link RetinaVessels}, 256² image), 16 fixed test tiles. Measured (seed 1, 73 s at
 * load 6.4–7 with two other jobs on the 2 cores): test MSE (0–255) input 5011.2, constant 1960.2, U-Net + MSE
 * 1882.7 (SSIM 0.187), TG-U-Net + IMED 2573.5 (SSIM 0.053); loss first/last 20 steps 18.3 and 6.7. At full
 * scale (800 steps, 2 seeds) the order flips: TG-U-Net + IMED 1785 against U-Net + MSE 2711.
 *
 * <ol>
 *   <li>Both networks train: the mean loss of the last 20 steps is at most half that of the first 20.
 *   <li>Both beat the trivial "output the speckled input" predictor on test MSE.
 *   <li>The paper's headline (−13.5 % MSE for its method against the U-Net, Table 1) is <b>not</b> reproduced at
 *       this budget: the texture-guided network's test MSE is not below 0.865 × the U-Net's. At 250 steps neither
 *       network is yet clearly below the constant predictor, so this records the state of a short run, not a
 *       verdict on the method; asserted as the finding so that a change which overturns it is noticed and the doc
 *       page revised.
 * </ol>
 */
class TextureUnetClaimTest {

    @Test
    void bothNetworksTrainButThePapersMseGainDoesNotShowAtQuickScale() {
        TextureUnetReproduction repro = new TextureUnetReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = TextureUnetReproduction.TABLE;
        double unet = r.measured(t, TextureUnetReproduction.UNET_MSE, TextureUnetReproduction.MSE);
        double tg = r.measured(t, TextureUnetReproduction.TG_IMED, TextureUnetReproduction.MSE);
        double input = r.measured(t, TextureUnetReproduction.INPUT, TextureUnetReproduction.MSE);
        double constant = r.measured(t, TextureUnetReproduction.CONSTANT, TextureUnetReproduction.MSE);
        double dropU = r.measured(t, TextureUnetReproduction.UNET_MSE, TextureUnetReproduction.LOSS_DROP);
        double dropTg = r.measured(t, TextureUnetReproduction.TG_IMED, TextureUnetReproduction.LOSS_DROP);
        System.out.printf(Locale.ROOT, "TG-U-Net claim: MSE input %.1f, constant %.1f, U-Net+MSE %.1f (SSIM %.3f), TG-U-Net+IMED "
                + "%.1f (SSIM %.3f); loss first/last U-Net %.2f, TG %.2f (%.0f s)%n", input, constant, unet,
                r.measured(t, TextureUnetReproduction.UNET_MSE, TextureUnetReproduction.SSIM), tg,
                r.measured(t, TextureUnetReproduction.TG_IMED, TextureUnetReproduction.SSIM), dropU, dropTg, r.getWallSeconds());
        assertTrue(dropU >= 2, "U-Net loss first/last " + dropU);
        assertTrue(dropTg >= 2, "TG-U-Net loss first/last " + dropTg);
        assertTrue(unet < input && tg < input, "MSE U-Net " + unet + ", TG " + tg + " vs input " + input);
        assertTrue(tg > 0.865 * unet, "TG-U-Net now shows the paper's MSE gain: " + tg + " vs U-Net " + unet
                + "; revise docs/papers/04-texture-unet.md and this test");
    }
}
