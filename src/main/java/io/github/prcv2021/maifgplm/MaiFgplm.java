package io.github.prcv2021.maifgplm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import io.github.prcv2021.attacks.AdamTransferAttack;
import io.github.prcv2021.attacks.AiFgtm;
import io.github.prcv2021.attacks.AttackTarget;
import io.github.prcv2021.nn.GaussianKernel;
import io.github.prcv2021.core.Checks;

/**
 * MAI-FGPLM, the mixed-input Adam iterative fast gradient piecewise-linear method (Algorithm 1 of the
 * paper). Starting from AI-FGTM it changes three things:
 *
 * <ol>
 *   <li><b>PL</b> (Eq. 14–15): the update direction is {@code PL(λ m / (√v + r))} instead of
 *       {@code tanh(·)}, with {@code PL(z) = ρ z} for {@code |z| < 3} and {@code sign(z)} otherwise
 *       (ρ = 0.5); small values shrink more than under tanh, so the perturbation is smaller.
 *   <li><b>GR</b> (Eq. 16–18): the raw gradient is kept next to the TI-smoothed one in both moments,
 *       {@code m += μ₁ W⊛g + γ₁ g} and {@code v += μ₂ (W⊛g)² + γ₂ g²} (γ₁ = γ₂ = 0.12).
 *   <li><b>MIX</b> (Eq. 19): the surrogates see {@code x_mix = τ V⊛x + (1 − τ) x} (τ = 0.5, V a
 *       Gaussian blur), and {@code g = ∇_{x_mix} J(D(x_mix), y)} (Algorithm 1, line 8).
 * </ol>
 *
 * <p>With TI ({@code optTranslationKernel}), DI ({@code optInputDiversity}) and the Nesterov look-ahead
 * ({@code optNesterov}) this is NI-TI-DI-MAILM, the paper's strongest attack. Every component can be
 * switched off, which gives the ablation rows of Table 2; with all three off the attack is AI-FGTM
 * exactly (tested against {@link AiFgtm}): {@link #aiFgtm()} is that baseline.
 *
 * <p>It is an {@link AdamTransferAttack} with other moment increments and another squashing: the step
 * sizes follow AI-FGTM's increasing schedule ({@link AdamTransferAttack#stepSizes}), which sums to ε,
 * and m and v are running sums.
 *
 * <p>Readings where the paper is ambiguous (each an option, the default named first):
 * <ul>
 *   <li>Eq. 15 taken literally is discontinuous at |z| = 3 (it jumps from ±1.5 to ±1); {@link
 *       Squash#PIECEWISE_LINEAR} is the literal form, {@link Squash#CLIPPED_LINEAR} the continuous
 *       {@code clip(ρ z, −1, 1)}.
 *   <li>The Nesterov point of Algorithm 1 line 3 refers to Eq. 6, {@code x + α μ g_t}, but MAI-FGPLM has
 *       no MI accumulator g_t: {@link AdamTransferAttack.Lookahead#PREVIOUS_UPDATE} looks ahead along
 *       the previous update {@code x + α_t μ u_{t−1}}; {@link AdamTransferAttack.Lookahead#MOMENTUM}
 *       keeps NI's accumulator {@code g_t = μ g_{t−1} + g/mean|g|} of the raw gradient for the
 *       look-ahead only.
 *   <li>Line 8 differentiates with respect to the mixed input ({@link MixGradient#AT_MIXED_INPUT});
 *       {@link MixGradient#THROUGH_MIX} differentiates through Eq. 19 with respect to x instead.
 * </ul>
 */
public final class MaiFgplm extends AdamTransferAttack {

    /** The squashing function applied to {@code λ m / (√v + r)}. */
    public enum Squash {
        /** AI-FGTM's tanh (Eq. 12). */
        TANH,
        /** Eq. 15 as printed: ρ z below the threshold, ±1 at or above it. */
        PIECEWISE_LINEAR,
        /** The continuous reading {@code clip(ρ z, −1, 1)}. */
        CLIPPED_LINEAR
    }

    /** Which gradient the mixed input yields. */
    public enum MixGradient {
        /** {@code ∇_{x_mix} J}: the mixed input is the leaf (Algorithm 1, line 8). */
        AT_MIXED_INPUT,
        /** {@code ∇_x J(x_mix(x))}: the chain rule through Eq. 19. */
        THROUGH_MIX
    }

    private final Squash squash;
    private final float rho;
    private final float threshold;
    private final float gamma1;
    private final float gamma2;
    private final MixedInput mix;
    private final MixGradient mixGradient;

    private MaiFgplm(Builder b) {
        super(b);
        String who = "MaiFgplm";
        this.squash = Checks.notNull(b.squash, who, "squash");
        this.rho = (float) Checks.positive(b.rho, who, "rho");
        this.threshold = (float) Checks.positive(b.threshold, who, "threshold");
        this.gamma1 = (float) Checks.nonNegative(b.gamma1, who, "gamma1");
        this.gamma2 = (float) Checks.nonNegative(b.gamma2, who, "gamma2");
        Checks.inRange(b.tau, 0, 1, who, "tau");
        this.mix = b.tau == 0 ? null : new MixedInput(b.tau, Checks.notNull(b.mixKernel, who, "mix kernel V"));
        this.mixGradient = Checks.notNull(b.mixGradient, who, "mixGradient");
    }

