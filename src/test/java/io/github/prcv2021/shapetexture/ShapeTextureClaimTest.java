package io.github.prcv2021.shapetexture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claim at quick scale, through the code of {@code ./prcv reproduce shape-texture}: per data
 * set 3,000 training and 1,000 test images, the 16-32-64 stand-in backbone pretrained one epoch and
 * frozen, then two epochs of Eq. 8 in batches of 64 (Adam 1e-3; 47 steps per epoch); 53-89 s in surefire on
 * the shared 2-core machine.
 *
 * <ol>
 *   <li>Table 1's Fashion-MNIST column: the learned shape weight exceeds the texture weight
 *       ({@code w_s > w_t}; the paper: 0.7968 vs 0.2032).
 *   <li>The texture view reads texture: on the control whose label is the texture, the texture view alone
 *       classifies at least 20 points better than on the control whose label is the silhouette (the same
 *       images with other labels). Measured 25.5 points for seed 1; over seeds 1-3 (one engine thread) the
 *       gain was 25.5, 12.0 and 50.1 points, so the threshold holds for this seed and for the mean, not
 *       for every seed (docs/papers/12-shape-texture.md).
 *   <li>The weights do <b>not</b> flip when the label is the texture, contrary to the reading that they
 *       follow the data: the shape view, even instance-normalised, classifies the textures better than
 *       the texture view, and the mixture likelihood favours the better view, so {@code w_s > w_t} on
 *       both controls. Asserted as the finding, so that a change that overturns it is noticed and
 *       docs/papers/12-shape-texture.md revised.
 * </ol>
 */
class ShapeTextureClaimTest {

    @Test
    void shapeWeightExceedsTextureWeightOnFashionMnistAndDoesNotFlipOnTextureLabels() {
        ShapeTextureReproduction repro = new ShapeTextureReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String m = ShapeTextureReproduction.MEAN;
        String fm = ShapeTextureReproduction.tableName("fashion-mnist");
        String cs = ShapeTextureReproduction.tableName("cues-shape");
        String ct = ShapeTextureReproduction.tableName("cues-texture");
        double ws = r.measured(fm, ShapeTextureReproduction.W_S, m);
        double wt = r.measured(fm, ShapeTextureReproduction.W_T, m);
        double wsShape = r.measured(cs, ShapeTextureReproduction.W_S, m);
        double wtShape = r.measured(cs, ShapeTextureReproduction.W_T, m);
        double wsTexture = r.measured(ct, ShapeTextureReproduction.W_S, m);
        double wtTexture = r.measured(ct, ShapeTextureReproduction.W_T, m);
        double texAccShape = r.measured(cs, ShapeTextureReproduction.ACC_T, m);
        double texAccTexture = r.measured(ct, ShapeTextureReproduction.ACC_T, m);
        System.out.printf(Locale.ROOT, "shape-texture claim: F-MNIST w_s %.4f w_t %.4f (accuracy %.2f%%, shape view %.2f%%, texture view "
                + "%.2f%%); cues by shape w_s %.4f w_t %.4f (texture view %.2f%%, shape view %.2f%%); cues by texture w_s %.4f w_t %.4f "
                + "(texture view %.2f%%, shape view %.2f%%) (%.0f s)%n", ws, wt, r.measured(fm, ShapeTextureReproduction.ACC_MIX, m),
                r.measured(fm, ShapeTextureReproduction.ACC_S, m), r.measured(fm, ShapeTextureReproduction.ACC_T, m), wsShape, wtShape,
                texAccShape, r.measured(cs, ShapeTextureReproduction.ACC_S, m), wsTexture, wtTexture, texAccTexture,
                r.measured(ct, ShapeTextureReproduction.ACC_S, m), r.getWallSeconds());
        // 1. Table 1's direction on Fashion-MNIST
        assertTrue(ws > wt, "Fashion-MNIST: w_s " + ws + " vs w_t " + wt);
        // 2. the texture view carries the texture cue
        assertTrue(texAccTexture > texAccShape + 20, "texture view accuracy: " + texAccTexture + "% (texture labels) vs "
                + texAccShape + "% (shape labels)");
        // 3. but the weights do not flip
        assertTrue(wsShape > wtShape && wsTexture > wtTexture, "cues by shape: w_s " + wsShape + " w_t " + wtShape
                + "; cues by texture: w_s " + wsTexture + " w_t " + wtTexture);
    }
}
