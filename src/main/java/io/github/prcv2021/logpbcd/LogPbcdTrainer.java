package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.github.prcv2021.core.Checks;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LOG-PBCD (Algorithm 1 of Xie, Li, Zhao, PRCV 2021): gradient-free training of an L-layer ReLU MLP
 * by proximal block coordinate descent on the deep-dictionary-learning objective of Eq. 4,
 *
 * <pre>
 *   Σ_{l&lt;L} [ γ/2‖A_l − relu(Z_l)‖² + ρ/2‖Z_l − W_l A_{l−1} − B_l‖² ] + λ Σ_{l sparse} G(A_l)
 *     + β/2‖Z_L − W_L A_{L−1} − B_L‖² + α/2‖Z_L − Y‖²,      G(A) = Σ log(1 + |a|/ε),
 * </pre>
 *
 * with the log-thresholding operator for the sparse activations. Full batch, columns are samples
 * ({@code A_0 = X ∈ R^{d0×M}}, {@code Y ∈ R^{K×M}} one-hot), all on DJL NDArrays of the data's type
 * (float32, or float64 for exact tests), outside any {@code GradientCollector}.
 *
 * <p>One {@link #iterate() iteration} sweeps forward (Sect. 3.3): for {@code l = 1..L−1} it updates
 * {@code W_l → B_l → Z_l → A_l}, then {@code W_L → B_L → Z_L}, each block with the freshest value of
 * every other block (Gauss-Seidel). The printed superscripts of Eq. 5-21 and Algorithm 1 mix
 * iterations k and k+1; the updates below are derived from the stated sub-problems, as in the
 * specification digest, and each one is the exact minimiser of Eq. 4 plus a proximal term
 * {@code δ/2‖· − previous‖²}, so none of them increases Eq. 4 (the A_l log step only with
 * {@link Builder#optLipschitzSafeDelta(boolean)} and {@link Builder#optGlobalLogThreshold(boolean)}):
 *
 * <ol>
 *   <li><b>W_l</b> (Eq. 5/7): {@code W ← (δW + c(Z − B)A_{l−1}ᵀ)(δI + c A_{l−1}A_{l−1}ᵀ)^{-1}}, where
 *       {@code c = ρ} for hidden layers and {@code c = β} for the output layer (Eq. 4 weights the output
 *       layer's linear term by β; Eq. 18-19 and Algorithm 1 lines 17-18 print ρ, which is the same
 *       when β = ρ). The {@code d_{l−1} × d_{l−1}} system is solved in float64 (see {@code LinAlg} for
 *       the measured choice); for l = 1 its inverse is computed once, since X is fixed.
 *   <li><b>B_l</b> (Eq. 6/8): see {@link BiasUpdate}; default the exact minimiser over equal columns.
 *   <li><b>Z_l</b> (Eq. 9-13): {@code Z ← reluProx(A_l, S, η)} with
 *       {@code S = (δZ + ρ(W_l A_{l−1} + B_l))/(ρ + δ)}, {@code η = (ρ + δ)/γ} ({@link Prox#reluProx}).
 *   <li><b>A_l, sparse layers</b> (Eq. 14-17; default {@code l ≤ L−2}): one prox-linear step,
 *       {@code X = A − ∇/δ_A}, {@code ∇ = ρW_{l+1}ᵀ(W_{l+1}A + B_{l+1} − Z_{l+1}) + γ(A − relu(Z_l))},
 *       {@code A ← prox_{log, λ/δ_A}(X)} ({@link Prox#logThreshold}); the layer-(l+1) blocks still hold
 *       their previous-iteration values. {@code δ_A = δ} as in the paper, or with
 *       {@link Builder#optLipschitzSafeDelta(boolean)} {@code max(δ, ρ‖W_{l+1}‖₂² + γ)}, the step that
 *       makes the prox-linear step a majorise-minimise step.
 *   <li><b>A_l, other hidden layers</b> (Eq. 18-19; always {@code A_{L−1}}): the exact proximal step
 *       {@code A ← (cW_{l+1}ᵀW_{l+1} + (γ + δ)I)^{-1}(δA + cW_{l+1}ᵀ(Z_{l+1} − B_{l+1}) + γ relu(Z_l))}.
 *       The paper prints {@code (ρ + δ)I}; the derivation gives {@code (γ + δ)I} (equal when γ = ρ).
 *   <li><b>Z_L</b> (Eq. 20-21): {@code Z_L ← (β(W_L A_{L−1} + B_L) + αY + δZ_L)/(α + β + δ)} (the paper's
 *       typesetting drops the parentheses around {@code W_L A_{L−1} + B_L}).
 * </ol>
 *
 * <p>Proximal BCD, the paper's main gradient-free baseline, is this solver with λ = 0 and no sparse
 * layers ({@link #proximalBcdBuilder()}): every A_l then takes the exact proximal step. The paper's
 * "proximal BCD [11]" numbers come from Lau et al.'s code, which sweeps backward from the output
 * layer, uses the vector bias proximal term ({@link BiasUpdate#VECTOR_PROX}), an exact activation
 * update without proximal term and a three-splitting of the output; this class keeps the paper's
 * forward sweep so that LOG-PBCD and proximal BCD differ only in the regulariser.
 *
 * <p>Initialisation (paper: "consistent with proximal BCD"; values from Lau et al.'s code):
 * {@code W_l ~ 0.01·N(0, 1)} drawn from a seeded {@link Random}, {@code b_l = 0.1}, and Z, A from one
 * forward pass ({@code A_l = relu(Z_l)}).
 *
 * <p>Memory and cost: each block update runs in its own {@code NDScope} and each iteration in a
 * sub-manager, so temporaries live for one block and replaced state arrays are closed at once; native
 * memory stays flat over many iterations. For 784-500-500-10 in float32 the state is four
 * {@code 500 × M} matrices (0.5 GB at M = 60,000) besides the caller's X. Measured on the 2-core CPU
 * of this project (shared with other jobs, load 3.5-7): one iteration's updates take about 2.5 s at
 * M = 10,000 and 16 s at M = 60,000, plus 0.4 s / 4 s for the objective and training accuracy; peak
 * resident memory of the whole JVM at M = 60,000 was 4.8 GB.
 */
public final class LogPbcdTrainer extends AbstractSplittingMethod {

    private final double lambda;
    private final double epsilon;
    private final double rho;
    private final double gamma;
    private final double delta;
    private final double alpha;
    private final double beta;
    private final boolean[] sparse;
    private final BiasUpdate biasUpdate;
    private final boolean lipschitzSafeDelta;
    private final boolean globalLogThreshold;

    private NDArray firstGramInverse;
    private final double[] lastActivationStep;

    private LogPbcdTrainer(Builder builder) {
        super(builder);
        lambda = builder.lambda;
        epsilon = builder.epsilon;
        rho = builder.rho;
        gamma = builder.gamma == null ? builder.rho : builder.gamma;
        delta = builder.delta;
        alpha = builder.alpha;
        beta = builder.beta;
        sparse = builder.sparseMask();
        biasUpdate = builder.biasUpdate;
        lipschitzSafeDelta = builder.lipschitzSafeDelta;
        globalLogThreshold = builder.globalLogThreshold;
        lastActivationStep = new double[layers];
    }

    /** A builder with the paper's MNIST setting (Sect. 4.1) and the 784-500-500-10 network. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for the proximal BCD baseline: the same solver with λ = 0 and no sparse layers, named
     * "proximal BCD".
     */
    public static Builder proximalBcdBuilder() {
        return new Builder().optLambda(0).optSparseLayers().optName("proximal BCD");
    }

    @Override
    protected List<NDArray> extraState() {
        return Collections.singletonList(firstGramInverse);
    }

    @Override
    protected void setUpExtra() {
        firstGramInverse = LinAlg.inverse64(LinAlg.shiftedGram(x, coupling(1), delta));
    }

    @Override
    protected void forgetExtra() {
        firstGramInverse = null;
    }

    /** The weight of {@code ‖Z_l − W_l A_{l−1} − B_l‖²}: ρ for hidden layers, β for the output layer. */
    private double coupling(int l) {
        return l < layers ? rho : beta;
    }

    private boolean isSparse(int l) {
        return l <= layers - 2 && sparse[l];
    }

    // ---------------------------------------------------------------- the blocks of Algorithm 1

    /** W_l, Eq. 5/7 (with c = ρ, or β for l = L). */
    private void updateW(int l) {
        block(() -> {
            NDArray prev = a[l - 1];
            double c = coupling(l);
            NDArray gInverse = l == 1 ? firstGramInverse : LinAlg.inverse64(LinAlg.shiftedGram(prev, c, delta));
            NDArray r = w[l].mul(delta).add(z[l].sub(b[l]).matMul(prev.transpose()).mul(c));
            w[l] = replace(w[l], keep(LinAlg.rightMultiply64(r, gInverse)));
            invalidate(l);
        });
    }

    /** B_l, Eq. 6/8, in the chosen {@link BiasUpdate} form. */
    private void updateB(int l) {
        block(() -> {
            double c = coupling(l);
            NDArray residual = z[l].sub(product(l));
            NDArray fresh;
            switch (biasUpdate) {
                case SHARED_VECTOR:
                    fresh = b[l].mul(delta).add(residual.mean(new int[] {1}, true).mul(c)).div(c + delta);
                    break;
                case VECTOR_PROX:
                    long m = residual.getShape().get(1);
                    fresh = b[l].mul(delta).add(residual.sum(new int[] {1}, true).mul(c)).div(c * m + delta);
                    break;
                case PAPER_MATRIX:
                    fresh = b[l].mul(delta).add(residual.mul(c)).div(c + delta);
                    break;
                default:
                    throw new IllegalStateException(biasUpdate.toString());
            }
            b[l] = replace(b[l], keep(fresh));
        });
    }

    /** Z_l for a hidden layer, Eq. 9-13. */
    private void updateZ(int l) {
        block(() -> {
            NDArray s = z[l].mul(delta).add(product(l).add(b[l]).mul(rho)).div(rho + delta);
            z[l] = replace(z[l], keep(Prox.reluProx(a[l], s, (rho + delta) / gamma)));
        });
    }

    /** A_l for a hidden layer: the log prox-linear step (Eq. 14-17) or the exact step (Eq. 18-19). */
    private void updateA(int l) {
        block(() -> {
            NDArray wn = w[l + 1];
            NDArray bn = b[l + 1];
            NDArray zn = z[l + 1];
            double c = coupling(l + 1);
            NDArray fz = Activation.relu(z[l]);
            NDArray fresh;
            if (isSparse(l)) {
                double step = delta;
                if (lipschitzSafeDelta) {
                    step = Math.max(delta, c * LinAlg.spectralNormSquaredUpperBound(wn) + gamma);
                }
                NDArray grad = wn.transpose().matMul(wn.matMul(a[l]).add(bn).sub(zn)).mul(c)
                        .add(a[l].sub(fz).mul(gamma));
                NDArray xl = a[l].sub(grad.div(step));
                fresh = Prox.logThreshold(xl, lambda / step, epsilon, globalLogThreshold);
                lastActivationStep[l] = step;
            } else {
                NDArray rhs = a[l].mul(delta).add(wn.transpose().matMul(zn.sub(bn)).mul(c)).add(fz.mul(gamma));
                fresh = LinAlg.solveShiftedNormal(wn, c, gamma + delta, rhs);
                lastActivationStep[l] = delta;
            }
            a[l] = replace(a[l], keep(fresh));
            invalidate(l + 1);
        });
    }

    /** Z_L, Eq. 20-21. */
    private void updateOutputZ() {
        block(() -> {
            NDArray fresh = product(layers).add(b[layers]).mul(beta).add(y.mul(alpha)).add(z[layers].mul(delta))
                    .div(alpha + beta + delta);
            z[layers] = replace(z[layers], keep(fresh));
        });
    }

    /** The blocks of one sweep, by name, for tests that check each block on its own. */
    enum Step {
        W, B, Z, A, OUTPUT_Z
    }

    /** Runs one block update in its own scope (for tests). */
    void runStep(Step step, int l) {
        Checks.check(isInitialized(), name() + ".runStep", "an initialised trainer", "not initialised");
        openScope();
        try {
            switch (step) {
                case W:
                    updateW(l);
                    break;
                case B:
                    updateB(l);
                    break;
                case Z:
                    Checks.check(l < layers, "runStep", "a hidden layer for Z", l);
                    updateZ(l);
                    break;
                case A:
                    Checks.check(l < layers, "runStep", "a hidden layer for A", l);
                    updateA(l);
                    break;
                case OUTPUT_Z:
                    updateOutputZ();
                    break;
                default:
                    throw new IllegalStateException(step.toString());
            }
        } finally {
            closeScope();
        }
    }

    @Override
    protected void sweep(int k) {
        for (int l = 1; l < layers; l++) {
            updateW(l);
            updateB(l);
            updateZ(l);
            updateA(l);
        }
        updateW(layers);
        updateB(layers);
        updateOutputZ();
    }

    /** The terms of Eq. 4 at the current state, computed in the current scope. */
    @Override
    protected Map<String, Double> parts() {
        double act = 0;
        double lin = 0;
        double log = 0;
        for (int l = 1; l < layers; l++) {
            act += 0.5 * gamma * Ops.sumSquares(a[l].sub(Activation.relu(z[l])));
            lin += 0.5 * rho * Ops.sumSquares(z[l].sub(product(l)).sub(b[l]));
            if (isSparse(l) && lambda > 0) {
                log += lambda * LogRegularizer.value(a[l], epsilon);
            }
        }
        double out = 0.5 * beta * Ops.sumSquares(z[layers].sub(product(layers)).sub(b[layers]));
        double fit = 0.5 * alpha * Ops.sumSquares(z[layers].sub(y));
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("activationFit", act);
        parts.put("hiddenLinearFit", lin);
        parts.put("logPenalty", log);
        parts.put("outputLinearFit", out);
        parts.put("labelFit", fit);
        parts.put("total", act + lin + log + out + fit);
        return parts;
    }

    /**
     * The terms of Eq. 4 at the current state: {@code activationFit} (γ terms), {@code hiddenLinearFit}
     * (ρ terms), {@code logPenalty} (λ G over the sparse layers; by default {@code 1..L−2}, the paper's
     * range), {@code outputLinearFit} (β term), {@code labelFit} (α term) and their {@code total}.
     *
     * @return the named terms, in that order
     */
    @Override
    public Map<String, Double> objectiveParts() {
        return super.objectiveParts();
    }

    /**
     * The step weight {@code δ_A} used by the last A_l update: δ, or the Lipschitz-safe value.
     *
     * @param layer a hidden layer
     * @return the step weight
     */
    public double lastActivationStepWeight(int layer) {
        Checks.check(layer >= 1 && layer < layers, name() + ".lastActivationStepWeight",
                "a hidden layer in [1, " + (layers - 1) + "]", layer);
        return lastActivationStep[layer];
    }

    /** λ, ε, ρ, γ, δ, α, β in that order (γ resolved). */
    double[] hyperparameters() {
        return new double[] {lambda, epsilon, rho, gamma, delta, alpha, beta};
    }

    /**
     * The builder of {@link LogPbcdTrainer}; every setting is optional and defaults as documented.
     * Besides the options below it has those shared by all methods ({@code optLayerSizes},
     * {@code optSeed}, {@code optEvaluateObjective}, {@code optEvaluateAccuracy}, {@code optName},
     * {@code addListener}) and by the splitting methods ({@code optInitWeightScale},
     * {@code optInitBias}, {@code optSparseLayers}).
     */
    public static final class Builder extends SplittingBuilder<Builder> {

        private double lambda = PaperSetting.MNIST.lambda();
        private double epsilon = PaperSetting.MNIST.epsilon();
        private double rho = PaperSetting.MNIST.rho();
        private Double gamma;
        private double delta = PaperSetting.MNIST.delta();
        private double alpha = 1;
        private double beta = 1;
        private BiasUpdate biasUpdate = BiasUpdate.SHARED_VECTOR;
        private boolean lipschitzSafeDelta;
        private boolean globalLogThreshold;

        Builder() {
            super("LogPbcdTrainer.Builder");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets λ, ε, ρ and δ to one of the paper's settings (default {@link PaperSetting#MNIST}). */
        public Builder optPaperSetting(PaperSetting setting) {
            Checks.notNull(setting, who, "a paper setting");
            lambda = setting.lambda();
            epsilon = setting.epsilon();
            rho = setting.rho();
            delta = setting.delta();
            return this;
        }

        /** λ ≥ 0, the weight of the log regulariser (Eq. 4); default 3e-6 (MNIST, Sect. 4.1). */
        public Builder optLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** ε > 0 of {@code log(1 + |a|/ε)}; default 1e-3. */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** ρ > 0, the weight of the hidden linear-fit terms; default 1.7. */
        public Builder optRho(double rho) {
            this.rho = rho;
            return this;
        }

        /**
         * γ > 0, the weight of {@code ‖A_l − relu(Z_l)‖²}. Not specified by the paper; default γ = ρ
         * (the reading under which the paper's Eq. 19 is exact).
         */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** δ > 0, the proximal weight of every block; default 1. */
        public Builder optDelta(double delta) {
            this.delta = delta;
            return this;
        }

        /** α > 0, the weight of {@code ‖Z_L − Y‖²}. Not specified by the paper; default 1. */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** β > 0, the weight of the output layer's linear-fit term. Not specified by the paper; default 1. */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /** The bias update; default {@link BiasUpdate#SHARED_VECTOR}. */
        public Builder optBiasUpdate(BiasUpdate update) {
            biasUpdate = update;
            return this;
        }

        /**
         * Uses {@code δ_A = max(δ, ρ‖W_{l+1}‖₂² + γ)} in the log step (Eq. 15-17), so that it cannot
         * increase Eq. 4; default false (the paper's δ).
         */
        public Builder optLipschitzSafeDelta(boolean safe) {
            lipschitzSafeDelta = safe;
            return this;
        }

        /**
         * Compares Eq. 17's root with {@code a = 0} so that the log step uses the exact global
         * minimiser of its sub-problem; default false (Eq. 17 as printed).
         */
        public Builder optGlobalLogThreshold(boolean global) {
            globalLogThreshold = global;
            return this;
        }

        /**
         * Validates the settings and builds the trainer.
         *
         * @return the trainer, to be {@link LogPbcdTrainer#initialize initialised} or {@link LogPbcdTrainer#fit fitted}
         * @throws IllegalArgumentException naming the offending setting and value
         */
        public LogPbcdTrainer build() {
            checkLayerSizes();
            finite(lambda, who, "lambda");
            Checks.nonNegative(lambda, who, "lambda");
            positiveFinite(epsilon, who, "epsilon");
            positiveFinite(rho, who, "rho");
            if (gamma != null) {
                positiveFinite(gamma, who, "gamma");
            }
            positiveFinite(delta, who, "delta");
            positiveFinite(alpha, who, "alpha");
            positiveFinite(beta, who, "beta");
            finite(weightScale, who, "the initial weight scale");
            Checks.nonNegative(weightScale, who, "the initial weight scale");
            finite(biasInit, who, "a finite initial bias");
            Checks.notNull(biasUpdate, who, "a bias update");
            int hidden = layerSizes.length - 2;
            if (sparseLayers != null) {
                for (int l : sparseLayers) {
                    Checks.check(l >= 1 && l <= hidden - 1, who,
                            "sparse layers in [1, L-2] = [1, " + (hidden - 1) + "] (A_{L-1} stays dense)",
                            Arrays.toString(sparseLayers));
                }
            }
            if (name == null) {
                name = lambda == 0 ? "proximal BCD" : "LOG-PBCD";
            }
            return new LogPbcdTrainer(this);
        }

        private static void finite(double v, String who, String what) {
            Checks.check(Double.isFinite(v), who, "a finite " + what, v);
        }
    }
}
