package io.github.prcv2021.anmmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.data.Datasets;
import io.github.prcv2021.data.TabularData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ANMMF and NMF against independent computations: the HSIC formula against its trace definition with an
 * explicit centring matrix, the objective of Eq. 5 on hand-sized matrices, Theorem 1 (the objective never
 * rises) on real data for several weights, non-negativity, and the HSIC penalty doing its job.
 */
class AnmmfTest {

    private static NDArray digits(NDManager m, int n) throws Exception {
        TabularData d = Datasets.digits().sample(n, 3);
        return m.create(d.features(), new Shape(n, d.numFeatures())).transpose();
    }

    @Test
    void hsicIsTheTraceOfTheCentredKernelProduct() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(0f, 1f, new Shape(7, 3)).toType(DataType.FLOAT64, false);
            NDArray b = m.randomUniform(0f, 1f, new Shape(7, 2)).toType(DataType.FLOAT64, false);
            NDArray h = m.eye(7, 7, 0, DataType.FLOAT64).sub(m.ones(new Shape(7, 7), DataType.FLOAT64).div(7.0));
            NDArray ka = a.matMul(a.transpose());
            NDArray kb = b.matMul(b.transpose());
            NDArray prod = ka.matMul(h).matMul(kb).matMul(h);
            double trace = 0;
            for (int i = 0; i < 7; i++) {
                trace += prod.getDouble(i, i);
            }
            assertEquals(trace, Anmmf.hsic(a, b), 1e-9 * Math.abs(trace));
        }
    }

    @Test
    void objectiveIsEq5OnHandSizedMatrices() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new double[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray u = m.create(new double[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray v1 = m.create(new double[] {1, 0, 0, 1, 1, 1}, new Shape(3, 2));
            NDArray v2 = m.create(new double[] {2, 0, 0, 0, 1, 3}, new Shape(3, 2));
            NDArray w = m.create(new double[] {0, 1, 0, 1, 0, 2, 0, 2, 0}, new Shape(3, 3));
            NDArray lap = m.create(new double[] {1, -1, 0, -1, 3, -2, 0, -2, 2}, new Shape(3, 3));
            // ‖X − U V1ᵀ‖²: X − V1ᵀ = [[0, 2, 2], [4, 4, 5]] -> 0 + 4 + 4 + 16 + 16 + 25 = 65
            // ‖X − U V2ᵀ‖²: V2ᵀ = [[2, 0, 1], [0, 0, 3]] -> [[-1, 2, 2], [4, 5, 3]] -> 1 + 4 + 4 + 16 + 25 + 9 = 59
            double rec = 65 + 59;
            // tr(Vᵀ L V) = Σ_edges w_ij ‖v_i − v_j‖²: V1: 1·2 + 2·1 = 4; V2: 1·4 + 2·(1 + 9) = 24
            double graph = 4 + 24;
            double hsic = Anmmf.hsic(v1, v2);
            double o = Anmmf.objective(x, List.of(u, u), List.of(v1, v2), lap, 0.5, 2.0);
            assertEquals(rec + 0.5 * hsic + 2.0 * graph, o, 1e-9);
            assertTrue(w.sum().getDouble() > 0);
        }
    }

    @Test
    void theObjectiveNeverRisesAndFactorsStayNonNegative() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = digits(m, 300);
            for (double[] l : new double[][] {{0.01, 1000}, {1, 100}, {100, 10}, {0, 0}}) {
                try (Anmmf.Result r = Anmmf.builder().setRank(10).optHsicWeight(l[0]).optGraphWeight(l[1]).optIterations(30)
                        .optInitIterations(20).optTolerance(0).optSeed(4).build().fit(x)) {
                    double[] o = r.objective();
                    assertEquals(31, o.length);
                    for (int t = 1; t < o.length; t++) {
                        assertTrue(o[t] <= o[t - 1] * (1 + 1e-9), "lambda " + l[0] + "/" + l[1] + ": sweep " + t + " rose from "
                                + o[t - 1] + " to " + o[t]);
                    }
                    for (int i = 0; i < 3; i++) {
                        assertTrue(r.u().get(i).min().getDouble() >= 0 && r.v().get(i).min().getDouble() >= 0);
                    }
                    assertEquals(new Shape(300, 30), r.concatenated(true).getShape());
                }
            }
        }
    }

    @Test
    void theHsicPenaltyMakesTheRepresentationsMoreDiverse() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = digits(m, 200);
            double previous = Double.POSITIVE_INFINITY;
            for (double l1 : new double[] {0, 1, 100}) {
                try (Anmmf.Result r = Anmmf.builder().setRank(10).optHsicWeight(l1).optGraphWeight(100).optIterations(30)
                        .optInitIterations(20).optSeed(1).build().fit(x)) {
                    List<NDArray> v = r.v();
                    double h = Anmmf.hsic(v.get(0), v.get(1)) + Anmmf.hsic(v.get(0), v.get(2)) + Anmmf.hsic(v.get(1), v.get(2));
                    assertTrue(h < previous, "HSIC " + h + " at lambda1 = " + l1 + " vs " + previous);
                    previous = h;
                }
            }
        }
    }

    @Test
    void nmfLowersTheReconstructionErrorAndMatchesAnmmfWithOneAttributeAndNoPenalties() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = digits(m, 150);
            try (Nmf.Factors f0 = Nmf.builder().setRank(5).optIterations(0).optSeed(2).build().fit(x);
                    Nmf.Factors f = Nmf.builder().setRank(5).optIterations(50).optSeed(2).build().fit(x)) {
                double e0 = x.toType(DataType.FLOAT64, false).sub(f0.u().matMul(f0.v().transpose())).square().sum().getDouble();
                double e = x.toType(DataType.FLOAT64, false).sub(f.u().matMul(f.v().transpose())).square().sum().getDouble();
                assertTrue(e < 0.5 * e0, e + " vs " + e0);
                // ANMMF with P = 1, no penalties and 0 sweeps after 50 initial iterations is that NMF
                try (Anmmf.Result r = Anmmf.builder().setRank(5).optAttributes(1).optHsicWeight(0).optGraphWeight(0)
                        .optInitIterations(50).optIterations(1).optSeed(0).build().fit(x)) {
                    assertEquals(2, r.objective().length);
                    assertTrue(r.objective()[1] <= r.objective()[0]);
                }
            }
        }
    }

    @Test
    void badInputIsAClearError() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray negative = m.create(new float[] {1, -1, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1}, new Shape(2, 6));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Anmmf.builder().setRank(2).optNeighbours(2).build().fit(negative));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Anmmf.builder().build());
            assertThrows(IllegalArgumentException.class, () -> Anmmf.builder().setRank(2).optHsicWeight(-1).build());
            assertThrows(IllegalArgumentException.class,
                    () -> Anmmf.builder().setRank(2).optNeighbours(10).build().fit(m.ones(new Shape(3, 5))));
            assertThrows(IllegalArgumentException.class, () -> Nmf.builder().setRank(2).build().fit(negative));
            assertArrayEquals(new long[] {2, 6}, negative.getShape().getShape());
        }
    }
}
