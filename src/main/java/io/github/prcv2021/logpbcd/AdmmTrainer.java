package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.github.prcv2021.core.Checks;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ADMM baseline of Xie, Li, Zhao (PRCV 2021) Table 1: Taylor et al., "Training Neural Networks
 * Without Gradients: A Scalable ADMM Approach" (ICML 2016), and LOG-ADMM, the same with the log
 * regulariser on the hidden activations. Taylor et al. minimise
 *
 * <pre>
 *   ℓ(Z_L, Y) + ⟨Z_L, Λ⟩ + β‖Z_L − W_L A_{L−1} − b_L‖² + Σ_{l&lt;L} [ γ‖A_l − relu(Z_l)‖² + β‖Z_l − W_l A_{l−1} − b_l‖² ]
 *     (+ λ Σ_{l sparse} G(A_l) for LOG-ADMM)
 * </pre>
 *
 * by one pass per iteration over the layers, each step solved globally in closed form:
 *
 * <ol>
 *   <li>{@code [W_l b_l] ← Z_l Ã_{l−1}⁺}, the least-squares fit, where {@code Ã = [A; 1ᵀ]} carries the
 *       bias (Taylor et al. use no biases; the paper compares all methods on the same MLP with biases,
 *       so the bias is absorbed into the weights as in its Eq. 2). The pseudo-inverse is computed as
 *       {@code Ãᵀ(ÃÃᵀ + rI)^{-1}} with a tiny ridge {@code r = ridge · trace(ÃÃᵀ)/(d+1)} (default
 *       {@code ridge = 1e-6}), in float64; input pixels that are zero in every sample make
 *       {@code ÃÃᵀ} singular, and the ridge gives their weights the minimum-norm value 0.
 *   <li>{@code A_l ← (βW_{l+1}ᵀW_{l+1} + γI)^{-1}(βW_{l+1}ᵀ(Z_{l+1} − b_{l+1}) + γ relu(Z_l))} with layer
 *       l+1 at its previous-iteration values. For LOG-ADMM on a sparse layer (default {@code l ≤ L−2},
 *       as in LOG-PBCD) this exact minimiser {@code A*} is followed by one proximal-gradient step on
 *       the regularised sub-problem, taken from {@code A*} (where the smooth gradient vanishes):
 *       {@code A ← prox_{log, λ/Lc}(A*)} with the Lipschitz constant
 *       {@code Lc = 2(γ + β‖W_{l+1}‖₂²)} (bounded from above). The paper gives no details of LOG-ADMM;
 *       this is the choice that keeps Taylor's closed-form step and cannot do worse on the regularised
 *       sub-problem than {@code A*} itself.
 *   <li>{@code Z_l ← argmin γ‖A_l − relu(Z)‖² + β‖Z − W_l A_{l−1} − b_l‖²}, entry-wise
 *       ({@link Prox#reluProx} with {@code η = β/γ}).
 *   <li>Output: {@code Z_L ← argmin ℓ(Z, Y) + ⟨Z, Λ⟩ + β‖Z − W_L A_{L−1} − b_L‖²} and the Bregman
 *       (multiplier) update {@code Λ ← Λ + β(Z_L − W_L A_{L−1} − b_L)}. Taylor et al. use a hinge loss
 *       for classification; here ℓ is the least-squares loss {@code ‖Z − Y‖²_F} to the one-hot Y,
 *       consistent with the paper's Eq. 4 ({@code α = β}), which gives
 *       {@code Z_L = (Y − Λ/2 + β(W_L A_{L−1} + b_L))/(1 + β)}.
 * </ol>
 *
 * <p>Defaults where the paper is silent follow Taylor et al.: {@code β = 1}, {@code γ = 10}, and a
 * warm start (iterations without multiplier updates; Taylor et al. recommend a few, without a fixed
 * number; default 10 here). The initialisation is that of LOG-PBCD (the paper: "ADMM did the
 * same"): {@code W ~ 0.01·N(0,1)}, {@code b = 0.1}, Z and A from a forward pass, {@code Λ = 0}.
 * The log regulariser's ε defaults to the paper's MNIST value 1e-3; LOG-ADMM's λ is not given by
 * the paper and has no default here beyond {@link #logAdmmBuilder()}'s documented value.
 *
 * <p>{@link #activationSparsity(int)} measures the exact zeros of the activation variable {@code A_l}.
 */
public final class AdmmTrainer extends AbstractSplittingMethod {

    private final double beta;
    private final double gamma;
    private final double lambda;
    private final double epsilon;
    private final boolean[] sparse;
    private final int warmStart;
    private final double ridge;

    private NDArray multiplier;
    private NDArray firstPseudoInverse;

    private AdmmTrainer(Builder builder) {
        super(builder);
        beta = builder.beta;
        gamma = builder.gamma;
        lambda = builder.lambda;
        epsilon = builder.epsilon;
        warmStart = builder.warmStart;
        ridge = builder.ridge;
        sparse = builder.sparseMask();
    }

    /**
     * A builder for Taylor et al.'s ADMM (λ = 0), 784-500-500-10.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for LOG-ADMM: ADMM with the log regulariser on the hidden layers but the last. λ is
     * not given by the paper; the default here, λ = 1e-3 with ε = 1e-3, was chosen so that the
     * threshold {@code 2√(λ/Lc) − ε} of the proximal step (with {@code Lc ≥ 2γ = 20}) is about 0.013,
     * a small fraction of typical activations. Measured on the first 10,000 Fashion-MNIST training
     * images (784-500-500-10, 30 iterations): 32.5% of A_1 exactly zero and 82.4% test accuracy,
     * against 0% and 81.8% for plain ADMM. Set it with {@link Builder#optLambda(double)}.
     *
     * @return a new builder
     */
    public static Builder logAdmmBuilder() {
        return new Builder().optLambda(1e-3).optName("LOG-ADMM");
    }

    @Override
    protected List<NDArray> extraState() {
        return Arrays.asList(multiplier, firstPseudoInverse);
    }

    @Override
    protected void setUpExtra() {
        multiplier = z[layers].zerosLike();
        firstPseudoInverse = LinAlg.inverse64(augmentedGram(x));
    }

    @Override
    protected void forgetExtra() {
        multiplier = null;
        firstPseudoInverse = null;
    }

    private boolean isSparse(int l) {
        return lambda > 0 && l <= layers - 2 && sparse[l];
    }

    /** {@code ÃÃᵀ + rI} for {@code Ã = [A; 1ᵀ]}, assembled from {@code AAᵀ}, the row sums and M. */
    private NDArray augmentedGram(NDArray act) {
        long m = act.getShape().get(1);
        int d = (int) act.getShape().get(0);
        NDArray aat = act.matMul(act.transpose());
        NDArray s = act.sum(new int[] {1}, true);
        NDArray top = aat.concat(s, 1);
        NDArray bottom = s.transpose().concat(s.getManager().full(new ai.djl.ndarray.types.Shape(1, 1), (float) m,
                act.getDataType()), 1);
        NDArray g = top.concat(bottom, 0);
        double trace = Ops.sum(aat.mul(scope.eye(d, d, 0, act.getDataType()))) + m;
        return g.add(scope.eye(d + 1, d + 1, 0, act.getDataType()).mul(ridge * trace / (d + 1)));
    }

    /** {@code [W_l b_l] ← Z_l Ã_{l−1}⁺} (Taylor et al.'s weight step, with the bias absorbed). */
    private void updateW(int l) {
        block(() -> {
            NDArray prev = a[l - 1];
            int d = sizes[l - 1];
            NDArray inverse = l == 1 ? firstPseudoInverse : LinAlg.inverse64(augmentedGram(prev));
            NDArray rhs = z[l].matMul(prev.transpose()).concat(z[l].sum(new int[] {1}, true), 1); // Z Ãᵀ
            NDArray wb = LinAlg.rightMultiply64(rhs, inverse);
            w[l] = replace(w[l], keep(wb.get(":, :" + d)));
            b[l] = replace(b[l], keep(wb.get(":, " + d + ":")));
            invalidate(l);
        });
    }

    /** Taylor et al.'s activation step; for LOG-ADMM followed by the log proximal step. */
    private void updateA(int l) {
        block(() -> {
            NDArray wn = w[l + 1];
            NDArray rhs = wn.transpose().matMul(z[l + 1].sub(b[l + 1])).mul(beta).add(Activation.relu(z[l]).mul(gamma));
            NDArray fresh = LinAlg.solveShiftedNormal(wn, beta, gamma, rhs);
            if (isSparse(l)) {
                double lipschitz = 2 * (gamma + beta * LinAlg.spectralNormSquaredUpperBound(wn));
                fresh = Prox.logThreshold(fresh, lambda / lipschitz, epsilon, false);
            }
            a[l] = replace(a[l], keep(fresh));
            invalidate(l + 1);
        });
    }

    /** Taylor et al.'s output step for hidden layers: {@code Z_l = reluProx(A_l, W_l A_{l−1} + b_l, β/γ)}. */
    private void updateZ(int l) {
        block(() -> {
            NDArray m = product(l).add(b[l]);
            z[l] = replace(z[l], keep(Prox.reluProx(a[l], m, beta / gamma)));
        });
    }

    /** The output layer's Z_L (least-squares loss) and, after the warm start, the multiplier. */
    private void updateOutput(int k) {
        block(() -> {
            NDArray m = product(layers).add(b[layers]);
            NDArray fresh = y.sub(multiplier.mul(0.5)).add(m.mul(beta)).div(1 + beta);
            z[layers] = replace(z[layers], keep(fresh));
            if (k > warmStart) {
                multiplier = replace(multiplier, keep(multiplier.add(z[layers].sub(m).mul(beta))));
            }
        });
    }

    @Override
    protected void sweep(int k) {
        for (int l = 1; l < layers; l++) {
            updateW(l);
            updateA(l);
            updateZ(l);
        }
        updateW(layers);
        updateOutput(k);
    }

    /**
     * The augmented Lagrangian: {@code loss} ‖Z_L − Y‖², {@code multiplier} ⟨Z_L, Λ⟩,
     * {@code outputPenalty} β‖Z_L − W_L A_{L−1} − b_L‖², {@code activationPenalty} γ Σ‖A_l − relu(Z_l)‖²,
     * {@code linearPenalty} β Σ‖Z_l − W_l A_{l−1} − b_l‖², {@code logPenalty} λ Σ G(A_l), {@code total}.
     */
    @Override
    protected Map<String, Double> parts() {
        double act = 0;
        double lin = 0;
        double log = 0;
        for (int l = 1; l < layers; l++) {
            act += gamma * Ops.sumSquares(a[l].sub(Activation.relu(z[l])));
            lin += beta * Ops.sumSquares(z[l].sub(product(l)).sub(b[l]));
            if (isSparse(l)) {
                log += lambda * LogRegularizer.value(a[l], epsilon);
            }
        }
        double loss = Ops.sumSquares(z[layers].sub(y));
        double mult = Ops.sum(z[layers].mul(multiplier));
        double out = beta * Ops.sumSquares(z[layers].sub(product(layers)).sub(b[layers]));
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("loss", loss);
        parts.put("multiplier", mult);
        parts.put("outputPenalty", out);
        parts.put("activationPenalty", act);
        parts.put("linearPenalty", lin);
        parts.put("logPenalty", log);
        parts.put("total", loss + mult + out + act + lin + log);
        return parts;
    }

    /** The steps of one ADMM pass, for tests that check each on its own. */
    enum Step {
        W, A, Z, OUTPUT
    }

    /** Runs one step in its own scope (for tests); {@code k} is the iteration index the output step sees. */
    void runStep(Step step, int l, int k) {
        openScope();
        try {
            switch (step) {
                case W:
                    updateW(l);
                    break;
                case A:
                    updateA(l);
                    break;
                case Z:
                    updateZ(l);
                    break;
                case OUTPUT:
                    updateOutput(k);
                    break;
                default:
                    throw new IllegalStateException(step.toString());
            }
        } finally {
            closeScope();
        }
    }

    /** For tests: the current multiplier Λ (owned by the trainer). */
    NDArray multiplier() {
        return multiplier;
    }

    /**
     * The builder of {@link AdmmTrainer}; every setting is optional. Besides the options below it has
     * those shared by all methods ({@code optLayerSizes}, {@code optSeed}, {@code optEvaluateObjective},
     * {@code optEvaluateAccuracy}, {@code optName}, {@code addListener}) and by the splitting methods
     * ({@code optInitWeightScale}, {@code optInitBias}, {@code optSparseLayers}).
     */
    public static final class Builder extends SplittingBuilder<Builder> {

        private double beta = 1;
        private double gamma = 10;
        private double lambda;
        private double epsilon = 1e-3;
        private int warmStart = 10;
        private double ridge = 1e-6;

        Builder() {
            super("AdmmTrainer.Builder");
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** β > 0, the weight of the linear constraints' penalties; default 1 (Taylor et al.). */
        public Builder optBeta(double beta) {
            this.beta = beta;
            return this;
        }

        /** γ > 0, the weight of the activation penalties; default 10 (Taylor et al.). */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** λ ≥ 0 of the log regulariser; 0 (default) is plain ADMM, > 0 is LOG-ADMM. */
        public Builder optLambda(double lambda) {
            this.lambda = lambda;
            return this;
        }

        /** ε > 0 of {@code log(1 + |a|/ε)}; default 1e-3. */
        public Builder optEpsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Iterations without multiplier updates at the start; default 10. */
        public Builder optWarmStartIterations(int iterations) {
            warmStart = iterations;
            return this;
        }

        /** Relative ridge of the pseudo-inverse; default 1e-6. */
        public Builder optRidge(double ridge) {
            this.ridge = ridge;
            return this;
        }

        /**
         * Validates the settings and builds the trainer.
         *
         * @return the trainer
         * @throws IllegalArgumentException naming the offending setting and value
         */
        public AdmmTrainer build() {
            checkLayerSizes();
            positiveFinite(beta, who, "beta");
            positiveFinite(gamma, who, "gamma");
            Checks.check(Double.isFinite(lambda) && lambda >= 0, who, "lambda >= 0 and finite", lambda);
            positiveFinite(epsilon, who, "epsilon");
            Checks.check(warmStart >= 0, who, "warm-start iterations >= 0", warmStart);
            Checks.check(Double.isFinite(ridge) && ridge > 0, who, "ridge > 0 and finite", ridge);
            Checks.check(Double.isFinite(weightScale) && weightScale >= 0, who,
                    "the initial weight scale >= 0 and finite", weightScale);
            Checks.check(Double.isFinite(biasInit), who, "a finite initial bias", biasInit);
            int hidden = layerSizes.length - 2;
            if (sparseLayers != null) {
                for (int l : sparseLayers) {
                    Checks.check(l >= 1 && l <= hidden - 1, who,
                            "sparse layers in [1, L-2] = [1, " + (hidden - 1) + "]", Arrays.toString(sparseLayers));
                }
            }
            if (name == null) {
                name = lambda > 0 ? "LOG-ADMM" : "ADMM";
            }
            return new AdmmTrainer(this);
        }
    }
}
