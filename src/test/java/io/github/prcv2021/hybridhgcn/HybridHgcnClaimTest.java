package io.github.prcv2021.hybridhgcn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.prcv2021.repro.Result;
import io.github.prcv2021.repro.RunContext;
import io.github.prcv2021.repro.Runner;
import io.github.prcv2021.repro.Scale;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The paper's claim at quick scale: hybrid higher-order neighbourhoods help where multi-hop information
 * matters, and cost nothing measurable on a dense kNN hypergraph (where the paper's own gains are below
 * one point). HGNN and HybridHGCN {1, 2, 3} (shared weights, max fusion, Ĥ^(k) from H^k with counts) are
 * trained on the same graph, split and initialisation seed: Adam 0.01, weight decay 5e-4, dropout 0.5,
 * hidden 32, 100 full-batch epochs.
 *
 * <ol>
 *   <li>Sparse SBM hypergraph (n = 1000, 5 classes, expected degrees 2 in / 0.2 out, H = A + I, 100-d
 *       features 0.1 · class mean + N(0, 1), 2 labels per class), 10 paired seeds: HybridHGCN beats HGNN
 *       in at least 8 of 10 seeds with a mean gain of at least 2 points. Measured (seed 1): HGNN 47.5 ± 4.7,
 *       Hybrid 56.0 ± 5.6, gain +8.5 ± 3.4 points, 10/10 wins (the specification's numpy calibration: +4.4 ±
 *       2.3, 10/10).
 *   <li>Fashion-MNIST kNN hypergraph (1,000 test images, raw pixels, k = 10, HGNN-code weights, 10 labels
 *       per class, 5 seeds): |Hybrid − HGNN| ≤ 2 points. Measured: HGNN 68.2 ± 1.9, Hybrid 68.0 ± 3.1,
 *       gain −0.2.
 * </ol>
 * Measured wall time 46 s on the 2 shared cores at load 3.9–4.6 (62 s at load 7.2–7.4, other jobs running).
 * See docs/papers/09-hybrid-hgcn.md.
 */
class HybridHgcnClaimTest {

    @Test
    void hybridNeighbourhoodsHelpOnSparseHypergraphsAndAreNeutralOnDenseKnn() {
        HybridHgcnReproduction repro = new HybridHgcnReproduction();
        Result r = Runner.run(repro, repro.defaults(Scale.QUICK), RunContext.quiet(Scale.QUICK, 1));
        String sbm = HybridHgcnReproduction.SBM_TABLE;
        String gain = HybridHgcnReproduction.GAIN;
        double hgnn = r.measured(sbm, HybridHgcnReproduction.HGNN, HybridHgcnReproduction.ACC);
        double hybrid = r.measured(sbm, HybridHgcnReproduction.HYBRID, HybridHgcnReproduction.ACC);
        double meanGain = r.measured(sbm, gain, HybridHgcnReproduction.MEAN);
        double wins = r.measured(sbm, gain, HybridHgcnReproduction.WINS);
        double runs = r.measured(sbm, gain, HybridHgcnReproduction.RUNS);
        String knn = HybridHgcnReproduction.GUARD_TABLE;
        double knnHgnn = r.measured(knn, HybridHgcnReproduction.HGNN, HybridHgcnReproduction.ACC);
        double knnHybrid = r.measured(knn, HybridHgcnReproduction.HYBRID, HybridHgcnReproduction.ACC);
        System.out.printf(Locale.ROOT, "HybridHGCN claim: SBM HGNN %.2f, Hybrid %.2f, gain %.2f, wins %.0f/%.0f; "
                + "Fashion-MNIST kNN HGNN %.2f, Hybrid %.2f (%.0f s)%n", hgnn, hybrid, meanGain, wins, runs, knnHgnn, knnHybrid,
                r.getWallSeconds());
        assertTrue(runs == 10, "paired seeds " + runs);
        assertTrue(wins >= 8, "Hybrid wins only " + wins + " of " + runs + " paired seeds");
        assertTrue(meanGain >= 2, "mean paired gain " + meanGain + " points");
        assertTrue(Math.abs(knnHybrid - knnHgnn) <= 2, "kNN guard: Hybrid " + knnHybrid + " vs HGNN " + knnHgnn);
    }
}
