package io.github.prcv2021.listamsn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/** ISTA and FISTA against the LASSO optimality conditions and each other. */
class IstaTest {

    @Test
    void fistaReachesTheLassoOptimumByTheKktConditions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SparseCodingData data = SparseCodingData.gaussian(manager, 16, 40, 8, 8, 0.5f, 3000, 7);
            float lambda = data.lambda();
            NDArray z = data.zTrain();
            // KKT of min ½‖x − Dz‖² + λ‖z‖₁: g = Dᵀ(x − Dz) equals λ·sign(z_j) on the support and |g_j| ≤ λ off it
            float[] g = SparseCoding.residual(data.dictionary(), data.xTrain(), z).matMul(data.dictionary()).toFloatArray();
            float[] zz = z.toFloatArray();
            int support = 0;
            for (int i = 0; i < zz.length; i++) {
                if (zz[i] != 0) {
                    support++;
                    assertEquals(lambda * Math.signum(zz[i]), g[i], 1e-4, "gradient on the support at " + i);
                } else {
                    assertTrue(Math.abs(g[i]) <= lambda + 1e-4, "subgradient off the support at " + i + ": " + g[i]);
                }
            }
            assertTrue(support > 0 && support < zz.length, "support " + support);
        }
    }

    @Test
    void istaConvergesToTheSameObjectiveAndFistaIsFaster() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SparseCodingData data = SparseCodingData.gaussian(manager, 16, 40, 32, 8, 0.5f, 3000, 11);
            NDArray d = data.dictionary();
            NDArray x = data.xTrain();
            float l = data.lipschitz();
            double opt = SparseCoding.objective(d, x, data.zTrain(), 0.5f).mean().getFloat();
            double istaLong = SparseCoding.objective(d, x, Ista.ista(d, x, 0.5f, l, 5000), 0.5f).mean().getFloat();
            assertEquals(opt, istaLong, 1e-5 * Math.max(1, opt));
            for (int k : new int[] {20, 50}) {
                double ista = SparseCoding.objective(d, x, Ista.ista(d, x, 0.5f, l, k), 0.5f).mean().getFloat() - opt;
                double fista = SparseCoding.objective(d, x, Ista.fista(d, x, 0.5f, l, k), 0.5f).mean().getFloat() - opt;
                assertTrue(ista > 0 && fista < ista, "K = " + k + ": FISTA gap " + fista + " vs ISTA gap " + ista);
            }
        }
    }

    @Test
    void zeroIterationsGiveZero() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SparseCodingData data = SparseCodingData.gaussian(manager, 8, 12, 4, 4, 0.5f, 10, 3);
            NDArray z = Ista.fista(data.dictionary(), data.xTest(), 0.5f, data.lipschitz(), 0);
            assertEquals(0f, z.abs().sum().getFloat());
        }
    }
}
