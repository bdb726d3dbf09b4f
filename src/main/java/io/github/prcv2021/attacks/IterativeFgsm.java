package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.github.prcv2021.core.Checks;

/**
 * The iterative FGSM family used as transfer-attack baselines, one configurable rule:
 * <pre>
 *   x_look = x_t + α μ g_t                        (Nesterov look-ahead; NI-FGSM, Lin et al. 2020)
 *   ĝ      = W ⊛ ∇_x J(D(x_look), y)              (W: TI's Gaussian smoothing; D: DI's input diversity)
 *   g_{t+1} = μ g_t + ĝ / mean|ĝ|                  (momentum; MI-FGSM, Dong et al. 2018, per example)
 *   x_{t+1} = Π_S(x_t + α sign(g_{t+1}))
 * </pre>
 * with {@code α = ε / T}. The papers write {@code ĝ / ‖ĝ‖₁}; the reference code divides by the mean,
 * which gives the same signs and puts NI's look-ahead on the pixel scale (with the L1 norm it would
 * vanish on large inputs). With {@code μ = 0} and no Nesterov, TI or DI this is I-FGSM (Kurakin et al.). Factories name the members: {@link #ifgsm},
 * {@link #mifgsm}, {@link #nifgsm}; add TI and DI with {@link Builder#optTranslationKernel} and
 * {@link Builder#optInputDiversity}.
 */
public final class IterativeFgsm extends TransferAttack {

    private final int steps;
    private final float step;
    private final float momentum;
    private final boolean nesterov;

    private IterativeFgsm(Builder b) {
        super(b);
        this.steps = Checks.positive(b.steps, "IterativeFgsm", "steps");
        this.step = b.step == null ? epsilon / steps : (float) Checks.positive(b.step, "IterativeFgsm", "step");
        this.momentum = (float) Checks.nonNegative(b.momentum, "IterativeFgsm", "momentum");
        this.nesterov = b.nesterov;
    }

    /** A builder; {@code setEpsilon} and {@code setSteps} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** I-FGSM: T sign steps of ε/T. */
    public static Builder ifgsm(float epsilon, int steps) {
        return builder().setEpsilon(epsilon).setSteps(steps);
    }

    /** MI-FGSM with decay μ (1.0 in MI-FGSM and paper 13). */
    public static Builder mifgsm(float epsilon, int steps, float momentum) {
        return ifgsm(epsilon, steps).optMomentum(momentum);
    }

    /** NI-FGSM: MI-FGSM with the Nesterov look-ahead. */
    public static Builder nifgsm(float epsilon, int steps, float momentum) {
        return mifgsm(epsilon, steps, momentum).optNesterov(true);
    }

    /** T, the number of iterations. */
    public int getSteps() {
        return steps;
    }

    /** α, the step size. */
    public float getStep() {
        return step;
    }

    @Override
    protected NDArray attack(AttackTarget target, NDArray x, NDArray labels) {
        NDArray adv = x;
        NDArray g = null;
        for (int t = 0; t < steps; t++) {
            try (NDScope scope = new NDScope()) {
                NDArray look = nesterov && g != null ? adv.add(g.mul(step * momentum)) : adv;
                NDArray grad = gradient(target, look, labels);
                NDArray nextG;
                if (momentum > 0 || nesterov) {
                    NDArray normalised = meanAbsNormalised(grad);
                    nextG = g == null ? normalised : g.mul(momentum).add(normalised);
                } else {
                    nextG = grad;
                }
                g = carry(g, nextG, x);
                adv = carry(adv, project(adv.add(g.sign().mul(step)), x), x);
            }
        }
        release(g, x);
        return adv;
    }

    /** Builder of {@link IterativeFgsm}. */
    public static final class Builder extends TransferAttack.Builder<Builder> {
        int steps;
        Float step;
        float momentum;
        boolean nesterov;

        /** T, the number of iterations (required). */
        public Builder setSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** α; default ε/T so that T steps can just reach the ball's surface. */
        public Builder optStep(float step) {
            this.step = step;
            return this;
        }

        /** μ, the momentum decay; default 0 (I-FGSM). */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /** The Nesterov look-ahead of NI-FGSM; default off. */
        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }



        /** Builds the attack. */
        public IterativeFgsm build() {
            epsilonOrFail();
            return new IterativeFgsm(this);
        }
    }
}
