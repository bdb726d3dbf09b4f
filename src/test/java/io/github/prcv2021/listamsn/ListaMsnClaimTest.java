package io.github.prcv2021.listamsn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claims at quick scale, through the reproduction (synthetic 64 × 256 Gaussian dictionary,
 * 3,000 training and 1,000 test signals, λ = 0.5 λ_max, depth K = 10; LISTA on the MSE to z*, LISTA-MSN
 * with and without the shrinkage of the centres on the mixture NLL, 20 epochs each; 54-62 s on 2 cores).
 * Measured (seed 1): prediction error ISTA 4.917, LISTA 4.657, LISTA-MSN 4.027-4.045; function-value
 * error ISTA 0.0228, LISTA 0.0173, LISTA-MSN 1.19-1.20; zeros with/without shrinkage 63%/51%, exact
 * 40-42%/0-0.04% (the last is one entry of the codes: runs are not bit-identical between JVM histories).
 *
 * <ol>
 *   <li>Table 1: the shrinkage of the centres is what makes the codes sparse: with it a large share of
 *       the code entries is exactly zero (at least 30%), without it almost none is (under 0.5%), and the share of entries
 *       with |z| ≤ 0.01 is at least 5 points higher with it. The paper's size (97.6% vs 35.7%) is
 *       <b>not</b> reached: with shrinkage our share stays below 90% (asserted, so that a change that
 *       reaches it is noticed and the documentation revised).
 *   <li>Learned beats classic at equal depth: LISTA's function-value error and prediction error are
 *       below ISTA's after the same 10 layers/iterations.
 *   <li>The headline: LISTA-MSN's prediction error mean ‖x − Dz‖² is not worse than LISTA's by more
 *       than 5%.
 * </ol>
 */
class ListaMsnClaimTest {

    @Test
    void shrinkageMakesTheCodesSparseLearnedBeatsClassicAndMsnIsNotWorse() {
        ListaMsnReproduction repro = new ListaMsnReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String t = "synthetic, depth 10";
        String t1 = "synthetic: Table 1, zeros in the final codes (%), depth 10";
        double peIsta = r.measured(t, ListaMsnReproduction.ISTA, ListaMsnReproduction.PE);
        double peLista = r.measured(t, "LISTA", ListaMsnReproduction.PE);
        double peMsn = r.measured(t, "LISTA-MSN", ListaMsnReproduction.PE);
        double fveIsta = r.measured(t, ListaMsnReproduction.ISTA, ListaMsnReproduction.FVE);
        double fveFista = r.measured(t, ListaMsnReproduction.FISTA, ListaMsnReproduction.FVE);
        double fveLista = r.measured(t, "LISTA", ListaMsnReproduction.FVE);
        double fveMsn = r.measured(t, "LISTA-MSN", ListaMsnReproduction.FVE);
        double with = r.measured(t1, "LISTA-MSN with sparse regulation", ListaMsnReproduction.SPARSITY);
        double without = r.measured(t1, "LISTA-MSN without", ListaMsnReproduction.SPARSITY);
        double exactWith = r.measured(t1, "LISTA-MSN with sparse regulation", ListaMsnReproduction.EXACT);
        double exactWithout = r.measured(t1, "LISTA-MSN without", ListaMsnReproduction.EXACT);
        System.out.printf(Locale.ROOT, "LISTA-MSN claim: PE ISTA %.4f, LISTA %.4f, LISTA-MSN %.4f (%+.1f%%); FVE ISTA %.4f, FISTA %.4f, "
                + "LISTA %.4f (%.2fx lower than ISTA), LISTA-MSN %.4f; zeros with/without shrinkage %.1f%%/%.1f%% (exact %.1f%%/%.1f%%) "
                + "(%.0f s)%n", peIsta, peLista, peMsn, 100 * (peMsn / peLista - 1), fveIsta, fveFista, fveLista, fveIsta / fveLista,
                fveMsn, with, without, exactWith, exactWithout, r.getWallSeconds());
        assertTrue(exactWith >= 30, "exact zeros with shrinkage " + exactWith);
        assertTrue(exactWithout < 0.5, "exact zeros without shrinkage " + exactWithout);
        assertTrue(with >= without + 5, "zeros with shrinkage " + with + " vs without " + without);
        assertTrue(fveLista < fveIsta && peLista < peIsta, "LISTA vs ISTA at K = 10: FVE " + fveLista + " vs " + fveIsta + ", PE "
                + peLista + " vs " + peIsta);
        assertTrue(peMsn <= 1.05 * peLista, "prediction error LISTA-MSN " + peMsn + " vs LISTA " + peLista);
        assertTrue(with < 90, "the shrunk codes now reach the paper's sparsity (" + with + "%); revise docs/papers/32-lista-msn.md "
                + "and this test");
    }
}
