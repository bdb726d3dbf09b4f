package io.github.prcv2021.listamsn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** LISTA, LISTA-CP and ALISTA: ISTA at initialisation, ALISTA's analytic weight, shapes, bad input. */
class UnfoldedEstimatorTest {

    private static NDArray run(UnfoldedEstimator est, NDManager manager, NDArray x) {
        est.initialize(manager, DataType.FLOAT32, x.getShape());
        NDList out = est.forward(new ParameterStore(manager, false), new NDList(x), false);
        assertEquals(est.getOutputShapes(new Shape[] {x.getShape()})[0], out.head().getShape());
        return out.head();
    }

    @Test
    void listaInitialisedAsIstaEqualsKIstaIterations() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SparseCodingData data = SparseCodingData.gaussian(manager, 16, 40, 4, 16, 0.5f, 10, 5);
            for (int k : new int[] {1, 2, 7}) {
                NDArray ista = Ista.ista(data.dictionary(), data.xTest(), 0.5f, data.lipschitz(), k);
                for (boolean tied : new boolean[] {true, false}) {
                    Lista lista = Lista.builder().setDictionary(data.dictionary()).setNumLayers(k).optLambda(0.5f).optTiedWeights(tied).build();
                    assertArrayEquals(ista.toFloatArray(), run(lista, manager, data.xTest()).toFloatArray(), 1e-5f, "K = " + k);
                }
                ListaCp cp = ListaCp.builder().setDictionary(data.dictionary()).setNumLayers(k).optLambda(0.5f).build();
                assertArrayEquals(ista.toFloatArray(), run(cp, manager, data.xTest()).toFloatArray(), 1e-5f, "LISTA-CP, K = " + k);
            }
        }
    }

    @Test
    void listaParameterCountsFollowTheWeightSharing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray d = manager.randomNormal(new Shape(8, 20));
            // tied: one W_e, S and θ; untied: W_e and θ for layer 1 (z^0 = 0 needs no S), W_e, S, θ for each further layer
            assertEquals(3, Lista.builder().setDictionary(d).setNumLayers(5).build().getParameters().size());
            assertEquals(3 * 5 - 1, Lista.builder().setDictionary(d).setNumLayers(5).optTiedWeights(false).build().getParameters().size());
            assertEquals(2 * 5, ListaCp.builder().setDictionary(d).setNumLayers(5).build().getParameters().size());
            assertEquals(2 * 5, Alista.builder().setDictionary(d).setNumLayers(5).optWeightIterations(10).build().getParameters().size());
        }
    }

    @Test
    void alistaWeightHasUnitDiagonalAndSmallerCoherence() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SparseCodingData data = SparseCodingData.gaussian(manager, 16, 40, 4, 4, 0.5f, 10, 9);
            NDArray d = data.dictionary();
            NDArray w = Alista.analyticWeight(d, 2000);
            NDArray wtd = w.transpose().matMul(d);
            float[] diag = d.mul(w).sum(new int[] {0}).toFloatArray();
            for (float v : diag) {
                assertEquals(1f, v, 1e-4f);
            }
            // the starting point d_j/‖d_j‖² (= D for unit atoms) is feasible: the solution is no worse
            float start = d.transpose().matMul(d).square().sum().getFloat();
            float opt = wtd.square().sum().getFloat();
            assertTrue(opt < start, "||WtD||_F^2 " + opt + " vs " + start);
            Alista alista = Alista.builder().setDictionary(d).setNumLayers(3).build();
            NDArray z = run(alista, manager, data.xTest());
            assertTrue(z.abs().sum().getFloat() > 0);
        }
    }

    @Test
    void badInputIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray d = manager.randomNormal(new Shape(8, 20));
            assertThrows(IllegalArgumentException.class, () -> Lista.builder().setNumLayers(0));
            assertThrows(IllegalArgumentException.class, () -> Lista.builder().build());
            assertThrows(IllegalArgumentException.class, () -> Lista.builder().optLambda(-1f));
            Lista lista = Lista.builder().setDictionary(d).setNumLayers(2).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lista.initialize(manager, DataType.FLOAT32, new Shape(3, 9)));
            assertTrue(e.getMessage().contains("(B, 8)") && e.getMessage().contains("(3, 9)"), e.getMessage());
        }
    }
}
