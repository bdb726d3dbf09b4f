package io.github.prcv2021.fpsora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claims at quick scale: Fashion-MNIST, 50 test images per class (n = 500 &lt; p = 784), unit-L2
 * rows, k = 5, σ = 1, d = 20, P₀ = PCA, at most 50 iterations; k-means++ 20 times per embedding with the same
 * seeds for every method; 26.5 s on the idle 2-core machine, 53 s at load 7. Measured (seed 1): ACC raw k-means 52.31, PCA 52.07, LPP 38.85, FPSORA 52.90,
 * FPSORA after one iteration 53.69, FPSORA from P₀ = LPP 50.33; NMI PCA 60.23, FPSORA 58.57; the objective
 * fell to 0.81 of J₀ in 50 iterations without a single rise, while ‖Z‖²_F fell to 0.52 of its start and the
 * scale-free quotient J / ‖Z‖²_F rose to 1.56 times its start.
 *
 * <ol>
 *   <li>Eq. 12: the objective never rises, and it falls by at least 10 %.
 *   <li>The fall is a contraction: the scale-free quotient J / ‖Z‖²_F (not in the paper) ends above where it
 *       started, i.e. relative to its spread the embedding became less smooth on the graph, not more.
 *   <li>The paper's headline, FPSORA well above PCA (+11.2, +6.0, +5.7 ACC points on JAFFE, Yale, ETH80), is
 *       <b>not</b> reproduced: FPSORA's ACC is within 3 points of PCA's (measured +0.8, inside one standard
 *       deviation of the k-means runs, 4.1) and its NMI is not above PCA's + 1 (measured −1.7). Asserted as the
 *       finding, so that a change that overturns it is noticed and docs/papers/19-fpsora.md revised.
 *   <li>What FPSORA does do here: from a poor start it recovers most of the way. From P₀ = LPP (ACC 38.9) it
 *       reaches at least 5 points more (measured +11.5).
 * </ol>
 */
class FpsoraClaimTest {

    @Test
    void objectiveIsMonotoneButTheAccuracyGainOverPcaIsNotReproduced() {
        FpsoraReproduction repro = new FpsoraReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = "fashion-mnist (500 x 784)";
        double raw = r.measured(t, FpsoraReproduction.RAW, FpsoraReproduction.ACC);
        double pca = r.measured(t, FpsoraReproduction.PCA, FpsoraReproduction.ACC);
        double lpp = r.measured(t, FpsoraReproduction.LPP, FpsoraReproduction.ACC);
        double fps = r.measured(t, FpsoraReproduction.FPSORA, FpsoraReproduction.ACC);
        double fps1 = r.measured(t, FpsoraReproduction.FPSORA_1, FpsoraReproduction.ACC);
        double fpsLpp = r.measured(t, FpsoraReproduction.FPSORA_LPP, FpsoraReproduction.ACC);
        double pcaNmi = r.measured(t, FpsoraReproduction.PCA, FpsoraReproduction.NMI);
        double fpsNmi = r.measured(t, FpsoraReproduction.FPSORA, FpsoraReproduction.NMI);
        double increases = r.measured(t, FpsoraReproduction.FPSORA, FpsoraReproduction.INCREASES);
        double ratio = r.measured(t, FpsoraReproduction.FPSORA, FpsoraReproduction.OBJECTIVE_RATIO);
        double quotient = r.measured(t, FpsoraReproduction.FPSORA, FpsoraReproduction.QUOTIENT_RATIO);
        System.out.printf(Locale.ROOT, "FPSORA claim: ACC raw %.2f, PCA %.2f, LPP %.2f, FPSORA %.2f, 1 iteration %.2f, "
                + "P0=LPP %.2f; NMI PCA %.2f, FPSORA %.2f; J_T/J_0 %.3f, quotient ratio %.3f, increases %.0f (%.0f s)%n", raw, pca,
                lpp, fps, fps1, fpsLpp, pcaNmi, fpsNmi, ratio, quotient, increases, r.getWallSeconds());
        assertEquals(0, increases, "iterations where the objective rose");
        assertTrue(ratio < 0.9, "J_T / J_0 = " + ratio);
        assertTrue(quotient > 1, "J / |Z|^2 fell over the run (" + quotient + "): revise docs/papers/19-fpsora.md");
        assertTrue(Math.abs(fps - pca) <= 3, "FPSORA ACC " + fps + " vs PCA " + pca);
        assertTrue(fpsNmi <= pcaNmi + 1, "FPSORA NMI now beats PCA's by a point: " + fpsNmi + " vs " + pcaNmi
                + "; revise docs/papers/19-fpsora.md and this test");
        assertTrue(fpsLpp >= lpp + 5, "FPSORA from P0 = LPP " + fpsLpp + " vs LPP " + lpp);
    }
}
