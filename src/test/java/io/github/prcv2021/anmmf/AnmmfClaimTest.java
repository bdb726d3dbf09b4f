package io.github.prcv2021.anmmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claims at quick scale (900 scikit-learn digits, raw pixels, m = k = 10, λ₂ = 1000,
 * λ₁ = 0.01, P = 3, 100 sweeps after 100 NMF iterations, 3 seeds, k-means with 10 restarts; about 50 s).
 * Measured (seed 1): ACC NMF 0.727, GNMF 0.784, 3 × GNMF with λ₁ = 0 0.749, ANMMF 0.749.
 *
 * <ol>
 *   <li>Theorem 1: the objective never rises, in any run of any method.
 *   <li>The graph term helps (the GNMF line of the paper's Table 2): GNMF's ACC is at least 2 points above
 *       NMF's.
 *   <li>At the paper's λ₁ the HSIC term barely matters: ANMMF is within 2 points of the same three
 *       factorisations without it (the control the paper omits; measured: identical partitions).
 *   <li>The paper's headline, ANMMF above GNMF (+3.0 ACC on ORL), is <b>not</b> reproduced here: ANMMF's
 *       ACC stays below GNMF's + 1.5 points (measured −3.5). Asserted as the finding, so that a change
 *       that overturns it is noticed and docs/papers/06-anmmf.md revised.
 * </ol>
 */
class AnmmfClaimTest {

    @Test
    void objectiveNeverRisesButHsicAddsNothingMeasurableOverGnmf() {
        AnmmfReproduction repro = new AnmmfReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = "digits (900 x 64)";
        double nmf = r.measured(t, AnmmfReproduction.NMF, AnmmfReproduction.ACC);
        double gnmf = r.measured(t, AnmmfReproduction.GNMF, AnmmfReproduction.ACC);
        double control = r.measured(t, AnmmfReproduction.CONTROL, AnmmfReproduction.ACC);
        double anmmf = r.measured(t, AnmmfReproduction.ANMMF, AnmmfReproduction.ACC);
        double increases = 0;
        for (String m : new String[] {AnmmfReproduction.NMF, AnmmfReproduction.GNMF, AnmmfReproduction.CONTROL,
            AnmmfReproduction.ANMMF}) {
            increases += r.measured(t, m, AnmmfReproduction.MONOTONE);
        }
        System.out.printf(Locale.ROOT, "ANMMF claim: ACC NMF %.4f, GNMF %.4f, control %.4f, ANMMF %.4f; NMI GNMF %.4f, ANMMF %.4f; "
                + "objective increases %.0f (%.0f s)%n", nmf, gnmf, control, anmmf,
                r.measured(t, AnmmfReproduction.GNMF, AnmmfReproduction.NMI), r.measured(t, AnmmfReproduction.ANMMF, AnmmfReproduction.NMI),
                increases, r.getWallSeconds());
        assertEquals(0, increases, "sweeps where the objective rose");
        assertTrue(gnmf >= nmf + 0.02, "GNMF " + gnmf + " vs NMF " + nmf);
        assertTrue(Math.abs(anmmf - control) <= 0.02, "ANMMF " + anmmf + " vs the lambda1 = 0 control " + control);
        assertTrue(anmmf < gnmf + 0.015, "ANMMF now beats GNMF by 1.5 points: " + anmmf + " vs " + gnmf
                + "; revise docs/papers/06-anmmf.md and this test");
    }
}