    /** A builder with the paper's MAI-FGPLM defaults (Sect. 4.1); {@code setEpsilon} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * AI-FGTM expressed in this implementation: tanh, no gradient regularisation, no mixed input. Add TI,
     * DI and Nesterov for the TI-DI-AITM and NI-TI-DI-AITM baselines of Tables 2, 4, 5 and 6.
     */
    public static Builder aiFgtm() {
        return new Builder().optSquash(Squash.TANH).optGradientRegularisation(0, 0).optMixedInput(0, null);
    }

    /**
     * Eq. 15, elementwise: {@code ρ z} where {@code |z| < threshold}, {@code sign(z)} elsewhere (literal);
     * or {@code clip(ρ z, −1, 1)} ({@code continuous}).
     */
    public static NDArray piecewiseLinear(NDArray z, float rho, float threshold, boolean continuous) {
        NDArray scaled = z.mul(rho);
        if (continuous) {
            return scaled.clip(-1f, 1f);
        }
        return NDArrays.where(z.abs().lt(threshold), scaled, z.sign());
    }

    /** The mixed-input transform of Eq. 19, or null when τ = 0. */
    public MixedInput getMixedInput() {
        return mix;
    }

    /** The squashing function in use. */
    public Squash getSquash() {
        return squash;
    }

    /** Eq. 14–15 (or tanh, or the continuous reading). */
    @Override
    protected NDArray squash(NDArray z) {
        switch (squash) {
            case TANH:
                return z.tanh();
            case CLIPPED_LINEAR:
                return piecewiseLinear(z, rho, threshold, true);
            default:
                return piecewiseLinear(z, rho, threshold, false);
        }
    }

    /**
     * Algorithm 1, lines 4–9: the gradient {@code g} at the mixed input (Eq. 19) through DI, then
     * {@code Δm = μ₁ W⊛g + γ₁ g} and {@code Δv = μ₂ (W⊛g)² + γ₂ g²} (Eq. 17–18).
     */
    @Override
    protected NDArray[] increments(AttackTarget target, NDArray look, NDArray labels) {
        NDArray g;
        if (mix == null) {
            g = inputGradient(target, look, labels, null);
        } else if (mixGradient == MixGradient.AT_MIXED_INPUT) {
            g = inputGradient(target, mix.apply(look), labels, null);
        } else {
            g = inputGradient(target, look, labels, mix);
        }
        NDArray gw = smooth(g);
        NDArray dm = gw.mul(mu1);
        NDArray dv = gw.square().mul(mu2);
        if (gamma1 > 0) {
            dm = dm.add(g.mul(gamma1));
        }
        if (gamma2 > 0) {
            dv = dv.add(g.square().mul(gamma2));
        }
        return new NDArray[] {dm, dv, g};
    }

    /** Builder of {@link MaiFgplm}; defaults are the paper's (Sect. 4.1). */
    public static final class Builder extends AdamTransferAttack.Builder<Builder> {
        Squash squash = Squash.PIECEWISE_LINEAR;
        double rho = 0.5;
        double threshold = 3;
        double gamma1 = 0.12;
        double gamma2 = 0.12;
        double tau = 0.5;
        GaussianKernel mixKernel = GaussianKernel.of(9);
        MixGradient mixGradient = MixGradient.AT_MIXED_INPUT;

        Builder() {}

        /** The squashing function; default {@link Squash#PIECEWISE_LINEAR} (Eq. 15 as printed). */
        public Builder optSquash(Squash squash) {
            this.squash = squash;
            return this;
        }

        /** ρ, the slope of PL, and its threshold; default 0.5 and 3. */
        public Builder optPiecewiseLinear(double rho, double threshold) {
            this.rho = rho;
            this.threshold = threshold;
            return this;
        }

        /** γ₁ and γ₂, the gradient-regularisation factors of Eq. 17–18 (0 switches GR off); default 0.12. */
        public Builder optGradientRegularisation(double gamma1, double gamma2) {
            this.gamma1 = gamma1;
            this.gamma2 = gamma2;
            return this;
        }

        /**
         * τ and V of the mixed input, Eq. 19; τ = 0 switches MIX off (then V may be null); default 0.5 and
         * a 9×9 Gaussian (nsig 3).
         */
        public Builder optMixedInput(double tau, GaussianKernel mixKernel) {
            this.tau = tau;
            this.mixKernel = mixKernel;
            return this;
        }

        /** Which gradient the mixed input yields; default {@link MixGradient#AT_MIXED_INPUT}. */
        public Builder optMixGradient(MixGradient mixGradient) {
            this.mixGradient = mixGradient;
            return this;
        }

        /** Builds the attack. */
        public MaiFgplm build() {
            epsilonOrFail();
            return new MaiFgplm(this);
        }
    }
}
