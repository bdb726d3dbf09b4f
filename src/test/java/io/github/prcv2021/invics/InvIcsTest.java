package io.github.prcv2021.invics;

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
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Invertibility, the closed forms and the input checks of the InvICS blocks. */
class InvIcsTest {

    private static InvIcsNet smallNet(int measurements, int phases, int z) {
        return InvIcsNet.builder().setMeasurements(measurements).optPhases(phases).optStateChannels(z).optDenseLayers(3)
                .optDenseGrowth(8).build();
    }

    /** Initialises and then perturbs every parameter, so zero-started layers are not trivially invertible. */
    private static void initPerturbed(InvIcsNet net, NDManager manager, Shape input) {
        Engine.getInstance().setRandomSeed(7);
        net.initialize(manager, DataType.FLOAT32, input);
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (!p.getKey().contains("phi")) {
                NDArray a = p.getValue().getArray();
                a.addi(manager.randomNormal(0, 0.05f, a.getShape(), DataType.FLOAT32));
            }
        }
    }

    private static double maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    @Test
    void everyPhaseInvertsToOneThousandth() {
        try (NDManager m = NDManager.newBaseManager()) {
            InvIcsNet net = smallNet(272, 3, 8);
            initPerturbed(net, m, new Shape(2, 1, 66, 66));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(2, 1, 66, 66));
            NDArray y = net.measure(ps, x);
            NDArray phi = net.phi(ps, x.getDevice(), false);
            NDArray u = m.randomNormal(new Shape(2, 8, 66, 66));
            for (InvIcsPhase phase : net.phases()) {
                NDArray out = phase.forward(ps, new NDList(u, y, phi), false).singletonOrThrow();
                assertTrue(maxAbsDiff(out, u) > 1e-2, "the phase is not the identity");
                NDArray back = phase.inverse(ps, new NDList(out, y, phi)).singletonOrThrow();
                assertTrue(maxAbsDiff(back, u) < 1e-3, "phase inverse error " + maxAbsDiff(back, u));
                NDArray g = phase.gradientStep().forward(ps, new NDList(u, y, phi), false).singletonOrThrow();
                assertTrue(maxAbsDiff(phase.gradientStep().inverse(ps, new NDList(g, y, phi)).singletonOrThrow(), u) < 1e-3);
                NDArray c = phase.coupling().forward(ps, new NDList(u), false).singletonOrThrow();
                assertTrue(maxAbsDiff(phase.coupling().inverse(ps, new NDList(c)).singletonOrThrow(), u) < 1e-3);
            }
        }
    }

    @Test
    void wholeRecoverySubnetInverts() {
        try (NDManager m = NDManager.newBaseManager()) {
            InvIcsNet net = smallNet(109, 4, 4);
            initPerturbed(net, m, new Shape(1, 1, 33, 66));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 33, 66));
            NDArray y = net.measure(ps, x);
            NDArray u0 = net.initialState(ps, net.initialEstimate(ps, y), false);
            NDArray uK = net.recover(ps, u0, y, false);
            NDArray back = net.recoverInverse(ps, uK, y);
            assertEquals(new Shape(1, 4, 33, 66), uK.getShape());
            assertTrue(maxAbsDiff(back, u0) < 1e-3, "recovery inverse error " + maxAbsDiff(back, u0));
        }
    }

    @Test
    void xavierPhiGradientStepStillInvertsWhereWellConditioned() {
        // Xavier Φ: the inverse exists unless an eigenvalue of ΦΦᵀ equals 1/ρ; with M = 10 rows of squared norm ≈ 2
        // the spectrum sits near 2 and ρ = 1.5 keeps 1 − ρλ away from zero
        try (NDManager m = NDManager.newBaseManager()) {
            InvIcsNet net = InvIcsNet.builder().setMeasurements(10).optPhases(1).optStateChannels(2)
                    .optPhiInit(InvIcsNet.PhiInit.XAVIER).build();
            initPerturbed(net, m, new Shape(1, 1, 33, 33));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomUniform(0, 1, new Shape(1, 1, 33, 33));
            NDArray y = net.measure(ps, x);
            NDArray phi = net.phi(ps, x.getDevice(), false);
            NDArray u = m.randomNormal(new Shape(1, 2, 33, 33));
            GradientDescentModule gdm = net.phases().get(0).gradientStep();
            NDArray out = gdm.forward(ps, new NDList(u, y, phi), false).singletonOrThrow();
            assertTrue(maxAbsDiff(gdm.inverse(ps, new NDList(out, y, phi)).singletonOrThrow(), u) < 1e-3);
        }
    }

    @Test
    void orthogonalMixingIsOrthogonal() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray v = m.randomNormal(new Shape(8, 8));
            NDArray w = OrthogonalConv1x1.cayley(v);
            NDArray eye = m.eye(8);
            assertTrue(maxAbsDiff(w.matMul(w.transpose()), eye) < 1e-5);
            assertTrue(maxAbsDiff(w.transpose().matMul(w), eye) < 1e-5);
            // by hand: S = [0 a; 0 0], A = [0 a; −a 0], (I − A)(I + A)⁻¹ = [1 − a², −2a; 2a, 1 − a²] / (1 + a²); a = 0.5
            NDArray h = OrthogonalConv1x1.cayley(m.create(new float[] {0, 0.5f, 0, 0}, new Shape(2, 2)));
            assertArrayEquals(new float[] {0.6f, -0.8f, 0.8f, 0.6f}, h.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void mixingAppliesTheMatrixAcrossChannels() {
        try (NDManager m = NDManager.newBaseManager()) {
            OrthogonalConv1x1 u = new OrthogonalConv1x1(2, 0f);
            u.initialize(m, DataType.FLOAT32, new Shape(1, 2, 1, 1));
            u.getParameters().get("skew").getArray().set(new float[] {0, 0.5f, 0, 0});
            ParameterStore ps = new ParameterStore(m, false);
            NDArray in = m.create(new float[] {1, 3}, new Shape(1, 2, 1, 1));
            NDArray out = u.forward(ps, new NDList(in), false).singletonOrThrow();
            // [0.6 −0.8; 0.8 0.6] (1, 3) = (0.6 − 2.4, 0.8 + 1.8)
            assertArrayEquals(new float[] {-1.8f, 2.6f}, out.toFloatArray(), 1e-5f);
            assertArrayEquals(new float[] {1, 3}, u.inverse(ps, new NDList(out)).singletonOrThrow().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void gradientStepEqualsItsClosedForm() {
        // 3×3 blocks, M = 2, a 3×6 image of two blocks: r = x − ρ Φᵀ(Φx − y) per block, by hand in doubles
        int b = 3;
        Random rnd = new Random(3);
        double[][] phi = new double[2][9];
        float[] phiF = new float[18];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 9; j++) {
                phi[i][j] = rnd.nextGaussian();
                phiF[i * 9 + j] = (float) phi[i][j];
            }
        }
        float[] img = new float[18];
        for (int i = 0; i < 18; i++) {
            img[i] = rnd.nextFloat();
        }
        float[] yv = {0.3f, -0.2f, 0.5f, 0.1f}; // (1, 2, 1, 2): y[m][block]
        double rho = 1.5;
        double[] expected = new double[18];
        for (int blk = 0; blk < 2; blk++) {
            double[] xb = new double[9];
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    xb[r * 3 + c] = img[r * 6 + blk * 3 + c];
                }
            }
            double[] res = new double[2];
            for (int i = 0; i < 2; i++) {
                double s = 0;
                for (int j = 0; j < 9; j++) {
                    s += phi[i][j] * xb[j];
                }
                res[i] = s - yv[i * 2 + blk];
            }
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    int j = r * 3 + c;
                    double g = phi[0][j] * res[0] + phi[1][j] * res[1];
                    expected[r * 6 + blk * 3 + c] = xb[j] - rho * g;
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(img, new Shape(1, 1, 3, 6));
            NDArray y = m.create(yv, new Shape(1, 2, 1, 2));
            NDArray p = m.create(phiF, new Shape(2, 9));
            float[] got = GradientDescentModule.gradientStep(x, y, p, m.create(new float[] {1.5f}), b).toFloatArray();
            for (int i = 0; i < 18; i++) {
                assertEquals(expected[i], got[i], 1e-5, "pixel " + i);
            }
            // the block at ρ* = 0 (ρ = 1.5) does the same on channel 0 and passes channel 1 through
            GradientDescentModule gdm = new GradientDescentModule(b, 0f);
            NDArray u = x.concat(m.ones(new Shape(1, 1, 3, 6)), 1);
            gdm.initialize(m, DataType.FLOAT32, u.getShape(), y.getShape(), p.getShape());
            ParameterStore ps = new ParameterStore(m, false);
            assertEquals(1.5, gdm.rhoValue(ps, x.getDevice()), 1e-7);
            NDArray out = gdm.forward(ps, new NDList(u, y, p), false).singletonOrThrow();
            float[] o = out.toFloatArray();
            for (int i = 0; i < 18; i++) {
                assertEquals(expected[i], o[i], 1e-5);
                assertEquals(1f, o[18 + i], 0f);
            }
        }
    }

    @Test
    void samplingIsBlockwiseMatrixProductAndTransposeIsItsAdjoint() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray phi = m.randomNormal(new Shape(5, 16));
            NDArray x = m.randomNormal(new Shape(2, 1, 8, 12));
            NDArray y = CsOperators.sample(x, phi, 4);
            assertEquals(new Shape(2, 5, 2, 3), y.getShape());
            NDArray rows = CsOperators.toBlocks(x, 4); // (12, 16)
            NDArray byHand = rows.matMul(phi.transpose()); // (12, 5), block order (n, i, j)
            NDArray yRows = y.transpose(0, 2, 3, 1).reshape(12, 5);
            assertTrue(maxAbsDiff(byHand, yRows) < 1e-4);
            assertTrue(maxAbsDiff(CsOperators.fromBlocks(rows, 2, 2, 3, 4), x) == 0);
            // <φ(x), w> = <x, φᵀ(w)>
            NDArray w = m.randomNormal(y.getShape());
            double lhs = y.mul(w).sum().getFloat();
            double rhs = x.mul(CsOperators.transposeSample(w, phi, 4)).sum().getFloat();
            assertEquals(lhs, rhs, 1e-3 * Math.abs(lhs) + 1e-3);
        }
    }

    @Test
    void forwardShapesAndOrthonormalStart() {
        try (NDManager m = NDManager.newBaseManager()) {
            InvIcsNet net = InvIcsNet.builder().setCsRatio(25).optPhases(2).optStateChannels(4).optDenseLayers(2)
                    .optDenseGrowth(4).build();
            assertEquals(272, net.measurements());
            net.initialize(m, DataType.FLOAT32, new Shape(3, 1, 33, 33));
            ParameterStore ps = new ParameterStore(m, false);
            NDList out = net.forward(ps, new NDList(m.randomUniform(0, 1, new Shape(3, 1, 33, 33))), false);
            assertEquals(new Shape(3, 1, 33, 33), out.get(0).getShape());
            assertEquals(new Shape(272, 1089), out.get(1).getShape());
            assertArrayEquals(new Shape[] {new Shape(3, 1, 33, 33), new Shape(272, 1089)},
                    net.getOutputShapes(new Shape[] {new Shape(3, 1, 33, 33)}));
            assertTrue(InvIcsLoss.orthogonality(out.get(1)).getFloat() < 1e-10, "orthonormal rows at start");
            NDList rec = net.reconstructImage(ps, m.randomUniform(0, 1, new Shape(1, 1, 40, 50)));
            assertEquals(new Shape(1, 1, 40, 50), rec.get(0).getShape());
            assertEquals(new Shape(1, 1, 40, 50), rec.get(1).getShape());
        }
    }

    @Test
    void lossIsMsePlusGammaTimesOrthogonality() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
            NDArray xHat = m.create(new float[] {1, 1, 2, 1}, new Shape(1, 1, 2, 2));
            NDArray phi = m.create(new float[] {1, 1, 0, 1}, new Shape(2, 2)); // ΦΦᵀ = [2 1; 1 1], minus I: [1 1; 1 0]
            float loss = new InvIcsLoss(0.01f).evaluate(new NDList(x), new NDList(xHat, phi)).getFloat();
            assertEquals((1 + 4) / 4.0 + 0.01 * 3 / 4.0, loss, 1e-6);
        }
    }

    @Test
    void badInputIsRejectedWithWhatWasExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InvIcsNet.builder().setMeasurements(10).optStateChannels(3).build());
        assertTrue(e.getMessage().contains("even"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InvIcsNet.builder().setMeasurements(2000).build());
        assertThrows(IllegalArgumentException.class, () -> InvIcsNet.builder().build());
        assertThrows(IllegalArgumentException.class, () -> InvIcsNet.builder().setCsRatio(0));
        try (NDManager m = NDManager.newBaseManager()) {
            InvIcsNet net = smallNet(10, 1, 2);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 1, 33, 33));
            ParameterStore ps = new ParameterStore(m, false);
            e = assertThrows(IllegalArgumentException.class,
                    () -> net.forward(ps, new NDList(m.zeros(new Shape(1, 1, 30, 33))), false));
            assertTrue(e.getMessage().contains("multiples of 33") && e.getMessage().contains("(1, 1, 30, 33)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> CsOperators.sample(m.zeros(new Shape(1, 1, 33, 33)),
                    m.zeros(new Shape(10, 1000)), 33));
            assertThrows(IllegalArgumentException.class,
                    () -> new InvIcsLoss(0.01f).evaluate(new NDList(m.zeros(new Shape(1, 1, 2, 2))), new NDList(m.zeros(new Shape(1, 1, 2, 2)))));
        }
    }
}
