package io.github.prcv2021.fdattention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.prcv2021.nn.CifarResNet;
import org.junit.jupiter.api.Test;

/** The FD module (Eqs. 2–5) against closed forms computed by hand. */
class FdAttentionTest {

    private static double smoothRef(double x, double beta) {
        return Math.abs(x) < beta ? 0.5 * x * x / beta : Math.abs(x) - 0.5 * beta;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void smoothMatchesEq3OnBothBranches() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] xs = {0, 0.5, -0.5, 0.999, 1, -1, 2, -2, -3.25, 7};
            for (float beta : new float[] {1f, 2f, 0.5f}) {
                double[] got = FdAttention.smooth(m.create(xs), beta).toDoubleArray();
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(smoothRef(xs[i], beta), got[i], 1e-12, "x=" + xs[i] + " beta=" + beta);
                }
            }
            // the digest's hand values at beta = 1: |x| = 0.5 -> 0.125, |x| = 2 -> 1.5
            assertArrayEquals(new float[] {0.125f, 1.5f}, FdAttention.smooth(m.create(new float[] {-0.5f, 2f}), 1f).toFloatArray());
        }
    }

    @Test
    void maskIsExactlyOneHalfWhereTheOutputEqualsTheInput() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 5, 5));
            NDArray mask = FdAttention.mask(x, x.duplicate(), 1f);
            assertEquals(0.5f, mask.min().getFloat(), 0f);
            assertEquals(0.5f, mask.max().getFloat(), 0f);
            // FD around an operator that changes nothing halves its output (Sect. 5: "close to 0.5")
            FdAttention block = FdAttention.wrap(Blocks.identityBlock());
            block.initialize(m, DataType.FLOAT32, x.getShape());
            NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            assertEquals(0f, y.sub(x.mul(0.5f)).abs().max().getFloat(), 0f);
        }
    }

    @Test
    void maskIsBoundedGrowsWithTheChangeAndTendsToOne() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(0, 3, new Shape(4, 8, 6, 6), DataType.FLOAT32);
            NDArray f = m.randomNormal(0, 3, new Shape(4, 8, 6, 6), DataType.FLOAT32);
            NDArray mask = FdAttention.mask(x, f, 1f);
            assertTrue(mask.min().getFloat() >= 0.5f && mask.max().getFloat() <= 1f, "mask in [0.5, 1]");
            double[] d = {0, 0.3, 0.9, 1.5, 4, 10, 40};
            double[] got = FdAttention.mask(m.zeros(new Shape(d.length), DataType.FLOAT64), m.create(d), 1f).toDoubleArray();
            for (int i = 0; i < d.length; i++) {
                assertEquals(sigmoid(smoothRef(d[i], 1)), got[i], 1e-12);
                assertTrue(i == 0 || got[i] > got[i - 1], "increasing in |F - X|");
            }
            assertTrue(got[d.length - 1] > 1 - 1e-12, "mask -> 1 for a large change");
            // symmetric in the sign of the change
            assertArrayEquals(got, FdAttention.mask(m.create(d), m.zeros(new Shape(d.length), DataType.FLOAT64), 1f).toDoubleArray(), 0);
        }
    }

    @Test
    void refineIsTheMaskTimesTheOutput() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] x = {1.0, -2.0, 0.25, 3.0};
            double[] f = {1.0, 1.0, -0.25, -1.5};
            double[] got = FdAttention.refine(m.create(x), m.create(f), 1f).toDoubleArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(sigmoid(smoothRef(f[i] - x[i], 1)) * f[i], got[i], 1e-12);
            }
            assertEquals(0.5, got[0], 1e-12); // unchanged pixel: halved
        }
    }

    @Test
    void gradientsReachBothTapsAndMatchTheAnalyticDerivative() {
        try (NDManager m = NDManager.newBaseManager()) {
            double[] xv = {0.2, -1.0, 0.7, 2.0, -0.4, 0.0};
            double[] fv = {0.5, 1.5, 0.7, -0.1, -2.9, 0.3};
            NDArray x = m.create(xv);
            NDArray f = m.create(fv);
            x.setRequiresGradient(true);
            f.setRequiresGradient(true);
            try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                gc.backward(FdAttention.refine(x, f, 1f).sum());
            }
            double[] gx = x.getGradient().toDoubleArray();
            double[] gf = f.getGradient().toDoubleArray();
            for (int i = 0; i < xv.length; i++) {
                double d = fv[i] - xv[i];
                double s = sigmoid(smoothRef(d, 1));
                double ds = Math.abs(d) < 1 ? d : Math.signum(d); // smooth'(d)
                double viaMask = fv[i] * s * (1 - s) * ds;
                assertEquals(s + viaMask, gf[i], 1e-12, "dF at " + i);
                assertEquals(-viaMask, gx[i], 1e-12, "dX at " + i);
            }
            // a central finite difference agrees (independent of the closed form above)
            double h = 1e-6;
            for (int i = 0; i < xv.length; i++) {
                double[] xp = xv.clone();
                double[] xm = xv.clone();
                xp[i] += h;
                xm[i] -= h;
                double num = (FdAttention.refine(m.create(xp), m.create(fv), 1f).sum().getDouble()
                        - FdAttention.refine(m.create(xm), m.create(fv), 1f).sum().getDouble()) / (2 * h);
                assertEquals(num, gx[i], 1e-6, "finite difference dX at " + i);
            }
            assertTrue(x.getGradient().abs().sum().getDouble() > 0 && f.getGradient().abs().sum().getDouble() > 0);
        }
    }

    @Test
    void gradientsReachBothTapsInsideTheBlock() {
        try (NDManager m = NDManager.newBaseManager()) {
            FdAttention block = FdAttention.wrap(CifarResNet.convBn(4, 1));
            Shape in = new Shape(2, 4, 5, 5);
            block.initialize(m, DataType.FLOAT32, in);
            NDArray x = m.randomNormal(in);
            x.setRequiresGradient(true);
            try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            assertTrue(x.getGradient().abs().sum().getFloat() > 0, "gradient reaches X");
            for (var p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    assertTrue(p.getValue().getArray().getGradient().abs().sum().getFloat() > 0, p.getKey());
                }
            }
        }
    }

    @Test
    void shapeChangesAndBadArgumentsAreClearErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            FdAttention strided = FdAttention.wrap(Conv2d.builder().setKernelShape(new Shape(3, 3))
                    .optStride(new Shape(2, 2)).optPadding(new Shape(1, 1)).setFilters(4).build());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> strided.initialize(m, DataType.FLOAT32, new Shape(1, 4, 8, 8)));
            assertTrue(e.getMessage().startsWith("FdAttention expects") && e.getMessage().endsWith("got (1, 4, 4, 4)"),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> FdAttention.refine(m.zeros(new Shape(2, 3)), m.zeros(new Shape(3, 2)), 1f));
            assertThrows(IllegalArgumentException.class, () -> FdAttention.builder().build());
            assertThrows(IllegalArgumentException.class,
                    () -> FdAttention.builder().setInner(Blocks.identityBlock()).optBeta(0f));
            assertThrows(IllegalArgumentException.class,
                    () -> FdAttention.smooth(m.zeros(new Shape(2), DataType.INT32), 1f));
        }
    }
}
