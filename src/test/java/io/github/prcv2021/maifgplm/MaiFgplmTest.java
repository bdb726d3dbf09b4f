package io.github.prcv2021.maifgplm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.prcv2021.attacks.AdamTransferAttack;
import io.github.prcv2021.attacks.AiFgtm;
import io.github.prcv2021.attacks.AttackLoss;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.nn.GaussianKernel;
import io.github.prcv2021.attacks.InputDiversity;
import io.github.prcv2021.core.Seeds;
import io.github.prcv2021.nn.SmallCnn;
import org.junit.jupiter.api.Test;

/**
 * MAI-FGPLM against independent computations: Eq. 15 on hand values, the first iteration in closed form
 * on a linear model (Eq. 14 and 17–18 with the gradient written out by hand), AI-FGTM recovered exactly
 * when PL, GR and MIX are off, Eq. 19 and its adjoint, and the feasibility of every reading.
 */
class MaiFgplmTest {

    private static final float LAMBDA = 1.3f;

    @Test
    void piecewiseLinearIsEq15AsPrintedOrItsContinuousReading() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.create(new float[] {-4f, -3f, -2.5f, -1f, 0f, 1f, 2.5f, 2.999f, 3f, 5f});
            assertArrayEquals(new float[] {-1f, -1f, -1.25f, -0.5f, 0f, 0.5f, 1.25f, 1.4995f, 1f, 1f},
                    MaiFgplm.piecewiseLinear(z, 0.5f, 3f, false).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {-1f, -1f, -1f, -0.5f, 0f, 0.5f, 1f, 1f, 1f, 1f},
                    MaiFgplm.piecewiseLinear(z, 0.5f, 3f, true).toFloatArray(), 1e-6f);
        }
    }

    /** A bias-free linear classifier over 2×2 one-channel images, with fixed weights. */
    private static Model linear(NDManager m) {
        Model model = Model.newInstance("linear");
        model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(3).optBias(false).build()));
        model.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 2, 2));
        model.getBlock().getParameters().get(0).getValue().getArray()
                .set(new float[] {1, -2, 3, -4, 0.5f, 1, -1, 2, -3, 4, 1, -1});
        return model;
    }

    /** The cross-entropy input gradient of the linear model by hand: {@code (softmax(W x) − e_y) W}. */
    private static NDArray handGradient(NDManager m, NDArray x, float[] labels) {
        NDArray w = m.create(new float[] {1, -2, 3, -4, 0.5f, 1, -1, 2, -3, 4, 1, -1}, new Shape(3, 4));
        NDArray flat = x.reshape(x.getShape().get(0), 4);
        NDArray p = flat.matMul(w.transpose()).softmax(1);
        NDArray onehot = m.create(labels).toType(DataType.INT32, false).oneHot(3);
        return p.sub(onehot).matMul(w).reshape(x.getShape());
    }

    @Test
    void firstIterationMatchesTheClosedForm() {
        try (NDManager m = NDManager.newBaseManager(); Model model = linear(m)) {
            AttackTarget target = AttackTarget.of(model.getBlock(), m);
            NDArray x = m.create(new float[] {0.5f, 0.4f, 0.6f, 0.5f, 0.3f, 0.7f, 0.5f, 0.45f}, new Shape(2, 1, 2, 2));
            float[] labels = {0, 2};
            NDArray y = m.create(labels);
            float eps = 0.05f;
            NDArray sign = handGradient(m, x, labels).sign();
            // T = 1: α_0 = ε; without TI, m = (μ1 + γ1) g and v = (μ2 + γ2) g², so z = λ (μ1 + γ1) / √(μ2 + γ2) · sign(g)
            double zMai = LAMBDA * 1.62 / Math.sqrt(2.02);
            double zAi = LAMBDA * 1.5 / Math.sqrt(1.9);
            NDArray mai = MaiFgplm.builder().setEpsilon(eps).optSteps(1).optMixedInput(0, null).build().perturb(target, x, y);
            assertArrayEquals(sign.mul(eps * 0.5 * zMai).toFloatArray(), mai.sub(x).toFloatArray(), 1e-6f);
            NDArray ai = MaiFgplm.aiFgtm().setEpsilon(eps).optSteps(1).build().perturb(target, x, y);
            assertArrayEquals(sign.mul(eps * Math.tanh(zAi)).toFloatArray(), ai.sub(x).toFloatArray(), 1e-6f);
            // PL shrinks the step: 0.5 z against tanh(z) for the same z
            NDArray pl = MaiFgplm.aiFgtm().optSquash(MaiFgplm.Squash.PIECEWISE_LINEAR).setEpsilon(eps).optSteps(1).build()
                    .perturb(target, x, y);
            assertArrayEquals(sign.mul(eps * 0.5 * zAi).toFloatArray(), pl.sub(x).toFloatArray(), 1e-6f);
            assertTrue(0.5 * zAi < Math.tanh(zAi));
        }
    }

    @Test
    void gradientRegularisationCombinesTheSmoothedAndTheRawGradientAsEq17And18() {
        try (NDManager m = NDManager.newBaseManager(); Model model = linear(m)) {
            AttackTarget target = AttackTarget.of(model.getBlock(), m);
            NDArray x = m.create(new float[] {0.5f, 0.4f, 0.6f, 0.5f, 0.3f, 0.7f, 0.5f, 0.45f}, new Shape(2, 1, 2, 2));
            float[] labels = {1, 2};
            float eps = 0.05f;
            GaussianKernel w = GaussianKernel.of(3);
            NDArray g = handGradient(m, x, labels);
            NDArray gw = w.apply(g);
            NDArray mom = gw.mul(1.5f).add(g.mul(0.12f));
            NDArray var = gw.square().mul(1.9f).add(g.square().mul(0.12f));
            NDArray z = mom.mul(LAMBDA).div(var.sqrt().add(1e-8f));
            NDArray expected = x.add(MaiFgplm.piecewiseLinear(z, 0.5f, 3f, false).mul(eps))
                    .minimum(x.add(eps)).maximum(x.sub(eps));
            NDArray adv = MaiFgplm.builder().setEpsilon(eps).optSteps(1).optMixedInput(0, null).optTranslationKernel(w).build()
                    .perturb(target, x, m.create(labels));
            assertArrayEquals(expected.toFloatArray(), adv.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void withPlGrAndMixOffItIsAiFgtmExactly() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("cnn")) {
            Seeds.seedAll(11);
            model.setBlock(SmallCnn.build(3, new int[] {8}, 16, 10, false));
            model.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 12, 12));
            AttackTarget target = AttackTarget.of(model.getBlock(), m);
            NDArray x = m.randomUniform(0f, 1f, new Shape(6, 1, 12, 12));
            NDArray y = m.create(new float[] {0, 1, 2, 3, 4, 5});
            GaussianKernel w = GaussianKernel.of(5);
            NDArray reference = AiFgtm.builder().setEpsilon(0.1f).optNesterov(true, 1.0).optTranslationKernel(w)
                    .optInputDiversity(new InputDiversity(1.0, 14.0 / 12, 7)).build().perturb(target, x, y);
            NDArray ours = MaiFgplm.aiFgtm().setEpsilon(0.1f).optNesterov(true, 1.0).optTranslationKernel(w)
                    .optInputDiversity(new InputDiversity(1.0, 14.0 / 12, 7)).build().perturb(target, x, y);
            assertArrayEquals(reference.toFloatArray(), ours.toFloatArray(), 0f);
            NDArray full = MaiFgplm.builder().setEpsilon(0.1f).optNesterov(true, 1.0).optTranslationKernel(w)
                    .optMixedInput(0.5, GaussianKernel.of(5)).optInputDiversity(new InputDiversity(1.0, 14.0 / 12, 7))
                    .build().perturb(target, x, y);
            assertTrue(full.sub(reference).abs().max().getFloat() > 1e-3f, "MAI-FGPLM should differ from AI-FGTM");
        }
    }

    @Test
    void mixedInputIsEq19AndItsGradientIsTheAdjoint() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("cnn")) {
            GaussianKernel v = GaussianKernel.of(5);
            MixedInput mix = new MixedInput(0.5, v);
            NDArray flat = m.full(new Shape(1, 1, 9, 9), 0.6f);
            NDArray mixed = mix.apply(flat);
            // V sums to one, so the interior of a constant image is unchanged; the border sees the zero padding
            assertEquals(0.6f, mixed.getFloat(0, 0, 4, 4), 1e-6f);
            assertTrue(mixed.getFloat(0, 0, 0, 0) < 0.6f);
            NDArray x = m.randomUniform(0f, 1f, new Shape(2, 1, 9, 9));
            assertArrayEquals(v.apply(x).mul(0.3f).add(x.mul(0.7f)).toFloatArray(),
                    new MixedInput(0.3, v).apply(x).toFloatArray(), 1e-6f);
            // the chain rule through Eq. 19 is τ V⊛g + (1 − τ) g (V is symmetric), g the gradient at the mixed input
            Seeds.seedAll(5);
            model.setBlock(SmallCnn.build(3, new int[] {4}, 8, 3, false));
            model.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 9, 9));
            AttackTarget target = AttackTarget.of(model.getBlock(), m);
            NDArray y = m.create(new float[] {0, 2});
            NDArray atMix = target.inputGradient(mix.apply(x), y, AttackLoss.CROSS_ENTROPY, null);
            NDArray through = target.inputGradient(x, y, AttackLoss.CROSS_ENTROPY, mix);
            assertArrayEquals(v.apply(atMix).mul(0.5f).add(atMix.mul(0.5f)).toFloatArray(), through.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void everyReadingStaysFeasibleAndStepsSumToEpsilon() {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("cnn")) {
            Seeds.seedAll(3);
            model.setBlock(SmallCnn.build(3, new int[] {8}, 16, 10, true));
            model.getBlock().initialize(m, DataType.FLOAT32, new Shape(1, 1, 12, 12));
            AttackTarget target = AttackTarget.of(model.getBlock(), m);
            NDArray x = m.randomUniform(0f, 1f, new Shape(4, 1, 12, 12));
            NDArray y = m.create(new float[] {1, 3, 5, 7});
            for (MaiFgplm.Squash sq : MaiFgplm.Squash.values()) {
                for (AdamTransferAttack.Lookahead look : AdamTransferAttack.Lookahead.values()) {
                    for (MaiFgplm.MixGradient mg : MaiFgplm.MixGradient.values()) {
                        MaiFgplm attack = MaiFgplm.builder().setEpsilon(0.08f).optSquash(sq).optLookahead(look).optMixGradient(mg)
                                .optNesterov(true, 1.0).optMixedInput(0.5, GaussianKernel.of(3))
                                .optTranslationKernel(GaussianKernel.of(3))
                                .optInputDiversity(new InputDiversity(1.0, 14.0 / 12, 1)).build();
                        NDArray adv = attack.perturb(target, x, y);
                        String what = sq + "/" + look + "/" + mg;
                        assertTrue(adv.sub(x).abs().max().getFloat() <= 0.08f + 1e-6f, what);
                        assertTrue(adv.min().getFloat() >= 0f && adv.max().getFloat() <= 1f, what);
                        assertTrue(adv.sub(x).abs().max().getFloat() > 0.01f, what + " moved nothing");
                        double sum = 0;
                        for (float a : attack.getStepSizes()) {
                            sum += a;
                        }
                        assertEquals(0.08, sum, 1e-6, what);
                    }
                }
            }
        }
    }

    @Test
    void badSettingsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> MaiFgplm.builder().build());
        IllegalArgumentException tau = assertThrows(IllegalArgumentException.class,
                () -> MaiFgplm.builder().setEpsilon(0.1f).optMixedInput(1.5, GaussianKernel.of(3)).build());
        assertTrue(tau.getMessage().contains("tau"), tau.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaiFgplm.builder().setEpsilon(0.1f).optMixedInput(0.5, null).build());
        assertThrows(IllegalArgumentException.class, () -> MaiFgplm.builder().setEpsilon(0.1f).optPiecewiseLinear(0, 3).build());
        assertThrows(IllegalArgumentException.class,
                () -> MaiFgplm.builder().setEpsilon(0.1f).optGradientRegularisation(-0.1, 0.12).build());
        assertThrows(IllegalArgumentException.class, () -> MaiFgplm.builder().setEpsilon(0.1f).optSteps(0).build());
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                    () -> new MixedInput(0.5, GaussianKernel.of(3)).apply(m.zeros(new Shape(2, 9))));
            assertTrue(rank.getMessage().contains("(N, C, H, W)"), rank.getMessage());
        }
    }
}
