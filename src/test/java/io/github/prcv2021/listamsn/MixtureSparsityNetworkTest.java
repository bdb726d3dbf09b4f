package io.github.prcv2021.listamsn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** The MSN head (Eqs. 3–5), its NLL (Eqs. 6–7) and gradients (Eqs. 8–10), and the readouts (Eq. 12). */
class MixtureSparsityNetworkTest {

    @Test
    void modifiedEluMatchesEq5() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray t = manager.create(new float[] {-2f, 0f, 1.5f});
            float[] f = MixtureSparsityNetwork.modifiedElu(t, 0.5f).toFloatArray();
            assertArrayEquals(new float[] {(float) (0.5 * (Math.exp(-2) - 1) + 1), 1f, 2.5f}, f, 1e-6f);
        }
    }

    @Test
    void mixtureMapsTheLinearOutputAsEqs3To5() {
        try (NDManager manager = NDManager.newBaseManager()) {
            MixtureSparsityNetwork msn = MixtureSparsityNetwork.builder().setCodeSize(2).optNumComponents(2).optShrinkEpsilon(0.1f).build();
            // o = [α: 0, ln 3 | μ: (0.05, −0.5), (1, 0) | σ: (0, −1), (2, −30)]
            NDArray o = manager.create(new float[] {0f, (float) Math.log(3), 0.05f, -0.5f, 1f, 0f, 0f, -1f, 2f, -30f}, new Shape(1, 10));
            NDList p = msn.mixture(o);
            assertArrayEquals(new float[] {(float) Math.log(0.25), (float) Math.log(0.75)}, p.get(0).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0f, -0.4f, 0.9f, 0f}, p.get(1).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1f, (float) Math.exp(-1), 3f, (float) Math.max(Math.exp(-30), 1e-4)},
                    p.get(2).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void nllMatchesAHandComputation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            double[] alpha = {0.3, 0.7};
            double[][] mu = {{0.0, 1.0}, {0.5, -0.5}};
            double[][] sigma = {{1.0, 0.5}, {2.0, 0.25}};
            double[] z = {0.2, 0.8};
            double p = 0;
            for (int i = 0; i < 2; i++) {
                double phi = 1;
                for (int j = 0; j < 2; j++) {
                    phi *= Math.exp(-Math.pow(z[j] - mu[i][j], 2) / (2 * sigma[i][j] * sigma[i][j])) / (Math.sqrt(2 * Math.PI) * sigma[i][j]);
                }
                p += alpha[i] * phi;
            }
            NDArray e = MixtureNllLoss.nll(manager.create(new float[] {(float) Math.log(0.3), (float) Math.log(0.7)}, new Shape(1, 2)),
                    manager.create(new float[] {0f, 1f, 0.5f, -0.5f}, new Shape(1, 2, 2)),
                    manager.create(new float[] {1f, 0.5f, 2f, 0.25f}, new Shape(1, 2, 2)),
                    manager.create(new float[] {0.2f, 0.8f}, new Shape(1, 2)));
            assertEquals(-Math.log(p), e.getFloat(0), 1e-5);
        }
    }

    @Test
    void nllGradientsMatchEqs8To10AndFiniteDifferences() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            int m = 3;
            int mm = 2;
            MixtureSparsityNetwork msn = MixtureSparsityNetwork.builder().setCodeSize(m).optNumComponents(mm).optShrinkEpsilon(0.1f).build();
            NDArray o = manager.randomNormal(0f, 1f, new Shape(1, (2 * m + 1) * mm), DataType.FLOAT64);
            NDArray z = manager.randomNormal(0f, 1f, new Shape(1, m), DataType.FLOAT64);
            o.setRequiresGradient(true);
            double[] grad;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList p = msn.mixture(o);
                gc.backward(MixtureNllLoss.nll(p.get(0), p.get(1), p.get(2), z).sum());
            }
            grad = o.getGradient().toDoubleArray();
            double[] ov = o.toDoubleArray();
            double h = 1e-6;
            for (int i = 0; i < ov.length; i++) {
                double[] plus = ov.clone();
                double[] minus = ov.clone();
                plus[i] += h;
                minus[i] -= h;
                double fd = (loss(msn, manager, plus, z) - loss(msn, manager, minus, z)) / (2 * h);
                assertEquals(fd, grad[i], 1e-5 * Math.max(1, Math.abs(fd)), "dE/do[" + i + "]");
            }
            // Eq. 8: ∂E/∂o^α_i = α_i − π_i sums to zero over the components
            assertEquals(0, grad[0] + grad[1], 1e-9);
        }
    }

    private static double loss(MixtureSparsityNetwork msn, NDManager manager, double[] o, NDArray z) {
        try (NDManager sub = manager.newSubManager()) {
            NDList p = msn.mixture(sub.create(o, new Shape(1, o.length)));
            NDArray zz = z.duplicate();
            zz.attach(sub);
            return MixtureNllLoss.nll(p.get(0), p.get(1), p.get(2), zz).getDouble(0);
        }
    }

    @Test
    void mostLikelyReturnsTheCentreOfTheLargestWeightAndSamplingAnyCentre() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logAlpha = manager.create(new float[] {-2f, -0.1f, -3f, -0.05f, -5f, -4f}, new Shape(2, 3)).logSoftmax(1);
            NDArray mu = manager.arange(12f).reshape(2, 3, 2);
            NDList mix = new NDList(logAlpha, mu, mu.onesLike());
            assertArrayEquals(new float[] {2f, 3f, 6f, 7f}, ListaMsn.mostLikely(mix).toFloatArray());
            float[] s = ListaMsn.sampleCenters(mix, 5).toFloatArray();
            assertTrue(s[0] % 2 == 0 && s[1] == s[0] + 1 && s[0] < 6 && s[2] >= 6, java.util.Arrays.toString(s));
            // with one dominant component the draw is that component
            NDArray sure = manager.create(new float[] {0f, -50f, -50f}, new Shape(1, 3));
            NDArray mu1 = manager.arange(6f).reshape(1, 3, 2);
            for (long seed = 0; seed < 5; seed++) {
                assertArrayEquals(new float[] {0f, 1f}, ListaMsn.sampleCenters(new NDList(sure, mu1, mu1), seed).toFloatArray());
            }
        }
    }

    @Test
    void listaMsnDeclaresTheShapesItProducesAndStartsSparse() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SparseCodingData data = SparseCodingData.gaussian(manager, 16, 40, 4, 8, 0.5f, 50, 2);
            ListaMsn model = new ListaMsn(Lista.builder().setDictionary(data.dictionary()).setNumLayers(3).build(),
                    MixtureSparsityNetwork.builder().setCodeSize(40).optNumComponents(4).build());
            model.initialize(manager, DataType.FLOAT32, new Shape(8, 16));
            NDList out = model.forward(new ParameterStore(manager, false), new NDList(data.xTest()), false);
            Shape[] declared = model.getOutputShapes(new Shape[] {new Shape(8, 16)});
            for (int i = 0; i < 3; i++) {
                assertEquals(declared[i], out.get(i).getShape());
            }
            assertTrue(out.get(2).min().getFloat() >= 1e-4f);
            NDArray z = ListaMsn.mostLikely(out);
            assertTrue(SparseCoding.sparsity(z, 0f) > 0.5, "exact zeros " + SparseCoding.sparsity(z, 0f));
        }
    }

    @Test
    void badInputIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class, () -> MixtureSparsityNetwork.builder().build());
            assertThrows(IllegalArgumentException.class, () -> MixtureSparsityNetwork.builder().setCodeSize(4).optEluGamma(1.5f));
            assertThrows(IllegalArgumentException.class, () -> MixtureSparsityNetwork.builder().setCodeSize(4).optNumComponents(0));
            MixtureSparsityNetwork msn = MixtureSparsityNetwork.builder().setCodeSize(4).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> msn.mixture(manager.ones(new Shape(2, 5))));
            assertTrue(e.getMessage().contains("(B, 27)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> MixtureNllLoss.nll(manager.zeros(new Shape(2, 3)),
                    manager.zeros(new Shape(2, 3, 4)), manager.ones(new Shape(2, 3, 4)), manager.zeros(new Shape(2, 5))));
            assertThrows(IllegalArgumentException.class, () -> new ListaMsn(Lista.builder().setDictionary(manager.ones(new Shape(2, 5)))
                    .build(), msn));
        }
    }
}
