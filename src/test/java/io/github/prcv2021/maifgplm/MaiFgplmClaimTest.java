package io.github.prcv2021.maifgplm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claims at quick scale (Fashion-MNIST; a cnn:3:32-64:128 surrogate and three held-out
 * targets, a 5×5 CNN, an MLP and an ensemble-adversarially trained 5×5 CNN, plus R&amp;P in front of it,
 * each trained one epoch on 20,000 images; 500 test images attacked at ε = 0.1 with T = 10; about 60
 * CPU-seconds on 2 cores). Measured (seed 1): APS of NI-TI-DI-AITM 12.00, +PL 11.03, +MIX 12.43, +GR
 * 12.23, NI-TI-DI-MAILM 11.79; average transfer ASR 28.35 vs 29.10; white-box ASR of AI-FGTM 92.2 and
 * MAI-FGPLM 93.2.
 *
 * <ol>
 *   <li>Both Adam-type attacks are effective white-box attacks: ASR ≥ 90% on the surrogate without DI
 *       (DI's resize-and-pad on 28×28 images halves white-box success for every attack).
 *   <li>PL lowers the perturbation size (Table 2, 8.11 → 7.31, −10%): here at least 5% (measured −8%).
 *   <li>MIX raises it slightly (Table 2, 8.11 → 8.21): here APS(+MIX) &gt; APS(NI-TI-DI-AITM).
 *   <li>Transfer is not worse: NI-TI-DI-MAILM's average transfer ASR is at most 1 point below
 *       NI-TI-DI-AITM's (the paper: 2.1 points above).
 *   <li>The headline 14% APS reduction (8.11 → 7.00) is <b>not</b> reproduced: here it is under 10%
 *       (measured 1.75%), because the gradient-regularisation term raises APS on these small, smooth
 *       gradients instead of lowering it (docs/papers/13-mai-fgplm.md). Asserted so that a change that
 *       overturns it is noticed and the documentation revised.
 * </ol>
 */
class MaiFgplmClaimTest {

    @Test
    void plShrinksThePerturbationWithoutCostingTransferButTheHeadlineReductionIsSmaller() {
        MaiFgplmReproduction repro = new MaiFgplmReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = "Fashion-MNIST, surrogate cnn:3:32-64:128";
        double apsAitm = r.measured(t, MaiFgplmReproduction.NI_TI_DI_AITM, MaiFgplmReproduction.APS);
        double apsPl = r.measured(t, MaiFgplmReproduction.PL, MaiFgplmReproduction.APS);
        double apsMix = r.measured(t, MaiFgplmReproduction.MIX, MaiFgplmReproduction.APS);
        double apsGr = r.measured(t, MaiFgplmReproduction.GR, MaiFgplmReproduction.APS);
        double apsMailm = r.measured(t, MaiFgplmReproduction.NI_TI_DI_MAILM, MaiFgplmReproduction.APS);
        double asrAitm = r.measured(t, MaiFgplmReproduction.NI_TI_DI_AITM, MaiFgplmReproduction.AVG);
        double asrMailm = r.measured(t, MaiFgplmReproduction.NI_TI_DI_MAILM, MaiFgplmReproduction.AVG);
        double wbAi = r.measured(t, MaiFgplmReproduction.AI_FGTM, MaiFgplmReproduction.WHITE_BOX);
        double wbMai = r.measured(t, MaiFgplmReproduction.MAI_FGPLM, MaiFgplmReproduction.WHITE_BOX);
        System.out.printf(Locale.ROOT, "MAI-FGPLM claim: APS NI-TI-DI-AITM %.2f, +PL %.2f, +MIX %.2f, +GR %.2f, "
                + "NI-TI-DI-MAILM %.2f (%.1f%%); transfer ASR %.2f vs %.2f; white-box AI-FGTM %.1f, MAI-FGPLM %.1f (%.0f s)%n",
                apsAitm, apsPl, apsMix, apsGr, apsMailm, 100 * (apsMailm / apsAitm - 1), asrAitm, asrMailm, wbAi, wbMai,
                r.getWallSeconds());
        assertTrue(wbAi >= 90 && wbMai >= 90, "white-box ASR: AI-FGTM " + wbAi + ", MAI-FGPLM " + wbMai);
        assertTrue(apsPl <= 0.95 * apsAitm, "APS with PL " + apsPl + " vs " + apsAitm);
        assertTrue(apsMix > apsAitm, "APS with MIX " + apsMix + " vs " + apsAitm);
        assertTrue(asrMailm >= asrAitm - 1, "transfer ASR: MAILM " + asrMailm + " vs AITM " + asrAitm);
        assertTrue(apsMailm > 0.9 * apsAitm, "the headline APS reduction now reaches 10%: " + apsMailm + " vs " + apsAitm
                + "; revise docs/papers/13-mai-fgplm.md and this test");
    }
}
