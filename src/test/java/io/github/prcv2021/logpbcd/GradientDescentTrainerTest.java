package io.github.prcv2021.logpbcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientDescentTrainerTest extends TrainerTestBase {

    private static double[][] matrix(NDArray a) {
        int r = (int) a.getShape().get(0);
        int c = a.getShape().dimension() == 2 ? (int) a.getShape().get(1) : 1;
        float[] f = a.toFloatArray();
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[i][j] = f[i * c + j];
            }
        }
        return out;
    }

    @Test
    void oneIterationIsOneFullBatchGradientStepOnTheMeanCrossEntropy() {
        int d0 = 3;
        int d1 = 4;
        int k = 2;
        int m = 5;
        double lr = 0.5;
        TestData d = TestData.random(manager, d0, m, k, 41, DataType.FLOAT32);
        try (GradientDescentTrainer t = GradientDescentTrainer.builder().optLayerSizes(d0, d1, k).optLearningRate(lr)
                .optInit(GradientDescentTrainer.Init.DJL_DEFAULT).build()) {
            t.initialize(d.x, d.yOneHot);
            double[][] w1 = matrix(t.weight(1));
            double[][] b1 = matrix(t.biasColumn(1));
            double[][] w2 = matrix(t.weight(2));
            double[][] b2 = matrix(t.biasColumn(2));
            double[][] x = matrix(d.x);
            // independent forward and backward pass in plain Java
            double[][] gw1 = new double[d1][d0];
            double[] gb1 = new double[d1];
            double[][] gw2 = new double[k][d1];
            double[] gb2 = new double[k];
            double loss = 0;
            for (int j = 0; j < m; j++) {
                double[] z1 = new double[d1];
                double[] h = new double[d1];
                for (int i = 0; i < d1; i++) {
                    z1[i] = b1[i][0];
                    for (int q = 0; q < d0; q++) {
                        z1[i] += w1[i][q] * x[q][j];
                    }
                    h[i] = Math.max(0, z1[i]);
                }
                double[] z2 = new double[k];
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    z2[c] = b2[c][0];
                    for (int i = 0; i < d1; i++) {
                        z2[c] += w2[c][i] * h[i];
                    }
                    max = Math.max(max, z2[c]);
                }
                double norm = 0;
                for (int c = 0; c < k; c++) {
                    norm += Math.exp(z2[c] - max);
                }
                int y = d.labels[j];
                loss += -(z2[y] - max - Math.log(norm)) / m;
                double[] dz2 = new double[k];
                for (int c = 0; c < k; c++) {
                    dz2[c] = (Math.exp(z2[c] - max) / norm - (c == y ? 1 : 0)) / m;
                    gb2[c] += dz2[c];
                    for (int i = 0; i < d1; i++) {
                        gw2[c][i] += dz2[c] * h[i];
                    }
                }
                for (int i = 0; i < d1; i++) {
                    double dh = 0;
                    for (int c = 0; c < k; c++) {
                        dh += w2[c][i] * dz2[c];
                    }
                    double dz1 = z1[i] > 0 ? dh : 0;
                    gb1[i] += dz1;
                    for (int q = 0; q < d0; q++) {
                        gw1[i][q] += dz1 * x[q][j];
                    }
                }
            }
            IterationRecord r = t.iterate();
            assertTrue(r.objective() < loss, "the step lowers the cross-entropy (" + loss + " -> " + r.objective() + ")");
            double[][] nw1 = matrix(t.weight(1));
            double[][] nb1 = matrix(t.biasColumn(1));
            double[][] nw2 = matrix(t.weight(2));
            double[][] nb2 = matrix(t.biasColumn(2));
            for (int i = 0; i < d1; i++) {
                assertEquals(b1[i][0] - lr * gb1[i], nb1[i][0], 1e-5);
                for (int q = 0; q < d0; q++) {
                    assertEquals(w1[i][q] - lr * gw1[i][q], nw1[i][q], 1e-5);
                }
            }
            for (int c = 0; c < k; c++) {
                assertEquals(b2[c][0] - lr * gb2[c], nb2[c][0], 1e-5);
                for (int i = 0; i < d1; i++) {
                    assertEquals(w2[c][i] - lr * gw2[c][i], nw2[c][i], 1e-5);
                }
            }
        }
    }

    @Test
    void initialisationsHaveTheirDocumentedScales() {
        TestData d = TestData.random(manager, 400, 10, 3, 42, DataType.FLOAT32);
        try (GradientDescentTrainer t = GradientDescentTrainer.builder().optLayerSizes(400, 300, 3).build()) {
            t.initialize(d.x, d.yOneHot);
            double bound = 1 / Math.sqrt(400);
            assertTrue(t.weight(1).abs().max().getFloat() <= bound);
            assertEquals(bound / Math.sqrt(3), std(t.weight(1)), 0.02 * bound);
            assertTrue(t.biasColumn(1).abs().max().getFloat() <= bound);
        }
        try (GradientDescentTrainer t = GradientDescentTrainer.builder().optLayerSizes(400, 300, 3)
                .optInit(GradientDescentTrainer.Init.DJL_DEFAULT).build()) {
            t.initialize(d.x, d.yOneHot);
            assertEquals(Math.sqrt(2.0 / 400), std(t.weight(1)), 0.02 * Math.sqrt(2.0 / 400));
            assertEquals(0f, t.biasColumn(1).abs().max().getFloat(), 0f);
        }
        try (GradientDescentTrainer t = GradientDescentTrainer.builder().optLayerSizes(400, 300, 3)
                .optInit(GradientDescentTrainer.Init.PAPER_BCD).build()) {
            t.initialize(d.x, d.yOneHot);
            assertEquals(0.01, std(t.weight(1)), 0.0002);
            assertEquals(0.1f, t.biasColumn(2).min().getFloat(), 1e-7f);
            assertEquals(0.1f, t.biasColumn(2).max().getFloat(), 1e-7f);
        }
    }

    private static double std(NDArray a) {
        float[] f = a.toFloatArray();
        double s = 0;
        double s2 = 0;
        for (float v : f) {
            s += v;
            s2 += v * v;
        }
        double mean = s / f.length;
        return Math.sqrt(s2 / f.length - mean * mean);
    }

    @Test
    void separatesGaussianBlobsAndExportsTheSameNetwork() {
        TestData train = TestData.blobs(manager, 10, 200, 2, 43);
        TestData test = TestData.blobs(manager, 10, 200, 2, 44);
        try (GradientDescentTrainer t = GradientDescentTrainer.builder().optLayerSizes(10, 16, 16, 2)
                .optPaperSetting(PaperSetting.FASHION_MNIST).build()) {
            List<IterationRecord> h = t.fit(train.x, train.yOneHot, 30);
            assertEquals("SGD", h.get(0).method());
            assertTrue(h.get(29).trainAccuracy() >= 0.95, h.get(29).toString());
            assertTrue(t.accuracy(test.x, test.labelIndices(manager)) >= 0.95);

            SequentialBlock block = t.toBlock();
            NDArray out = block.forward(new ParameterStore(manager, false), new NDList(test.x.transpose()), false)
                    .singletonOrThrow();
            assertEquals(0.0, out.sub(t.scores(test.x).transpose()).abs().max().getFloat(), 1e-5);

            NDArray h1 = Activation.relu(t.weight(1).matMul(train.x).add(t.biasColumn(1)));
            double zeros = h1.eq(0).sum().getLong() / (double) h1.size();
            assertEquals(zeros, t.activationSparsity(1), 1e-12);
        }
    }

    @Test
    void memoryStaysFlat() {
        TestData d = TestData.random(manager, 8, 30, 3, 45, DataType.FLOAT32);
        int before = manager.getManagedArrays().size();
        try (GradientDescentTrainer t = GradientDescentTrainer.builder().optLayerSizes(8, 6, 5, 3).build()) {
            t.initialize(d.x, d.yOneHot);
            for (int i = 0; i < 5; i++) {
                t.iterate();
            }
            int settled = manager.getManagedArrays().size();
            long modelArrays = t.model().getNDManager().getManagedArrays().size();
            for (int i = 0; i < 200; i++) {
                t.iterate();
            }
            t.activationSparsity(2);
            t.accuracy(d.x, d.yOneHot);
            assertEquals(settled, manager.getManagedArrays().size());
            assertEquals(modelArrays, t.model().getNDManager().getManagedArrays().size(), "arrays in the DJL model");
        }
        assertEquals(before, manager.getManagedArrays().size());
    }

    @Test
    void badSettingsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradientDescentTrainer.builder().optLearningRate(Double.NaN).build());
        assertTrue(e.getMessage().startsWith("GradientDescentTrainer.Builder expects learning rate > 0 and finite, got NaN"),
                e.getMessage());
    }
}
