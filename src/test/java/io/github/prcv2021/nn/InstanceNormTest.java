package io.github.prcv2021.nn;

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

/** InstanceNorm and AdaIn against statistics computed here in plain Java. */
class InstanceNormTest {

    /** Mean and biased standard deviation of channel c of sample n, in double precision. */
    private static double[] stats(float[] v, Shape s, int n, int c) {
        int hw = (int) (s.get(2) * s.get(3));
        int base = (int) ((n * s.get(1) + c) * hw);
        double m = 0;
        for (int i = 0; i < hw; i++) {
            m += v[base + i];
        }
        m /= hw;
        double var = 0;
        for (int i = 0; i < hw; i++) {
            var += (v[base + i] - m) * (v[base + i] - m);
        }
        return new double[] {m, Math.sqrt(var / hw)};
    }

    @Test
    void outputHasZeroMeanAndUnitVariancePerSampleAndChannel() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray x = m.randomNormal(2f, 5f, new Shape(3, 4, 6, 5), DataType.FLOAT32);
            NDArray y = InstanceNorm.instanceNorm(x, 1e-5f);
            float[] v = y.toFloatArray();
            for (int n = 0; n < 3; n++) {
                for (int c = 0; c < 4; c++) {
                    double[] st = stats(v, y.getShape(), n, c);
                    assertEquals(0, st[0], 1e-5);
                    assertEquals(1, st[1], 1e-4);
                }
            }
        }
    }

    @Test
    void affineBlockShiftsAndScalesByItsParameters() {
        try (NDManager m = NDManager.newBaseManager()) {
            InstanceNorm block = InstanceNorm.builder().optAffine(true).build();
            block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 4));
            block.getParameters().get("gamma").getArray().set(new float[] {2f, 0.5f, 3f});
            block.getParameters().get("beta").getArray().set(new float[] {-1f, 0f, 4f});
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 3, 4, 4));
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            float[] v = y.toFloatArray();
            double[] g = {2, 0.5, 3};
            double[] b = {-1, 0, 4};
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    double[] st = stats(v, y.getShape(), n, c);
                    assertEquals(b[c], st[0], 1e-4);
                    assertEquals(g[c], st[1], 1e-3);
                }
            }
        }
    }

    @Test
    void adaInGivesEachChannelTheStyleMeanAndStd() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(-1f, 3f, new Shape(2, 3, 5, 5), DataType.FLOAT32);
            float[] gamma = {1.5f, 0.2f, 2f, 0.7f, 3f, 1f};
            float[] beta = {0.3f, -2f, 5f, 1f, 0f, -0.5f};
            NDArray y = AdaIn.apply(x, m.create(gamma, new Shape(2, 3)), m.create(beta, new Shape(2, 3)), 1e-5f);
            float[] v = y.toFloatArray();
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 3; c++) {
                    double[] st = stats(v, y.getShape(), n, c);
                    assertEquals(beta[n * 3 + c], st[0], 1e-4);
                    assertEquals(gamma[n * 3 + c], st[1], 1e-3);
                }
            }
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> InstanceNorm.instanceNorm(m.zeros(new Shape(2, 3, 4)), 1e-5f));
            assertTrue(e.getMessage().contains("(N, C, H, W)") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
            NDArray x = m.zeros(new Shape(2, 3, 4, 4));
            e = assertThrows(IllegalArgumentException.class, () -> AdaIn.apply(x, m.ones(new Shape(2, 4)), m.zeros(new Shape(2, 3)), 1e-5f));
            assertTrue(e.getMessage().contains("gamma of shape (2, 3)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> InstanceNorm.instanceNorm(x, 0f));
            assertThrows(IllegalArgumentException.class, () -> InstanceNorm.builder().optEpsilon(-1f));
        }
    }
}
