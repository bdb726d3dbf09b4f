package io.github.prcv2021.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.prcv2021.linalg.Linalg;
import org.junit.jupiter.api.Test;

/** kNN graphs, Laplacians and the hypergraph operator against hand values and spectral invariants. */
class GraphsTest {

    /** Five points on a line: 0, 1, 3, 6, 10. */
    private static NDArray line(NDManager m) {
        return m.create(new float[] {0, 1, 3, 6, 10}, new Shape(5, 1));
    }

    @Test
    void knnAffinityIsTheSymmetrisedHeatKernelGraph() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = line(m);
            int[][] nn = Graphs.nearestNeighbours(x, 1);
            assertArrayEquals(new int[] {1, 0, 1, 2, 3}, new int[] {nn[0][0], nn[1][0], nn[2][0], nn[3][0], nn[4][0]});
            NDArray w = Graphs.knnAffinity(x, 1, 2.0);
            float[] a = w.toFloatArray();
            // edges 0-1 (d² 1), 1-2 (4), 2-3 (9), 3-4 (16): weight exp(-d²/t)
            assertEquals(Math.exp(-0.5), a[1], 1e-6);
            assertEquals(Math.exp(-2.0), a[5 + 2], 1e-6);
            assertEquals(Math.exp(-8.0), a[15 + 4], 1e-6);
            assertEquals(0f, a[2], 0f); // 0 and 2 are not neighbours
            assertEquals(0f, a[0], 0f);
            assertTrue(w.sub(w.transpose()).abs().max().getFloat() == 0f);
            NDArray binary = Graphs.knnAffinity(x, 1, Double.POSITIVE_INFINITY);
            assertEquals(8f, binary.sum().getFloat(), 0f);
        }
    }

    @Test
    void laplaciansAnnihilateTheRightVectorsAndArePositiveSemidefinite() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(30, 4)).toType(DataType.FLOAT64, false);
            NDArray w = Graphs.knnAffinity(x, 4, 1.0);
            NDArray l = Graphs.laplacian(w);
            assertTrue(l.matMul(m.ones(new Shape(30, 1), DataType.FLOAT64)).abs().max().getDouble() < 1e-12);
            try (Linalg.Eigen e = Linalg.symmetricEigen(l)) {
                assertTrue(e.values().min().getDouble() > -1e-9);
            }
            NDArray ls = Graphs.normalizedLaplacian(w);
            NDArray sqrtDegree = w.sum(new int[] {1}).sqrt().reshape(30, 1);
            assertTrue(ls.matMul(sqrtDegree).abs().max().getDouble() < 1e-9);
            try (Linalg.Eigen e = Linalg.symmetricEigen(ls)) {
                assertTrue(e.values().min().getDouble() > -1e-9 && e.values().max().getDouble() < 2 + 1e-9);
            }
        }
    }

    @Test
    void hypergraphOperatorIsSymmetricWithSpectrumInZeroOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(25, 3)).toType(DataType.FLOAT64, false);
            NDArray h = Graphs.knnHypergraph(x, 3);
            // every hyperedge holds its centre and 3 neighbours
            assertArrayEquals(new double[25], h.sum(new int[] {0}).sub(4).toDoubleArray(), 0);
            NDArray weights = m.randomUniform(0.5f, 2f, new Shape(25)).toType(DataType.FLOAT64, false);
            NDArray g = Graphs.hypergraphPropagation(h, weights);
            assertTrue(g.sub(g.transpose()).abs().max().getDouble() < 1e-12);
            // G D_v^{1/2} 1 = D_v^{1/2} 1, with D_v = diag(H w)
            NDArray dvSqrt = h.matMul(weights.reshape(25, 1)).sqrt();
            assertTrue(g.matMul(dvSqrt).sub(dvSqrt).abs().max().getDouble() < 1e-9);
            try (Linalg.Eigen e = Linalg.symmetricEigen(g)) {
                assertTrue(e.values().min().getDouble() > -1e-9 && e.values().max().getDouble() < 1 + 1e-9);
            }
        }
    }

    @Test
    void theyLeaveNothingInTheCallersManagerButTheResult() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(20, 3));
            int before = m.getManagedArrays().size();
            NDArray w = Graphs.knnAffinity(x, 3, 1.0);
            NDArray l = Graphs.normalizedLaplacian(w);
            NDArray g = Graphs.hypergraphPropagation(Graphs.knnHypergraph(x, 3), null);
            assertEquals(before + 4, m.getManagedArrays().size());
            assertEquals(new Shape(20, 20), l.getShape());
            assertEquals(new Shape(20, 20), g.getShape());
        }
    }

    @Test
    void badInputIsAClearError() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException k = assertThrows(IllegalArgumentException.class, () -> Graphs.knnAffinity(line(m), 5, 1.0));
            assertTrue(k.getMessage().contains("k < n"), k.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Graphs.knnAffinity(line(m), 2, 0));
            assertThrows(IllegalArgumentException.class, () -> Graphs.laplacian(m.ones(new Shape(2, 3))));
            assertThrows(IllegalArgumentException.class, () -> Graphs.laplacian(m.create(new float[] {0, -1, -1, 0}, new Shape(2, 2))));
            assertThrows(IllegalArgumentException.class,
                    () -> Graphs.hypergraphPropagation(m.ones(new Shape(3, 2)), m.ones(new Shape(3))));
        }
    }
}
