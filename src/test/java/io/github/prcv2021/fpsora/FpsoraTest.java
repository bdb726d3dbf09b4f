package io.github.prcv2021.fpsora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.graph.Graphs;
import io.github.prcv2021.linalg.Linalg;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FpsoraTest {

    /** Three Gaussian blobs in p dimensions, n samples (row-major). */
    private static double[] blobs(int n, int p, double spread, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[3][p];
        for (double[] c : centres) {
            for (int f = 0; f < p; f++) {
                c[f] = r.nextGaussian();
            }
        }
        double[] x = new double[n * p];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < p; f++) {
                x[i * p + f] = centres[i % 3][f] + spread * r.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void optimalWeightsArePositiveAndSumToOne() {
        Random r = new Random(3);
        for (int trial = 0; trial < 20; trial++) {
            double[] d = new double[1 + r.nextInt(12)];
            for (int j = 0; j < d.length; j++) {
                d[j] = r.nextDouble() * 5;
            }
            double[] mu = Fpsora.optimalWeights(d);
            double sum = 0;
            for (double m : mu) {
                assertTrue(m > 0, "mu " + m);
                sum += m;
            }
            assertEquals(1, sum, 1e-12);
        }
    }

    @Test
    void closedFormEqualsTheKktLinearSystemOfEq9() {
        Random r = new Random(5);
        int k = 6;
        double[] d = new double[k];
        for (int j = 0; j < k; j++) {
            d[j] = 0.1 + r.nextDouble() * 3;
        }
        // [Lambda e; e^T 0] [mu; lambda] = [0; 1]
        double[] a = new double[(k + 1) * (k + 1)];
        for (int j = 0; j < k; j++) {
            a[j * (k + 1) + j] = d[j];
            a[j * (k + 1) + k] = 1;
            a[k * (k + 1) + j] = 1;
        }
        double[] b = new double[k + 1];
        b[k] = 1;
        try (NDManager m = NDManager.newBaseManager()) {
            double[] sol = Linalg.solve(m.create(a, new Shape(k + 1, k + 1)), m.create(b)).toDoubleArray();
            double[] mu = Fpsora.optimalWeights(d);
            assertArrayEquals(java.util.Arrays.copyOf(sol, k), mu, 1e-12);
            double inv = 0;
            for (double v : d) {
                inv += 1 / v;
            }
            assertEquals(-1 / inv, sol[k], 1e-12, "the multiplier lambda = -1 / sum(1/d)");
        }
    }

    @Test
    void closedFormBeatsEveryFeasiblePerturbation() {
        double[] d = {0.5, 1.0, 2.0, 4.0};
        double[] mu = Fpsora.optimalWeights(d);
        double best = value(mu, d);
        Random r = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            double[] v = mu.clone();
            int i = r.nextInt(4);
            int j = (i + 1 + r.nextInt(3)) % 4;
            double e = (r.nextDouble() - 0.5) * 0.2;
            v[i] += e;
            v[j] -= e; // stays on sum = 1
            assertTrue(value(v, d) >= best - 1e-15);
        }
        assertEquals(0.5 / (2 + 1 + 0.5 + 0.25), best, 1e-12, "optimal value 1/2 / sum(1/d)");
    }

    private static double value(double[] mu, double[] d) {
        double s = 0;
        for (int j = 0; j < mu.length; j++) {
            s += mu[j] * mu[j] * d[j];
        }
        return s / 2;
    }

    @Test
    void psdRootsSquareBackAndPseudoInverseIdentitiesHold() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(40, 5, 0.3, 2), new Shape(40, 5));
            NDArray w = Graphs.knnAffinity(x, 6, 1.0);
            NDArray l = Graphs.laplacian(w);
            try (PsdRoots roots = PsdRoots.of(l, 1e-10)) {
                NDArray r = roots.root();
                NDArray rp = roots.pinvRoot();
                assertEquals(0, r.matMul(r).sub(l).abs().max().getDouble(), 1e-10, "L^{1/2} L^{1/2} = L");
                assertEquals(0, r.matMul(rp).matMul(r).sub(r).abs().max().getDouble(), 1e-9, "R R+ R = R");
                assertEquals(0, rp.matMul(r).matMul(rp).sub(rp).abs().max().getDouble(), 1e-8, "R+ R R+ = R+");
                assertEquals(0, r.matMul(rp).sub(r.matMul(rp).transpose()).abs().max().getDouble(), 1e-9, "R R+ symmetric");
                int comps = roots.nullity();
                // connected: R R+ is the projector I - 11^T/n
                if (comps == 1) {
                    NDArray proj = m.eye(40, 40, 0, DataType.FLOAT64).sub(m.ones(new Shape(40, 40), DataType.FLOAT64).div(40));
                    assertEquals(0, r.matMul(rp).sub(proj).abs().max().getDouble(), 1e-9);
                }
            }
        }
    }

    @Test
    void nullityAndComponentsCountDisconnectedGraphs() {
        // two far-apart clumps: a 3-NN graph has two components
        double[] x = new double[20 * 2];
        Random r = new Random(4);
        for (int i = 0; i < 20; i++) {
            x[2 * i] = (i < 10 ? 0 : 100) + r.nextDouble();
            x[2 * i + 1] = r.nextDouble();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray xs = m.create(x, new Shape(20, 2));
            int[][] nb = Graphs.nearestNeighbours(xs, 3);
            assertEquals(2, Fpsora.components(nb));
            NDArray l = Graphs.laplacian(Graphs.knnAffinity(xs, 3, 1.0));
            try (PsdRoots roots = PsdRoots.of(l, 1e-10)) {
                assertEquals(2, roots.nullity());
            }
            Fpsora.Builder b = Fpsora.builder().setTargetDim(1).optNeighbours(3).optSigma(100)
                    .optSampleNormalization(Fpsora.SampleNormalization.NONE);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.optConnectivity(Fpsora.Connectivity.FAIL).build().fit(xs));
            assertTrue(e.getMessage().contains("2 components"), e.getMessage());
            try (Fpsora.Result raised = b.optConnectivity(Fpsora.Connectivity.RAISE_K).build().fit(xs)) {
                assertEquals(1, raised.components());
                assertEquals(10, raised.neighboursUsed(), "k must reach 10 for a 10 + 10 split to connect");
                assertEquals(1, raised.nullity());
            }
            try (Fpsora.Result kept = b.optConnectivity(Fpsora.Connectivity.WARN).build().fit(xs)) {
                assertEquals(2, kept.components());
                assertEquals(2, kept.nullity());
            }
        }
    }

    @Test
    void objectiveNeverIncreasesAndEq12HoldsWithEquality() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(60, 80, 0.8, 7), new Shape(60, 80));
            for (Fpsora.InitialProjection init : Fpsora.InitialProjection.values()) {
                try (Fpsora.Result r = Fpsora.builder().setTargetDim(5).optNeighbours(6).optInitialProjection(init)
                        .optMaxIterations(15).optTolerance(0).build().fit(x)) {
                    double[] j = r.objective();
                    assertEquals(16, j.length, "J_0 and 15 iterations");
                    for (int t = 1; t < j.length; t++) {
                        assertTrue(j[t] <= j[t - 1] * (1 + 1e-9), init + ": J rose at " + t + ": " + j[t - 1] + " -> " + j[t]);
                    }
                    assertTrue(j[j.length - 1] < j[0], init + ": J did not decrease at all");
                }
            }
            // one step by hand: J_t = tr(Z_{t-1}^T L_o Z_{t-1}) (Eq. 12) with L_o from the returned weights
            try (Fpsora.Result r0 = Fpsora.builder().setTargetDim(5).optNeighbours(6).optMaxIterations(0).build().fit(x);
                    Fpsora.Result r1 = Fpsora.builder().setTargetDim(5).optNeighbours(6).optMaxIterations(1).optTolerance(0)
                            .build().fit(x)) {
                double z0 = r0.embedding().square().sum().getDouble();
                assertEquals(z0, r1.squaredNorms()[0], 1e-9 * z0, "|Z_0|^2");
                assertEquals(r1.objective()[1] / r1.squaredNorms()[1], r1.rayleighQuotients()[1], 1e-15);
                double lhs = r1.objective()[1];
                double rhs = Fpsora.objective(r0.embedding(), Graphs.laplacian(r1.weights()));
                assertEquals(rhs, lhs, 1e-9 * Math.abs(rhs));
                assertTrue(rhs <= r0.objective()[0], "re-weighting lowers the objective in the old embedding");
            }
        }
    }

    @Test
    void reweightedGraphIsTheSymmetrisedSquareOfMu() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(30, 40, 0.5, 9), new Shape(30, 40));
            NDArray z = m.create(blobs(30, 3, 1.0, 10), new Shape(30, 3));
            int[][] nb = Graphs.nearestNeighbours(x, 4);
            Fpsora.Step s = Fpsora.iterate(z, nb, m.eye(30, 30, 0, DataType.FLOAT64));
            double[] zh = z.toDoubleArray();
            double[] directed = new double[30 * 30];
            for (int i = 0; i < 30; i++) {
                double[] d = new double[4];
                for (int a = 0; a < 4; a++) {
                    for (int f = 0; f < 3; f++) {
                        double diff = zh[i * 3 + f] - zh[nb[i][a] * 3 + f];
                        d[a] += diff * diff;
                    }
                }
                double[] mu = Fpsora.optimalWeights(d);
                for (int a = 0; a < 4; a++) {
                    directed[i * 30 + nb[i][a]] += mu[a] * mu[a];
                }
            }
            for (int i = 0; i < 30; i++) {
                for (int j = 0; j < 30; j++) {
                    double expected = (directed[i * 30 + j] + directed[j * 30 + i]) / 2;
                    assertEquals(expected, s.weights()[i * 30 + j], 1e-15, "W_o[" + i + "," + j + "]");
                }
            }
        }
    }

    @Test
    void outOfSampleProjectionReproducesTheEmbeddingWhenNBelowP() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(30, 50, 0.5, 11), new Shape(30, 50)).toType(DataType.FLOAT32, false);
            try (Fpsora.Result r = Fpsora.builder().setTargetDim(4).optNeighbours(5).build().fit(x)) {
                assertTrue(r.projection().isPresent());
                assertEquals(new Shape(50, 4), r.projection().get().getShape());
                NDArray back = r.transform(x);
                double err = back.sub(r.embedding()).norm().getDouble() / r.embedding().norm().getDouble();
                assertTrue(err < 1e-4, "relative error " + err); // float32 input
            }
            NDArray tall = m.create(blobs(60, 5, 0.5, 12), new Shape(60, 5));
            try (Fpsora.Result r = Fpsora.builder().setTargetDim(2).optNeighbours(5).build().fit(tall)) {
                assertTrue(r.projection().isEmpty(), "n > p: no exact P");
                assertThrows(IllegalStateException.class, () -> r.transform(tall));
            }
        }
    }

    @Test
    void fitLeavesOnlyItsResultInTheCallersManager() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(40, 60, 0.5, 15), new Shape(40, 60));
            int before = m.getManagedArrays().size();
            try (Fpsora.Result r = Fpsora.builder().setTargetDim(3).optNeighbours(5).optMaxIterations(3).build().fit(x)) {
                assertEquals(before + 4, m.getManagedArrays().size(), "embedding, weights, eigenvalues, projection");
                NDArray z = r.embedding();
                int mid = m.getManagedArrays().size();
                Fpsora.Step s = Fpsora.iterate(z, Graphs.nearestNeighbours(x, 5), m.eye(40, 40, 0, DataType.FLOAT64));
                assertEquals(mid + 2, m.getManagedArrays().size(), "the identity and the new Z only");
                s.z().close();
            }
        }
    }

    @Test
    void pcaMatchesTheCovarianceEigenvectors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(50, 6, 0.7, 13), new Shape(50, 6));
            NDArray p = Projections.pca(x, 3);
            NDArray xc = x.sub(x.mean(new int[] {0}, true));
            NDArray cov = xc.transpose().matMul(xc);
            Linalg.Eigen e = Linalg.symmetricEigen(cov);
            double[] vals = e.values().toDoubleArray();
            NDArray captured = p.transpose().matMul(cov).matMul(p);
            for (int c = 0; c < 3; c++) {
                assertEquals(vals[5 - c], captured.getDouble(c, c), 1e-8 * vals[5]);
            }
            assertEquals(0, p.transpose().matMul(p).sub(m.eye(3, 3, 0, DataType.FLOAT64)).abs().max().getDouble(), 1e-10);
        }
    }

    @Test
    void lppSolvesTheGeneralisedEigenproblem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(60, 5, 0.7, 14), new Shape(60, 5));
            NDArray w = Graphs.knnAffinity(x, 5, 2.0).toType(DataType.FLOAT64, false);
            NDArray a = Projections.lpp(x, w, 3, 1.0);
            NDArray xc = x.sub(x.mean(new int[] {0}, true));
            NDArray lhs = xc.transpose().matMul(Graphs.laplacian(w)).matMul(xc);
            NDArray rhs = xc.transpose().mul(w.sum(new int[] {1}).reshape(1, 60)).matMul(xc);
            double previous = -1;
            for (int c = 0; c < 3; c++) {
                NDArray v = a.get(":, " + c).reshape(5, 1);
                double num = v.transpose().matMul(lhs).matMul(v).getDouble(0, 0);
                double den = v.transpose().matMul(rhs).matMul(v).getDouble(0, 0);
                double lambda = num / den;
                double resid = lhs.matMul(v).sub(rhs.matMul(v).mul(lambda)).norm().getDouble();
                assertTrue(resid < 1e-8 * lhs.norm().getDouble(), "column " + c + " residual " + resid);
                assertTrue(lambda >= previous - 1e-12, "eigenvalues ascending");
                previous = lambda;
            }
            // and the smallest: no direction has a lower Rayleigh quotient than the first column (spot check)
            Random r = new Random(2);
            NDArray v0 = a.get(":, 0").reshape(5, 1);
            double best = v0.transpose().matMul(lhs).matMul(v0).getDouble(0, 0) / v0.transpose().matMul(rhs).matMul(v0).getDouble(0, 0);
            for (int t = 0; t < 50; t++) {
                double[] g = new double[5];
                for (int i = 0; i < 5; i++) {
                    g[i] = r.nextGaussian();
                }
                NDArray v = m.create(g, new Shape(5, 1));
                double q = v.transpose().matMul(lhs).matMul(v).getDouble(0, 0) / v.transpose().matMul(rhs).matMul(v).getDouble(0, 0);
                assertTrue(q >= best - 1e-12);
            }
        }
    }

    @Test
    void reconstructionWeightsSumToOneAndRebuildCollinearPoints() {
        // points on a line t·u in 3-D: an inner point is the mean of its two neighbours
        double[] u = {0.6, 0.0, 0.8};
        double[] x = new double[8 * 3];
        for (int i = 0; i < 8; i++) {
            for (int f = 0; f < 3; f++) {
                x[i * 3 + f] = i * u[f];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = Projections.reconstructionWeights(m.create(x, new Shape(8, 3)), 2);
            double[] wh = w.toDoubleArray();
            for (int i = 0; i < 8; i++) {
                double sum = 0;
                for (int j = 0; j < 8; j++) {
                    sum += wh[i * 8 + j];
                }
                assertEquals(1, sum, 1e-12, "row " + i);
            }
            for (int i = 1; i < 7; i++) {
                assertEquals(0.5, wh[i * 8 + i - 1], 1e-9, "left weight of " + i);
                assertEquals(0.5, wh[i * 8 + i + 1], 1e-9, "right weight of " + i);
            }
        }
    }

    @Test
    void npeSolvesItsGeneralisedEigenproblem() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(60, 5, 0.7, 16), new Shape(60, 5));
            NDArray a = Projections.npe(x, 6, 3, 1.0);
            NDArray xc = x.sub(x.mean(new int[] {0}, true));
            NDArray iw = m.eye(60, 60, 0, DataType.FLOAT64).sub(Projections.reconstructionWeights(xc, 6));
            NDArray lhs = xc.transpose().matMul(iw.transpose().matMul(iw)).matMul(xc);
            NDArray rhs = xc.transpose().matMul(xc);
            double previous = -1;
            for (int c = 0; c < 3; c++) {
                NDArray v = a.get(":, " + c).reshape(5, 1);
                double lambda = v.transpose().matMul(lhs).matMul(v).getDouble(0, 0) / v.transpose().matMul(rhs).matMul(v).getDouble(0, 0);
                double resid = lhs.matMul(v).sub(rhs.matMul(v).mul(lambda)).norm().getDouble();
                assertTrue(resid < 1e-8 * lhs.norm().getDouble(), "column " + c + " residual " + resid);
                assertTrue(lambda >= previous - 1e-12, "eigenvalues ascending");
                previous = lambda;
            }
        }
    }

    @Test
    void badInputIsRejectedWithExpectedAndActual() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(blobs(20, 10, 0.5, 1), new Shape(20, 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Fpsora.builder().setTargetDim(15).optNeighbours(3).build().fit(x));
            assertTrue(e.getMessage().contains("d <= min(n - 1, p) = 10"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Fpsora.builder().setTargetDim(2).optNeighbours(20).build().fit(x));
            assertTrue(e.getMessage().contains("k = 20 < n"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Fpsora.builder().setTargetDim(2).optSigma(0).build());
            assertThrows(IllegalArgumentException.class, () -> Fpsora.builder().build());
            assertThrows(IllegalArgumentException.class, () -> Fpsora.builder().setTargetDim(2).build().fit(m.create(new float[] {1, 2})));
            assertThrows(IllegalArgumentException.class, () -> Fpsora.optimalWeights(new double[] {1, -1}));
            e = assertThrows(IllegalArgumentException.class, () -> Fpsora.builder().setTargetDim(2).optNeighbours(3).optSigma(1e-3)
                    .optSampleNormalization(Fpsora.SampleNormalization.NONE).build().fit(x.mul(100)));
            assertTrue(e.getMessage().contains("underflowing"), e.getMessage());
        }
    }
}
