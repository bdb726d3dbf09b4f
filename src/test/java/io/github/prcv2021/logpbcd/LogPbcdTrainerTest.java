package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogPbcdTrainerTest extends TrainerTestBase {

    private static LogPbcdTrainer.Builder small() {
        return LogPbcdTrainer.builder().optLayerSizes(20, 15, 12, 4).optSeed(3).optInitWeightScale(0.3);
    }

    /** Runs every block of several sweeps on its own and checks that Eq. 4 never goes up. */
    private static void assertEveryBlockDescends(LogPbcdTrainer t, double relTol) {
        int layers = t.layerSizes().length - 1;
        double first = t.objective();
        double before = first;
        for (int sweep = 0; sweep < 4; sweep++) {
            for (int l = 1; l <= layers; l++) {
                List<LogPbcdTrainer.Step> steps = l < layers
                        ? List.of(LogPbcdTrainer.Step.W, LogPbcdTrainer.Step.B, LogPbcdTrainer.Step.Z, LogPbcdTrainer.Step.A)
                        : List.of(LogPbcdTrainer.Step.W, LogPbcdTrainer.Step.B, LogPbcdTrainer.Step.OUTPUT_Z);
                for (LogPbcdTrainer.Step step : steps) {
                    t.runStep(step, l);
                    double after = t.objective();
                    assertTrue(after <= before + relTol * Math.abs(before),
                            step + "_" + l + " in sweep " + sweep + " raised Eq. 4 from " + before + " to " + after);
                    before = after;
                }
            }
        }
        assertTrue(before < 0.8 * first, "four sweeps should lower Eq. 4 substantially: " + first + " -> " + before);
    }

    @Test
    void everyBlockUpdateLowersEquationFourInDoublePrecision() {
        for (BiasUpdate mode : BiasUpdate.values()) {
            TestData d = TestData.random(manager, 20, 50, 4, 11, DataType.FLOAT64);
            try (LogPbcdTrainer t = small().optLambda(0.05).optEpsilon(0.05).optBiasUpdate(mode)
                    .optLipschitzSafeDelta(true).optGlobalLogThreshold(true).build()) {
                t.initialize(d.x, d.yOneHot);
                assertEveryBlockDescends(t, 1e-12);
                assertTrue(t.lastActivationStepWeight(1) > 1, "the Lipschitz-safe step exceeds delta = 1 here");
            }
        }
    }

    @Test
    void everyBlockUpdateLowersEquationFourInFloat32() {
        TestData d = TestData.random(manager, 20, 50, 4, 12, DataType.FLOAT32);
        try (LogPbcdTrainer t = small().optLambda(0.05).optEpsilon(0.05).optRho(1.7).optGamma(0.8).optBeta(2)
                .optAlpha(0.5).optLipschitzSafeDelta(true).optGlobalLogThreshold(true).build()) {
            t.initialize(d.x, d.yOneHot);
            assertEveryBlockDescends(t, 1e-5);
        }
    }

    @Test
    void weightStepSolvesItsNormalEquations() {
        TestData d = TestData.random(manager, 20, 50, 4, 13, DataType.FLOAT64);
        try (LogPbcdTrainer t = small().optRho(1.7).optDelta(0.6).build()) {
            t.initialize(d.x, d.yOneHot);
            t.iterate();
            double[] hp = t.hyperparameters();
            double rho = hp[2];
            double delta = hp[4];
            NDArray old = t.weight(2).duplicate();
            t.runStep(LogPbcdTrainer.Step.W, 2);
            NDArray w = t.weight(2);
            NDArray a1 = t.activation(1);
            // stationarity of rho/2 |Z - W A - B|^2 + delta/2 |W - W_old|^2
            NDArray grad = w.sub(old).mul(delta)
                    .sub(t.preActivation(2).sub(w.matMul(a1)).sub(t.bias(2)).matMul(a1.transpose()).mul(rho));
            assertEquals(0.0, grad.abs().max().getDouble(), 1e-9);
        }
    }

    @Test
    void lastHiddenActivationStepSolvesItsNormalEquations() {
        TestData d = TestData.random(manager, 20, 50, 4, 14, DataType.FLOAT64);
        try (LogPbcdTrainer t = small().optGamma(0.7).optBeta(1.3).build()) {
            t.initialize(d.x, d.yOneHot);
            t.iterate();
            double[] hp = t.hyperparameters();
            double gamma = hp[3];
            double delta = hp[4];
            double beta = hp[6];
            NDArray old = t.activation(2).duplicate();
            t.runStep(LogPbcdTrainer.Step.A, 2); // W_3 is 4 x 12: the push-through (Woodbury) path
            NDArray a2 = t.activation(2);
            NDArray w3 = t.weight(3);
            // gamma (A - relu Z2) + beta W3^T (W3 A + B3 - Z3) + delta (A - A_old) = 0
            NDArray grad = a2.sub(Activation.relu(t.preActivation(2))).mul(gamma)
                    .add(w3.transpose().matMul(w3.matMul(a2).add(t.bias(3)).sub(t.preActivation(3))).mul(beta))
                    .add(a2.sub(old).mul(delta));
            assertEquals(0.0, grad.abs().max().getDouble(), 1e-9);
        }
    }

    @Test
    void sparsityIsTheFractionOfExactZerosOfTheActivationVariable() {
        TestData d = TestData.random(manager, 20, 50, 4, 15, DataType.FLOAT32);
        try (LogPbcdTrainer t = small().optLambda(0.02).optEpsilon(0.01).build()) {
            t.fit(d.x, d.yOneHot, 5);
            float[] a1 = t.activation(1).toFloatArray();
            int zeros = 0;
            for (float v : a1) {
                if (v == 0f) {
                    zeros++;
                }
            }
            assertTrue(zeros > 0, "lambda = 0.02 should zero some entries of A_1");
            assertEquals((double) zeros / a1.length, t.activationSparsity(1), 0.0);
            float[] a2 = t.activation(2).toFloatArray();
            int zeros2 = 0;
            for (float v : a2) {
                zeros2 += v == 0f ? 1 : 0;
            }
            assertEquals((double) zeros2 / a2.length, t.activationSparsity(2), 0.0);
        }
        try (LogPbcdTrainer pbcd = LogPbcdTrainer.proximalBcdBuilder().optLayerSizes(20, 15, 12, 4).build()) {
            pbcd.fit(d.x, d.yOneHot, 3);
            assertEquals("proximal BCD", pbcd.name());
            assertEquals(0.0, pbcd.activationSparsity(1), 0.0);
            assertEquals(0.0, pbcd.objectiveParts().get("logPenalty"), 0.0);
        }
    }

    @Test
    void blockReproducesTheTrainersForwardPassAndSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        TestData d = TestData.random(manager, 20, 50, 4, 16, DataType.FLOAT32);
        for (BiasUpdate mode : new BiasUpdate[] {BiasUpdate.SHARED_VECTOR, BiasUpdate.PAPER_MATRIX}) {
            try (LogPbcdTrainer t = small().optBiasUpdate(mode).build()) {
                t.fit(d.x, d.yOneHot, 3);
                NDArray expected = t.scores(d.x).transpose();
                SequentialBlock block = t.toBlock();
                NDArray rows = d.x.transpose();
                NDArray out = block.forward(new ParameterStore(manager, false), new NDList(rows), false).singletonOrThrow();
                assertEquals(new Shape(50, 4), out.getShape());
                assertEquals(0.0, out.sub(expected).abs().max().getFloat(), 1e-5);
                assertArrayEquals(t.predict(d.x).toLongArray(), out.argMax(1).toLongArray());

                Path modelDir = Files.createDirectories(dir.resolve(mode.name()));
                try (Model model = Model.newInstance("logpbcd")) {
                    model.setBlock(block);
                    model.save(modelDir, "logpbcd");
                }
                try (Model loaded = Model.newInstance("logpbcd")) {
                    loaded.setBlock(MlpNet.block(20, 15, 12, 4));
                    loaded.load(modelDir, "logpbcd");
                    NDArray again = loaded.getBlock()
                            .forward(new ParameterStore(loaded.getNDManager(), false), new NDList(rows), false)
                            .singletonOrThrow();
                    assertEquals(0.0, again.sub(out).abs().max().getFloat(), 0f);
                }
            }
        }
    }

    @Test
    void memoryStaysFlatOverManyIterations() {
        TestData d = TestData.random(manager, 8, 30, 3, 17, DataType.FLOAT32);
        NDArray labels = d.labelIndices(manager);
        int before = manager.getManagedArrays().size();
        try (LogPbcdTrainer t = LogPbcdTrainer.builder().optLayerSizes(8, 6, 5, 3).optLambda(1e-3).optEpsilon(1e-2)
                .optLipschitzSafeDelta(true).build()) {
            t.initialize(d.x, d.yOneHot);
            for (int i = 0; i < 5; i++) {
                t.iterate();
            }
            t.accuracy(d.x, labels);
            t.activationSparsity(1);
            int settled = manager.getManagedArrays().size();
            for (int i = 0; i < 300; i++) {
                t.iterate();
                if (i % 50 == 0) {
                    t.objective();
                    t.predict(d.x).close();
                    t.scores(d.x).close();
                    t.accuracy(d.x, d.yOneHot);
                    t.activationSparsity(1);
                }
            }
            assertEquals(305, t.iteration());
            assertEquals(settled, manager.getManagedArrays().size(), "live arrays after 300 more iterations");
        }
        assertEquals(before, manager.getManagedArrays().size(), "close() frees the state; only the test's arrays remain");
    }

    @Test
    void twoGaussianBlobsAreSeparatedInAFewIterations() {
        TestData train = TestData.blobs(manager, 10, 200, 2, 18);
        TestData test = TestData.blobs(manager, 10, 200, 2, 19);
        List<IterationRecord> seen = new ArrayList<>();
        try (LogPbcdTrainer t = LogPbcdTrainer.builder().optLayerSizes(10, 16, 16, 2)
                .optPaperSetting(PaperSetting.FASHION_MNIST).addListener((m, r) -> seen.add(r)).build()) {
            List<IterationRecord> history = t.fit(train.x, train.yOneHot, 8);
            assertEquals(history, seen);
            assertEquals(8, history.get(7).iteration());
            assertEquals("LOG-PBCD", history.get(0).method());
            assertTrue(history.get(7).trainAccuracy() >= 0.95, history.get(7).toString());
            assertTrue(t.accuracy(test.x, test.labelIndices(manager)) >= 0.95);
            assertTrue(history.get(7).objective() < history.get(0).objective());
            assertEquals(history.get(7).objective(), t.objective(), 1e-3 * history.get(7).objective());
        }
    }

    @Test
    void sameSeedGivesTheSameRunAndAnotherSeedDoesNot() {
        TestData d = TestData.random(manager, 20, 50, 4, 20, DataType.FLOAT32);
        float[][] w = new float[3][];
        long[] seeds = {5, 5, 6};
        for (int i = 0; i < 3; i++) {
            try (LogPbcdTrainer t = small().optSeed(seeds[i]).build()) {
                t.fit(d.x, d.yOneHot, 2);
                w[i] = t.weight(1).toFloatArray();
            }
        }
        assertArrayEquals(w[0], w[1]);
        assertNotEquals(w[0][0], w[2][0]);
    }

    @Test
    void badSettingsAndDataAreRejectedWithClearMessages() {
        assertMessage("LogPbcdTrainer.Builder expects a finite lambda, got NaN",
                () -> LogPbcdTrainer.builder().optLambda(Double.NaN).build());
        assertMessage("LogPbcdTrainer.Builder expects rho > 0 and finite, got -1.0",
                () -> LogPbcdTrainer.builder().optRho(-1).build());
        assertMessage("LogPbcdTrainer.Builder expects gamma > 0 and finite, got NaN",
                () -> LogPbcdTrainer.builder().optGamma(Double.NaN).build());
        assertMessage("LogPbcdTrainer.Builder expects sparse layers in [1, L-2] = [1, 1] (A_{L-1} stays dense), got [2]",
                () -> LogPbcdTrainer.builder().optSparseLayers(2).build());
        assertMessage("LogPbcdTrainer.Builder expects at least one hidden layer",
                () -> LogPbcdTrainer.builder().optLayerSizes(784, 10).build());

        TestData d = TestData.random(manager, 20, 50, 4, 21, DataType.FLOAT32);
        try (LogPbcdTrainer t = small().build()) {
            assertThrows(IllegalStateException.class, t::iterate);
            assertMessage("LOG-PBCD.initialize expects x of shape (20, M) (columns are samples), got (50, 20)",
                    () -> t.initialize(d.x.transpose(), d.yOneHot));
            assertMessage("LOG-PBCD.initialize expects yOneHot of shape (4, 50), got (4, 49)",
                    () -> t.initialize(d.x, d.yOneHot.get(":, :49")));
            assertMessage("LOG-PBCD.initialize expects a one-hot yOneHot",
                    () -> t.initialize(d.x, d.yOneHot.mul(2)));
            assertMessage("LOG-PBCD.initialize expects yOneHot of the type of x (float32), got float64",
                    () -> t.initialize(d.x, d.yOneHot.toType(DataType.FLOAT64, false)));
            NDArray nan = d.x.duplicate();
            nan.set(new ai.djl.ndarray.index.NDIndex("3, 7"), Float.NaN);
            assertMessage("LOG-PBCD.initialize expects finite x, got NaN or infinite entries",
                    () -> t.initialize(nan, d.yOneHot));
            t.initialize(d.x, d.yOneHot);
            assertMessage("LOG-PBCD.activationSparsity expects a hidden layer in [1, 2], got 3",
                    () -> t.activationSparsity(3));
            assertMessage("LOG-PBCD.accuracy expects labels of shape (50) or one-hot (4, 50), got (49)",
                    () -> t.accuracy(d.x, manager.zeros(new Shape(49))));
        }
    }
}
