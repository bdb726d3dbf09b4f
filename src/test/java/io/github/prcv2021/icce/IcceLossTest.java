package io.github.prcv2021.icce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IcceLossTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Independent truth: composite Simpson quadrature of ∫_p^1 e^{T(q−0.5)}/q dq. */
    private static double quadrature(double p, double t) {
        int n = 200_000;
        double h = (1 - p) / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double q = p + i * h;
            double f = Math.exp(t * (q - 0.5)) / q;
            s += f * (i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2));
        }
        return s * h / 3;
    }

    @Test
    void seriesValueMatchesQuadratureAndDigestValues() {
        double[] ps = {0.01, 0.1, 0.5, 0.9, 0.999};
        double[] digest = {3.0088, 2.6426, 1.9863, 0.6394, 0.00738};
        for (int i = 0; i < ps.length; i++) {
            double q = quadrature(ps[i], 4);
            assertEquals(q, IcceLoss.value(ps[i], 4), 1e-8, "p=" + ps[i]);
            assertEquals(digest[i], q, 5e-4 * Math.max(1, digest[i]), "p=" + ps[i]);
        }
        for (double t : new double[] {0.5, 1, 2, 8}) {
            for (double p : new double[] {0.02, 0.3, 0.77}) {
                assertEquals(quadrature(p, t), IcceLoss.value(p, t), 1e-7, "T=" + t + " p=" + p);
            }
        }
    }

    @Test
    void batchLossEqualsMeanOfExactValues() {
        // logits chosen so that p_y takes known values: z = (ln p, ln(1-p)) for K = 2
        double[] ps = {0.01, 0.1, 0.5, 0.9, 0.999};
        float[] z = new float[ps.length * 2];
        for (int i = 0; i < ps.length; i++) {
            z[2 * i] = (float) Math.log(ps[i]);
            z[2 * i + 1] = (float) Math.log(1 - ps[i]);
        }
        NDArray logits = manager.create(z).reshape(ps.length, 2);
        NDArray labels = manager.zeros(new ai.djl.ndarray.types.Shape(ps.length));
        double expected = 0;
        for (double p : ps) {
            expected += IcceLoss.value(p, 4) / ps.length;
        }
        float got = IcceLoss.builder().build().evaluate(new NDList(labels), new NDList(logits)).getFloat();
        assertEquals(expected, got, 2e-5 * Math.max(1, expected));
    }

    @Test
    void gradientEqualsWeightedCrossEntropyGradient() {
        for (float t : new float[] {0f, 1f, 4f}) {
            for (IcceLoss.Mode mode : IcceLoss.Mode.values()) {
                try (NDManager sub = manager.newSubManager()) {
                    Engine.getInstance().setRandomSeed(3);
                    NDArray logits = sub.randomNormal(new ai.djl.ndarray.types.Shape(16, 5)).mul(2f);
                    NDArray labels = sub.randomInteger(0, 5, new ai.djl.ndarray.types.Shape(16), ai.djl.ndarray.types.DataType.INT32);
                    logits.setRequiresGradient(true);
                    IcceLoss loss = IcceLoss.builder().setT(t).optMode(mode).build();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(loss.evaluate(new NDList(labels), new NDList(logits)));
                    }
                    NDArray grad = logits.getGradient();
                    NDArray soft = logits.softmax(1);
                    NDArray onehot = labels.oneHot(5);
                    NDArray py = soft.mul(onehot).sum(new int[] {1}, true);
                    NDArray expected = soft.sub(onehot).mul(py.sub(0.5f).mul(t).exp()).div(16f);
                    float maxErr = grad.sub(expected).abs().max().getFloat();
                    assertTrue(maxErr < 1e-5f, "T=" + t + " " + mode + " max error " + maxErr);
                }
            }
        }
    }

    @Test
    void tZeroIsDjlSoftmaxCrossEntropy() {
        try (NDManager sub = manager.newSubManager()) {
            NDArray logits = sub.randomNormal(new ai.djl.ndarray.types.Shape(32, 10));
            NDArray labels = sub.randomInteger(0, 10, new ai.djl.ndarray.types.Shape(32), ai.djl.ndarray.types.DataType.INT32);
            float ours = IcceLoss.builder().setT(0).build().evaluate(new NDList(labels), new NDList(logits)).getFloat();
            float djl = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertEquals(djl, ours, 1e-5f);
            float cce = BaselineLosses.cce().evaluate(new NDList(labels), new NDList(logits)).getFloat();
            assertEquals(djl, cce, 1e-5f);
        }
    }

    @Test
    void oneHotLabelsGiveTheSameValue() {
        try (NDManager sub = manager.newSubManager()) {
            NDArray logits = sub.randomNormal(new ai.djl.ndarray.types.Shape(8, 4));
            NDArray labels = sub.create(new int[] {0, 1, 2, 3, 3, 2, 1, 0});
            float sparse = IcceLoss.builder().build().evaluate(new NDList(labels), new NDList(logits)).getFloat();
            float dense = IcceLoss.builder().optSparseLabel(false).build()
                    .evaluate(new NDList(labels.oneHot(4)), new NDList(logits)).getFloat();
            assertEquals(sparse, dense, 1e-5f);
        }
    }

    @Test
    void baselineValuesMatchTheirDefinitions() {
        try (NDManager sub = manager.newSubManager()) {
            // K = 2, p_y = 0.8
            NDArray logits = sub.create(new float[] {(float) Math.log(0.8), (float) Math.log(0.2)}).reshape(1, 2);
            NDArray label = sub.create(new int[] {0});
            NDList l = new NDList(label);
            NDList z = new NDList(logits);
            assertEquals(2 * 0.2, BaselineLosses.mae().evaluate(l, z).getFloat(), 1e-5);
            assertEquals((1 - Math.pow(0.8, 0.7)) / 0.7, BaselineLosses.gce(0.7f).evaluate(l, z).getFloat(), 1e-5);
            double imaeWeight = Math.exp(8 * 0.8 * 0.2) / 0.2;
            assertEquals(imaeWeight * -Math.log(0.8), BaselineLosses.imae(8).evaluate(l, z).getFloat(), 1e-4);
        }
    }

    @Test
    void baselineGradientsAreWeightedCrossEntropy() {
        // weight on the CE gradient: MAE 2p, GCE p^q, IMAE e^{Tp(1-p)}/(1-p)
        try (NDManager sub = manager.newSubManager()) {
            NDArray logits = sub.randomNormal(new ai.djl.ndarray.types.Shape(12, 3));
            NDArray labels = sub.randomInteger(0, 3, new ai.djl.ndarray.types.Shape(12), ai.djl.ndarray.types.DataType.INT32);
            ProbabilityLoss[] losses = {BaselineLosses.mae(), BaselineLosses.gce(0.7f), BaselineLosses.imae(8f)};
            for (ProbabilityLoss loss : losses) {
                NDArray x = logits.duplicate();
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(loss.evaluate(new NDList(labels), new NDList(x)));
                }
                NDArray soft = logits.softmax(1);
                NDArray onehot = labels.oneHot(3);
                NDArray p = soft.mul(onehot).sum(new int[] {1}, true);
                NDArray w;
                switch (loss.getName()) {
                    case "MAE": w = p.mul(2f); break;
                    case "GCE": w = p.pow(0.7f); break;
                    default: w = p.mul(p.neg().add(1f)).mul(8f).exp().div(p.neg().add(1f)); break;
                }
                NDArray expected = soft.sub(onehot).mul(w).div(12f);
                float err = x.getGradient().sub(expected).abs().max().getFloat();
                assertTrue(err < 1e-4f, loss.getName() + " gradient error " + err);
            }
        }
    }

    @Test
    void badInputIsAClearError() {
        try (NDManager sub = manager.newSubManager()) {
            IcceLoss loss = IcceLoss.builder().build();
            NDArray logits = sub.zeros(new ai.djl.ndarray.types.Shape(4, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(new NDList(sub.create(new int[] {0, 1, 2, 3})), new NDList(logits)));
            assertTrue(e.getMessage().contains("class indices in [0, 2]"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(new NDList(sub.create(new int[] {0, 1})), new NDList(logits)));
            assertTrue(e.getMessage().contains("(4)"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> loss.evaluate(new NDList(sub.create(new int[] {0})), new NDList(sub.zeros(new ai.djl.ndarray.types.Shape(32)))));
            assertTrue(e.getMessage().startsWith("ICCE expects logits of shape (N, K)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> IcceLoss.builder().setT(-1));
            assertThrows(IllegalArgumentException.class, () -> BaselineLosses.gce(0f));
            assertThrows(IllegalArgumentException.class, () -> BaselineLosses.byName("focal", 4, 0.7f, 8));
        }
    }
}
