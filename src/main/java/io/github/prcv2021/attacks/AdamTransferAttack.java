package io.github.prcv2021.attacks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.github.prcv2021.core.Checks;

/**
 * The Adam-type transfer attacks: AI-FGTM (Zou et al. 2020, {@link AiFgtm}), which paper 13 starts from,
 * and the members that change its moments or its squashing (paper 13's MAI-FGPLM). AI-FGTM is
 * <pre>
 *   ĝ       = W ⊛ ∇_x J(D(x_look), y)
 *   m_{t+1} = m_t + μ₁ ĝ,    v_{t+1} = v_t + μ₂ ĝ²          (running sums, not averages)
 *   u_{t+1} = tanh(λ m_{t+1} / (√v_{t+1} + r))
 *   x_{t+1} = Π_S(x_t + α_t u_{t+1})
 * </pre>
 * with the increasing step sizes {@code α_t = ε (1 − β₁^{t+1}) / √(1 − β₂^{t+1}) / Σ_s (1 − β₁^{s+1}) / √(1 − β₂^{s+1})},
 * which sum to ε ({@link #stepSizes}). The optional Nesterov look-ahead (NI) has two readings
 * ({@link Lookahead}); the default follows the previous update direction, {@code x_look = x_t + α_t μ u_t}
 * (paper 13's NI-TI-DI-AITM baseline). Defaults are paper 13's (Sect. 4.1): T = 10, μ₁ = 1.5, μ₂ = 1.9,
 * λ = 1.3, r = 1e-8, β₁ = 0.9, β₂ = 0.99.
 *
 * <p>Members override {@link #increments} (how the moments grow) and {@link #squash} (how they become
 * an update direction); the defaults are AI-FGTM's.
 */
public abstract class AdamTransferAttack extends TransferAttack {

    /** Where the Nesterov look-ahead points. */
    public enum Lookahead {
        /** {@code x_t + α_t μ u_{t−1}}, along the previous update direction. */
        PREVIOUS_UPDATE,
        /** {@code x_t + α_t μ g_t} with NI-FGSM's accumulator {@code g_t = μ g_{t−1} + ĝ / mean|ĝ|}. */
        MOMENTUM
    }

    private final int steps;
    /** μ₁, the weight of the first moment's increments. */
    protected final float mu1;
    /** μ₂, the weight of the second moment's increments. */
    protected final float mu2;
    private final float lambda;
    private final float r;
    private final float[] stepSizes;
    private final float momentum;
    private final boolean nesterov;
    private final Lookahead lookahead;

    /** Builds the attack from a builder. */
    protected AdamTransferAttack(Builder<?> b) {
        super(b);
        String who = getClass().getSimpleName();
        this.steps = Checks.positive(b.steps, who, "steps");
        this.mu1 = (float) Checks.positive(b.mu1, who, "mu1");
        this.mu2 = (float) Checks.positive(b.mu2, who, "mu2");
        this.lambda = (float) Checks.positive(b.lambda, who, "lambda");
        this.r = (float) Checks.positive(b.r, who, "r");
        this.stepSizes = stepSizes(epsilon, steps, b.beta1, b.beta2);
        this.momentum = (float) Checks.nonNegative(b.momentum, who, "momentum");
        this.nesterov = b.nesterov;
        this.lookahead = Checks.notNull(b.lookahead, who, "lookahead");
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
        Checks.positive(steps, "AdamTransferAttack.stepSizes", "steps");
        Checks.check(beta1 > 0 && beta1 < 1, "AdamTransferAttack.stepSizes", "beta1 in (0, 1)", beta1);
        Checks.check(beta2 > 0 && beta2 < 1, "AdamTransferAttack.stepSizes", "beta2 in (0, 1)", beta2);
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

    /**
     * One iteration's increments of the moments at the look-ahead point: {@code {Δm, Δv, ĝ}} with
     * {@code Δm = μ₁ ĝ}, {@code Δv = μ₂ ĝ²} and {@code ĝ} the (smoothed) gradient that NI's accumulator uses.
     */
    protected NDArray[] increments(AttackTarget target, NDArray look, NDArray labels) {
        NDArray grad = gradient(target, look, labels);
        return new NDArray[] {grad.mul(mu1), grad.square().mul(mu2), grad};
    }

    /** The squashing of {@code z = λ m / (√v + r)} into the update direction: tanh. */
    protected NDArray squash(NDArray z) {
        return z.tanh();
    }

    @Override
    protected NDArray attack(AttackTarget target, NDArray x, NDArray labels) {
        NDArray adv = x;
        NDArray m = null;
        NDArray v = null;
        NDArray u = null;
        NDArray accumulator = null;
        for (int t = 0; t < steps; t++) {
            try (NDScope scope = new NDScope()) {
                float alpha = stepSizes[t];
                NDArray direction = lookahead == Lookahead.PREVIOUS_UPDATE ? u : accumulator;
                NDArray look = nesterov && direction != null ? adv.add(direction.mul(alpha * momentum)) : adv;
                NDArray[] inc = increments(target, look, labels);
                m = carry(m, m == null ? inc[0] : m.add(inc[0]), x);
                v = carry(v, v == null ? inc[1] : v.add(inc[1]), x);
                u = carry(u, squash(m.mul(lambda).div(v.sqrt().add(r))), x);
                if (nesterov && lookahead == Lookahead.MOMENTUM) {
                    NDArray normalised = meanAbsNormalised(inc[2]);
                    accumulator = carry(accumulator, accumulator == null ? normalised
                            : accumulator.mul(momentum).add(normalised), x);
                }
                adv = carry(adv, project(adv.add(u.mul(alpha)), x), x);
            }
        }
        release(m, x);
        release(v, x);
        release(u, x);
        release(accumulator, x);
        return adv;
    }

    /** Settings of the Adam-type attacks; defaults are paper 13's. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends TransferAttack.Builder<T> {
        int steps = 10;
        double mu1 = 1.5;
        double mu2 = 1.9;
        double lambda = 1.3;
        double r = 1e-8;
        double beta1 = 0.9;
        double beta2 = 0.99;
        double momentum = 1.0;
        boolean nesterov;
        Lookahead lookahead = Lookahead.PREVIOUS_UPDATE;

        /** T; default 10. */
        public T optSteps(int steps) {
            this.steps = steps;
            return (T) this;
        }

        /** μ₁ and μ₂, the accumulation weights; default 1.5 and 1.9. */
        public T optAccumulation(double mu1, double mu2) {
            this.mu1 = mu1;
            this.mu2 = mu2;
            return (T) this;
        }

        /** λ, the scale inside the squashing function; default 1.3. */
        public T optLambda(double lambda) {
            this.lambda = lambda;
            return (T) this;
        }

        /** r, the stabiliser; default 1e-8. */
        public T optStabiliser(double r) {
            this.r = r;
            return (T) this;
        }

        /** β₁ and β₂ of the step-size schedule; default 0.9 and 0.99. */
        public T optBetas(double beta1, double beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return (T) this;
        }

        /** Nesterov look-ahead with decay μ (1.0 in paper 13); default off. */
        public T optNesterov(boolean nesterov, double momentum) {
            this.nesterov = nesterov;
            this.momentum = momentum;
            return (T) this;
        }

        /** Where the look-ahead points; default {@link Lookahead#PREVIOUS_UPDATE}. */
        public T optLookahead(Lookahead lookahead) {
            this.lookahead = lookahead;
            return (T) this;
        }
    }
}
