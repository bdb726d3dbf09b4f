package io.github.prcv2021.attacks;

/**
 * AI-FGTM (Zou et al. 2020), the Adam-type transfer attack paper 13 starts from:
 * <pre>
 *   ĝ       = W ⊛ ∇_x J(D(x_look), y)
 *   m_{t+1} = m_t + μ₁ ĝ,    v_{t+1} = v_t + μ₂ ĝ²          (running sums, not averages)
 *   u_{t+1} = tanh(λ m_{t+1} / (√v_{t+1} + r))
 *   x_{t+1} = Π_S(x_t + α_t u_{t+1})
 * </pre>
 * with AI-FGTM's increasing step sizes, which sum to ε ({@link #stepSizes}), and the optional TI, DI
 * and Nesterov look-ahead of {@link AdamTransferAttack}. Defaults are paper 13's (Sect. 4.1): T = 10,
 * μ₁ = 1.5, μ₂ = 1.9, λ = 1.3, r = 1e-8, β₁ = 0.9, β₂ = 0.99.
 */
public final class AiFgtm extends AdamTransferAttack {

    private AiFgtm(Builder b) {
        super(b);
    }

    /** A builder; {@code setEpsilon} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link AiFgtm}. */
    public static final class Builder extends AdamTransferAttack.Builder<Builder> {

        Builder() {}

        /** Builds the attack. */
        public AiFgtm build() {
            epsilonOrFail();
            return new AiFgtm(this);
        }
    }
}
