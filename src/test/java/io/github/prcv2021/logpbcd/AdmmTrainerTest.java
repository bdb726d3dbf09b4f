package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmmTrainerTest extends TrainerTestBase {

    @Test
    void withoutMultiplierUpdatesEverySweepLowersThePenaltyObjective() {
        TestData d = TestData.random(manager, 20, 50, 4, 31, DataType.FLOAT64);
        try (AdmmTrainer t = AdmmTrainer.builder().optLayerSizes(20, 15, 12, 4).optWarmStartIterations(100)
                .optInitWeightScale(0.3).build()) {
            double before = t.fit(d.x, d.yOneHot, 1).get(0).objective();
            for (int k = 0; k < 6; k++) {
                IterationRecord r = t.iterate();
                assertTrue(r.objective() <= before * (1 + 1e-12), "iteration " + r.iteration() + ": " + before
                        + " -> " + r.objective());
                assertEquals(0.0, r.objectiveParts().get("multiplier"), 0.0);
                before = r.objective();
            }
        }
    }

    @Test
    void weightAndActivationStepsSolveTheirLeastSquaresProblems() {
        TestData d = TestData.random(manager, 20, 50, 4, 32, DataType.FLOAT64);
        double ridge = 1e-4;
        try (AdmmTrainer t = AdmmTrainer.builder().optLayerSizes(20, 15, 12, 4).optBeta(1.5).optGamma(4)
                .optRidge(ridge).build()) {
            t.fit(d.x, d.yOneHot, 2);
            // weight step: [W b] is the ridge least-squares fit of Z by [A; 1ᵀ]:
            // (Z − W A − b 1ᵀ)[A; 1ᵀ]ᵀ = r [W b] with r = ridge · (trace(A Aᵀ) + M)/(d + 1)
            t.runStep(AdmmTrainer.Step.W, 2, 3);
            NDArray a1 = t.activation(1);
            double r = ridge * (a1.square().sum().getDouble() + 50) / 16;
            NDArray resid = t.preActivation(2).sub(t.weight(2).matMul(a1)).sub(t.bias(2));
            assertEquals(0.0, resid.matMul(a1.transpose()).sub(t.weight(2).mul(r)).abs().max().getDouble(), 1e-9);
            assertEquals(0.0, resid.sum(new int[] {1}, true).sub(t.bias(2).mul(r)).abs().max().getDouble(), 1e-9);
            // activation step: β W₃ᵀ(W₃ A + b₃ − Z₃) + γ (A − relu(Z₂)) = 0
            t.runStep(AdmmTrainer.Step.A, 2, 3);
            NDArray a2 = t.activation(2);
            NDArray w3 = t.weight(3);
            NDArray grad = w3.transpose().matMul(w3.matMul(a2).add(t.bias(3)).sub(t.preActivation(3))).mul(1.5)
                    .add(a2.sub(Activation.relu(t.preActivation(2))).mul(4));
            assertEquals(0.0, grad.abs().max().getDouble(), 1e-10);
            // output step with Λ = 0 (warm start): 2(Z − Y) + 2β(Z − W₃A₂ − b₃) = 0
            t.runStep(AdmmTrainer.Step.OUTPUT, 3, 1);
            NDArray z3 = t.preActivation(3);
            NDArray g3 = z3.sub(d.yOneHot).add(z3.sub(w3.matMul(a2)).sub(t.bias(3)).mul(1.5));
            assertEquals(0.0, g3.abs().max().getDouble(), 1e-12);
        }
    }

    @Test
    void multiplierTakesTaylorsBregmanStepAfterTheWarmStart() {
        TestData d = TestData.random(manager, 20, 50, 4, 33, DataType.FLOAT64);
        try (AdmmTrainer t = AdmmTrainer.builder().optLayerSizes(20, 15, 12, 4).optBeta(2).optWarmStartIterations(2)
                .build()) {
            t.fit(d.x, d.yOneHot, 2);
            assertEquals(0.0, t.multiplier().abs().max().getDouble(), 0.0, "no updates during the warm start");
            t.iterate();
            NDArray expected = t.preActivation(3).sub(t.weight(3).matMul(t.activation(2))).sub(t.bias(3)).mul(2);
            assertEquals(0.0, t.multiplier().sub(expected).abs().max().getDouble(), 1e-12);
            NDArray before = t.multiplier().duplicate();
            t.iterate();
            NDArray step = t.preActivation(3).sub(t.weight(3).matMul(t.activation(2))).sub(t.bias(3)).mul(2);
            assertEquals(0.0, t.multiplier().sub(before).sub(step).abs().max().getDouble(), 1e-12);
        }
    }

    @Test
    void logAdmmZeroesActivationsExactlyAndPlainAdmmDoesNot() {
        TestData d = TestData.random(manager, 20, 60, 4, 34, DataType.FLOAT32);
        double plain;
        try (AdmmTrainer t = AdmmTrainer.builder().optLayerSizes(20, 15, 12, 4).build()) {
            t.fit(d.x, d.yOneHot, 5);
            plain = t.activationSparsity(1);
            assertEquals("ADMM", t.name());
        }
        try (AdmmTrainer t = AdmmTrainer.logAdmmBuilder().optLayerSizes(20, 15, 12, 4).optLambda(0.05).build()) {
            t.fit(d.x, d.yOneHot, 5);
            assertEquals("LOG-ADMM", t.name());
            float[] a1 = t.activation(1).toFloatArray();
            int zeros = 0;
            for (float v : a1) {
                zeros += v == 0f ? 1 : 0;
            }
            assertEquals((double) zeros / a1.length, t.activationSparsity(1), 0.0);
            assertTrue(t.activationSparsity(1) > plain + 0.2,
                    "LOG-ADMM sparsity " + t.activationSparsity(1) + " vs ADMM " + plain);
            assertTrue(t.objectiveParts().get("logPenalty") > 0);
        }
    }

    @Test
    void separatesGaussianBlobs() {
        TestData train = TestData.blobs(manager, 10, 200, 2, 35);
        TestData test = TestData.blobs(manager, 10, 200, 2, 36);
        try (AdmmTrainer t = AdmmTrainer.builder().optLayerSizes(10, 16, 16, 2).build()) {
            List<IterationRecord> h = t.fit(train.x, train.yOneHot, 20);
            assertTrue(h.get(19).trainAccuracy() >= 0.95, h.get(19).toString());
            assertTrue(t.accuracy(test.x, test.labelIndices(manager)) >= 0.95);
        }
    }

    @Test
    void memoryStaysFlat() {
        TestData d = TestData.random(manager, 8, 30, 3, 37, DataType.FLOAT32);
        int before = manager.getManagedArrays().size();
        try (AdmmTrainer t = AdmmTrainer.logAdmmBuilder().optLayerSizes(8, 6, 5, 3).optWarmStartIterations(3).build()) {
            t.initialize(d.x, d.yOneHot);
            for (int i = 0; i < 5; i++) {
                t.iterate();
            }
            int settled = manager.getManagedArrays().size();
            for (int i = 0; i < 100; i++) {
                t.iterate();
            }
            t.objective();
            t.activationSparsity(1);
            assertEquals(settled, manager.getManagedArrays().size());
        }
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    void badSettingsAreRejected() {
        assertMessage("AdmmTrainer.Builder expects gamma > 0 and finite, got NaN",
                () -> AdmmTrainer.builder().optGamma(Double.NaN).build());
        assertMessage("AdmmTrainer.Builder expects lambda >= 0 and finite, got -1.0",
                () -> AdmmTrainer.builder().optLambda(-1).build());
        assertMessage("AdmmTrainer.Builder expects warm-start iterations >= 0, got -2",
                () -> AdmmTrainer.builder().optWarmStartIterations(-2).build());
        assertMessage("AdmmTrainer.Builder expects sparse layers in [1, L-2] = [1, 1], got [2]",
                () -> AdmmTrainer.builder().optSparseLayers(2).build());
    }
}
