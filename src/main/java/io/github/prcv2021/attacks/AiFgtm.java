package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.github.prcv2021.core.Checks;

/**
 * AI-FGTM (Zou et al. 2020), the Adam-type transfer attack paper 13 starts from:
 * <pre>
 *   ĝ       = W ⊛ ∇_x J(D(x_look), y)
 *   m_{t+1} = m_t + μ₁ ĝ,    v_{t+1} = v_t + μ₂ ĝ²          (running sums, not averages)
 *   u_{t+1} = tanh(λ m_{t+1} / (√v_{t+1} + r))
 *   x_{t+1} = Π_S(x_t + α_t u_{t+1})
 * </pre>
 * with the increasing step sizes {@code α_t = ε (1 − β₁^{t+1}) / √(1 − β₂^{t+1}) / Σ_s (1 − β₁^{s+1}) / √(1 − β₂^{s+1})},
 * which sum to ε ({@link #stepSizes}). The optional Nesterov look-ahead follows the previous update
 * direction, {@code x_look = x_t + α_t μ u_t} (paper 13's reading for the NI-TI-DI-AITM baseline).
 * Defaults are paper 13's (Sect. 4.1): T = 10, μ₁ = 1.5, μ₂ = 1.9, λ = 1.3, r = 1e-8, β₁ = 0.9, β₂ = 0.99.
 */
public final class AiFgtm extends TransferAttack {

    private final int steps;
    private final float mu1;
    private final float mu2;
    private final float lambda;
    private final float r;
    private final float[] stepSizes;
    private final float momentum;
    private final boolean nesterov;

    private AiFgtm(Builder b) {
        super(b);
        this.steps = Checks.positive(b.steps, "AiFgtm", "steps");
        this.mu1 = (float) Checks.positive(b.mu1, "AiFgtm", "mu1");
        this.mu2 = (float) Checks.positive(b.mu2, "AiFgtm", "mu2");
        this.lambda = (float) Checks.positive(b.lambda, "AiFgtm", "lambda");
        this.r = (float) Checks.positive(b.r, "AiFgtm", "r");
        this.stepSizes = stepSizes(epsilon, steps, b.beta1, b.beta2);
        this.momentum = (float) Checks.nonNegative(b.momentum, "AiFgtm", "momentum");
        this.nesterov = b.nesterov;
    }

    /** A builder; {@code setEpsilon} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The increasing step sizes of AI-FGTM, which sum to ε.
     *
     * @param epsilon the radius
     * @param steps T
     * @param beta1 β₁ in (0, 1)
     * @param beta2 β₂ in (0, 1)
     * @return α_0 … α_{T−1}
     */
    public static float[] stepSizes(float epsilon, int steps, double beta1, double beta2) {
        Checks.positive(steps, "AiFgtm.stepSizes", "steps");
        Checks.check(beta1 > 0 && beta1 < 1, "AiFgtm.stepSizes", "beta1 in (0, 1)", beta1);
        Checks.check(beta2 > 0 && beta2 < 1, "AiFgtm.stepSizes", "beta2 in (0, 1)", beta2);
        double[] raw = new double[steps];
        double sum = 0;
        for (int t = 0; t < steps; t++) {
            raw[t] = (1 - Math.pow(beta1, t + 1)) / Math.sqrt(1 - Math.pow(beta2, t + 1));
            sum += raw[t];
        }
        float[] out = new float[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = (float) (epsilon * raw[t] / sum);
        }
        return out;
    }

    /** The step sizes α_t in use. */
    public float[] getStepSizes() {
        return stepSizes.clone();
    }

    @Override
    protected NDArray attack(AttackTarget target, NDArray x, NDArray labels) {
        NDArray adv = x;
        NDArray m = null;
        NDArray v = null;
        NDArray u = null;
        for (int t = 0; t < steps; t++) {
            try (NDScope scope = new NDScope()) {
                NDArray look = nesterov && u != null ? adv.add(u.mul(stepSizes[t] * momentum)) : adv;
                NDArray grad = gradient(target, look, labels);
                NDArray dm = grad.mul(mu1);
                NDArray dv = grad.square().mul(mu2);
                m = carry(m, m == null ? dm : m.add(dm), x);
                v = carry(v, v == null ? dv : v.add(dv), x);
                u = carry(u, m.mul(lambda).div(v.sqrt().add(r)).tanh(), x);
                adv = carry(adv, project(adv.add(u.mul(stepSizes[t])), x), x);
            }
        }
        release(m, x);
        release(v, x);
        release(u, x);
        return adv;
    }

    /** Builder of {@link AiFgtm}; defaults are paper 13's. */
    public static final class Builder extends TransferAttack.Builder<Builder> {
        int steps = 10;
        double mu1 = 1.5;
        double mu2 = 1.9;
        double lambda = 1.3;
        double r = 1e-8;
        double beta1 = 0.9;
        double beta2 = 0.99;
        double momentum = 1.0;
        boolean nesterov;

        /** T; default 10. */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /** μ₁ and μ₂, the accumulation weights; default 1.5 and 1.9. */
        public Builder optAccumulation(double mu1, double mu2) {
            this.mu1 = mu1;
            this.mu2 = mu2;
            return this;
        }

        /** λ, the scale inside tanh; default 1.3. */
        public Builder optLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** r, the stabiliser; default 1e-8. */
        public Builder optStabiliser(double r) {
            this.r = r;
            return this;
        }

        /** β₁ and β₂ of the step-size schedule; default 0.9 and 0.99. */
        public Builder optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /** Nesterov look-ahead with decay μ (1.0 in paper 13); default off. */
        public Builder optNesterov(boolean nesterov, double momentum) {
            this.nesterov = nesterov;
            this.momentum = momentum;
            return this;
        }



        /** Builds the attack. */
        public AiFgtm build() {
            epsilonOrFail();
            return new AiFgtm(this);
        }
    }
}
