package io.github.prcv2021.emmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmmfTest {

    private static final float ETA = 0.05f;

    private static List<NDArray> randomViews(NDManager m, int n, int... dims) {
        Random r = new Random(7);
        List<NDArray> views = new ArrayList<>();
        for (int d : dims) {
            float[] v = new float[n * d];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat();
            }
            views.add(m.create(v, new Shape(n, d)));
        }
        return views;
    }

    private static Emmf.Builder small() {
        return Emmf.builder().setRepresentationDim(3).optEncoderWidths(16, 8).optDiscriminatorWidths(8, 4);
    }

    private static Optimizer sgd() {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(ETA)).build();
    }

    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static int changed(Map<String, float[]> before, Block block) {
        int count = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            float[] now = p.getValue().getArray().toFloatArray();
            float[] was = before.get(p.getKey());
            for (int i = 0; i < now.length; i++) {
                if (now[i] != was[i]) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }

    private static float[] lastBias(Block block) {
        ai.djl.nn.ParameterList ps = block.getParameters();
        return ps.get(ps.size() - 1).getValue().getArray().toFloatArray();
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void eachPlayerUpdatesOnlyItsOwnParametersWithItsOwnLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 12;
            List<NDArray> views = randomViews(m, n, 5, 4);
            Emmf emmf = small().optLambdaD(0.5f).optOptimizers(EmmfTest::sgd, EmmfTest::sgd).build();
            try (Emmf.Session s = emmf.newSession(views, m.getDevice())) {
                EmmfGenerator g = s.generator();
                EmmfDiscriminators d = s.discriminators();
                int generatorParams = g.getParameters().size();
                int discriminatorParams = d.getParameters().size();
                NDList fakesBefore = g.forward(new ParameterStore(m, false), new NDList(m.arange(0, n, 1, ai.djl.ndarray.types.DataType.INT64)), false);
                Map<String, float[]> g0 = snapshot(g);
                Map<String, float[]> d0 = snapshot(d);

                s.generatorStep();
                assertEquals(generatorParams, changed(g0, g), "every encoder and decoder parameter moves under L1");
                assertEquals(0, changed(d0, d), "L1 must not move the discriminators");

                // L2's closed-form gradient for each discriminator's output bias: mean(σ(z_real) − 1) + mean(σ(z_fake)),
                // on the reconstructions of the iteration (before the generator's update), with the discriminators
                // as they were (L1 did not change them).
                float[][] expectedBias = new float[2][];
                for (int p = 0; p < 2; p++) {
                    Block dp = d.getDiscriminator(p);
                    float[] zr = dp.forward(new ParameterStore(m, false), new NDList(views.get(p)), false).head().toFloatArray();
                    float[] zf = dp.forward(new ParameterStore(m, false), new NDList(fakesBefore.get(p + 1)), false).head()
                            .toFloatArray();
                    double grad = 0;
                    for (int j = 0; j < n; j++) {
                        grad += (sigmoid(zr[j]) - 1) / n + sigmoid(zf[j]) / n;
                    }
                    float b = lastBias(dp)[0];
                    expectedBias[p] = new float[] {(float) (b - ETA * grad)};
                }
                Map<String, float[]> g1 = snapshot(g);
                s.discriminatorStep();
                assertEquals(0, changed(g1, g), "L2 sees the reconstructions with stopped gradient: the generator stays");
                assertEquals(discriminatorParams, changed(d0, d), "every discriminator parameter moves under L2");
                for (int p = 0; p < 2; p++) {
                    // a leftover L1 gradient in the discriminators would add lambda_d * dL_RD/db here
                    assertArrayEquals(expectedBias[p], lastBias(d.getDiscriminator(p)), 1e-6f, "discriminator " + p);
                }
            }
        }
    }

    @Test
    void withoutDiscriminatorsTheDecoderBiasFollowsTheMseGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 10;
            List<NDArray> views = randomViews(m, n, 6, 3);
            Emmf emmf = small().optLambdaD(0).optOptimizers(EmmfTest::sgd, EmmfTest::sgd).build();
            try (Emmf.Session s = emmf.newSession(views, m.getDevice())) {
                assertNull(s.discriminators());
                EmmfGenerator g = s.generator();
                NDList out = g.forward(new ParameterStore(m, false), new NDList(m.arange(0, n, 1, ai.djl.ndarray.types.DataType.INT64)), false);
                float[][] expected = new float[2][];
                double lossR = 0;
                for (int p = 0; p < 2; p++) {
                    int dp = p == 0 ? 6 : 3;
                    float[] xHat = out.get(p + 1).toFloatArray();
                    float[] x = views.get(p).toFloatArray();
                    float[] b = lastBias(g.getDecoder(p));
                    expected[p] = new float[dp];
                    for (int l = 0; l < dp; l++) {
                        double grad = 0;
                        for (int j = 0; j < n; j++) {
                            double r = xHat[j * dp + l] - x[j * dp + l];
                            grad += 2 * r / (n * dp);
                            lossR += r * r / (n * dp);
                        }
                        expected[p][l] = (float) (b[l] - ETA * grad);
                    }
                }
                float reported = s.generatorStep();
                assertEquals(lossR, reported, 1e-5, "L_R of Eq. 5 (sum over views of the mean squared error)");
                assertTrue(Float.isNaN(s.discriminatorStep()));
                for (int p = 0; p < 2; p++) {
                    assertArrayEquals(expected[p], lastBias(g.getDecoder(p)), 1e-6f, "decoder " + p);
                }
            }
        }
    }

    @Test
    void lossesMatchHandValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 0.5f, 0.25f}, new Shape(2, 2));
            NDArray xHat = m.create(new float[] {0.5f, 0.5f, 0.5f, 0.75f}, new Shape(2, 2));
            // MSE: (0.25 + 0.25 + 0 + 0.25) / 4
            assertEquals(0.1875, ReconstructionLoss.dist(x, xHat, ReconstructionLoss.Distance.MSE).getFloat(), 1e-6);
            double bce = -(Math.log(0.5) + Math.log(0.5) + Math.log(0.5) + 0.25 * Math.log(0.75) + 0.75 * Math.log(0.25)) / 4;
            assertEquals(bce, ReconstructionLoss.dist(x, xHat, ReconstructionLoss.Distance.BCE).getFloat(), 1e-5);
            NDList views = new NDList(x, x);
            assertEquals(0.375, new ReconstructionLoss(ReconstructionLoss.Distance.MSE)
                    .evaluate(views, new NDList(m.zeros(new Shape(2, 3)), xHat, xHat)).getFloat(), 1e-6);

            NDArray zReal = m.create(new float[] {2f, -1f}, new Shape(2, 1));
            NDArray zFake = m.create(new float[] {0f, 3f}, new Shape(2, 1));
            // -L_D = mean(-ln σ(z_real)) + mean(-ln(1 − σ(z_fake)))
            double ld = -(Math.log(sigmoid(2)) + Math.log(sigmoid(-1))) / 2 - (Math.log(1 - sigmoid(0)) + Math.log(1 - sigmoid(3))) / 2;
            assertEquals(ld, AdversarialLoss.discriminatorLoss(new NDList(zReal), new NDList(zFake)).getFloat(), 1e-5);
            assertEquals(ld, new AdversarialLoss(AdversarialLoss.Role.DISCRIMINATOR).evaluate(new NDList(), new NDList(zReal, zFake))
                    .getFloat(), 1e-5);
            // L_RD = mean(-ln σ(z_fake)), summed over views
            double lrd = -(Math.log(sigmoid(0)) + Math.log(sigmoid(3))) / 2;
            assertEquals(2 * lrd, AdversarialLoss.generatorLoss(new NDList(zFake, zFake)).getFloat(), 1e-5);
            // stable for large logits: -ln σ(-100) = 100
            assertEquals(100, AdversarialLoss.generatorLoss(new NDList(m.create(new float[] {-100f}, new Shape(1, 1)))).getFloat(),
                    1e-3);
        }
    }

    @Test
    void encoderLooksUpTableRowsAndFitReturnsTheRepresentation() {
        try (NDManager m = NDManager.newBaseManager()) {
            IdentityInputEncoder enc = new IdentityInputEncoder(50, new int[] {20, 6}, 4, true);
            enc.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(50));
            float[] table = enc.getTable().getArray().toFloatArray();
            float bound = (float) (1 / Math.sqrt(50));
            for (float v : table) {
                assertTrue(Math.abs(v) <= bound, "PyTorch's Linear(n, w) initialisation: |w| <= 1/sqrt(n)");
            }
            NDArray all = enc.forward(new ParameterStore(m, false), new NDList(m.arange(0, 50, 1, ai.djl.ndarray.types.DataType.INT64)), false).head();
            NDArray some = enc.forward(new ParameterStore(m, false), new NDList(m.create(new long[] {7, 3})), false).head();
            assertEquals(new Shape(50, 4), all.getShape());
            assertArrayEquals(all.get(7).toFloatArray(), some.get(0).toFloatArray(), 1e-6f, "row 7 of H is sample 7's code");
            assertTrue(all.min().getFloat() >= 0, "ReLU code option");

            List<NDArray> views = randomViews(m, 30, 5, 4, 3);
            Emmf emmf = small().optLambdaD(0.1f).optIterations(60).build();
            try (Emmf.Result r = emmf.fit(m, views)) {
                assertEquals(new Shape(30, 3), r.representation().getShape());
                float[] lr = r.reconstructionLoss();
                assertEquals(60, lr.length);
                assertEquals(60, r.discriminatorLoss().length);
                assertEquals(60, r.adversarialLoss().length);
                assertTrue(lr[59] < 0.8 * lr[0], "L_R falls: " + lr[0] + " -> " + lr[59]);
                try (Emmf.Result again = emmf.fit(m, views)) {
                    assertArrayEquals(r.representation().toFloatArray(), again.representation().toFloatArray(), 1e-5f,
                            "the seed makes a CPU run repeatable");
                }
            }
        }
    }

    @Test
    void bceOptionEndsDecodersInASigmoidAndReluCodeIsNonNegative() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 16;
            List<NDArray> views = randomViews(m, n, 5, 4);
            Emmf emmf = small().optDistance(ReconstructionLoss.Distance.BCE).optReluCode(true).optLambdaD(0).optIterations(30)
                    .build();
            try (Emmf.Session s = emmf.newSession(views, m.getDevice())) {
                float first = s.generatorStep();
                for (int t = 0; t < 29; t++) {
                    s.generatorStep();
                }
                NDList out = s.generator().forward(new ParameterStore(m, false),
                        new NDList(m.arange(0, n, 1, ai.djl.ndarray.types.DataType.INT64)), false);
                assertTrue(out.get(0).min().getFloat() >= 0, "ReLU code");
                for (int p = 1; p <= 2; p++) {
                    assertTrue(out.get(p).min().getFloat() > 0 && out.get(p).max().getFloat() < 1, "sigmoid outputs");
                }
                assertTrue(s.generatorStep() < first, "BCE falls");
            }
        }
    }

    @Test
    void stepsLeaveNoArraysBehind() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> views = randomViews(m, 20, 5, 4);
            try (Emmf.Session s = small().optLambdaD(0.1f).build().newSession(views, m.getDevice())) {
                for (int t = 0; t < 5; t++) {
                    s.step();
                }
                int before = s.liveArrays();
                for (int t = 0; t < 50; t++) {
                    s.step();
                }
                assertEquals(before, s.liveArrays(), "arrays held after 5 and after 55 iterations");
                NDArray h = s.representation();
                assertEquals(before + 1, s.liveArrays(), "the counter sees an array left on the session");
                h.close();
                assertEquals(before, s.liveArrays());
            }
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        assertThrows(IllegalArgumentException.class, () -> Emmf.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Emmf.builder().setRepresentationDim(2).optLambdaD(-1));
        assertThrows(IllegalArgumentException.class, () -> Emmf.builder().setRepresentationDim(2).optEncoderWidths());
        assertThrows(IllegalArgumentException.class, () -> new IdentityInputEncoder(10, new int[] {0}, 2, false));
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> views = List.of(m.zeros(new Shape(5, 3)), m.zeros(new Shape(4, 3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> small().build().fit(m, views));
            assertTrue(e.getMessage().contains("(5, d_p)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> small().build().fit(m, List.of()));
        }
    }
}
