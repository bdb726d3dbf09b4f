package io.github.prcv2021.icce;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.prcv2021.core.Checks;

/**
 * Improved categorical cross-entropy (ICCE), Li et al., PRCV 2021, Eq. 5:
 *
 * <pre>
 *   L(p) = ∫_p^1 e^{T(q − 0.5)} / q dq,   p = softmax(z)_y
 * </pre>
 *
 * whose gradient with respect to the logits is Eq. 6: the cross-entropy gradient
 * {@code softmax(z) − onehot(y)} times the example weight {@code w(p) = e^{T(p − 0.5)}}. Low-confidence
 * examples, which are the likely mislabelled ones, are down-weighted. {@code T = 0} is plain
 * cross-entropy.
 *
 * <p>The value is computed exactly, in closed form, as the series
 *
 * <pre>
 *   L(p) = e^{−T/2} · [ −ln p + Σ_{k≥1} T^k (1 − p^k) / (k · k!) ]
 * </pre>
 *
 * (expand {@code e^{Tq}} and integrate term by term), truncated after {@code ceil(e·T) + 20} terms,
 * beyond which the remainder is below float precision for {@code T <= 8}. {@code ln p} comes from
 * log-softmax and {@code p^k} as {@code exp(k ln p)}, so the form is stable and its autograd gradient
 * is Eq. 6 exactly; no custom backward is needed. {@link Mode#DETACHED_WEIGHT} instead trains with
 * {@code stopgrad(w(p)) · CE}, which has the same gradient but a different value.
 */
public final class IcceLoss extends ProbabilityLoss {

    /** How the loss value is formed; both give the gradient of Eq. 6. */
    public enum Mode {
        /** The exact value of Eq. 5 by its series; the default. */
        EXACT_SERIES,
        /** {@code stopgrad(e^{T(p−0.5)}) · (−ln p)}: same gradient, cheaper, value not Eq. 5. */
        DETACHED_WEIGHT
    }

    private final float t;
    private final int terms;
    private final Mode mode;
    private final float[] coefficients; // T^k / (k k!), k = 1..terms
    private final float coefficientSum;

    private IcceLoss(Builder b) {
        super(b.name, b.sparseLabel);
        this.t = b.t;
        this.terms = b.terms > 0 ? b.terms : defaultTerms(b.t);
        this.mode = b.mode;
        this.coefficients = new float[terms];
        double c = 1;
        double sum = 0;
        for (int k = 1; k <= terms; k++) {
            c *= t / k; // T^k / k!
            coefficients[k - 1] = (float) (c / k);
            sum += c / k;
        }
        this.coefficientSum = (float) sum;
    }

    /** A builder with the paper's default {@code T = 4}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of series terms used when none is given: {@code ceil(e·T) + 20}. */
    public static int defaultTerms(float t) {
        return (int) Math.ceil(Math.E * t) + 20;
    }

    /** T, the exponential base of Eq. 5. */
    public float getT() {
        return t;
    }

    /** The number of series terms kept. */
    public int getTerms() {
        return terms;
    }

    /** The value mode. */
    public Mode getMode() {
        return mode;
    }

    /**
     * The example weight of Eq. 6, {@code e^{T(p − 0.5)}}, for diagnostics (paper Fig. 2).
     *
     * @param pTrue probabilities of the labelled class, any shape, values in [0, 1]
     */
    public static NDArray exampleWeight(NDArray pTrue, float t) {
        return pTrue.sub(0.5f).mul(t).exp();
    }

    /** The loss of Eq. 5 at a probability {@code p} in (0, 1], computed in double precision. */
    public static double value(double p, double t) {
        Checks.check(p > 0 && p <= 1, "IcceLoss.value", "p in (0, 1]", p);
        int n = defaultTerms((float) t);
        double c = 1;
        double s = -Math.log(p);
        for (int k = 1; k <= n; k++) {
            c *= t / k;
            s += c * (1 - Math.pow(p, k)) / k;
        }
        return Math.exp(-t / 2) * s;
    }

    @Override
    protected NDArray perExample(NDArray logPy, NDArray logits, NDArray logP) {
        if (mode == Mode.DETACHED_WEIGHT) {
            NDArray w = exampleWeight(logPy.exp(), t).stopGradient();
            return w.mul(logPy.neg());
        }
        NDArray out = logPy.neg();
        if (terms > 0 && t != 0) {
            NDManager m = logPy.getManager();
            NDArray k = m.arange(1f, terms + 1f).reshape(1, terms);
            NDArray c = m.create(coefficients).reshape(terms, 1);
            // Σ c_k (1 − p^k) = Σ c_k − Σ c_k exp(k ln p)
            NDArray powers = logPy.reshape(-1, 1).mul(k).exp();
            NDArray series = powers.matMul(c).reshape(-1).neg().add(coefficientSum);
            out = out.add(series);
        }
        return out.mul((float) Math.exp(-t / 2.0));
    }

    /** Builder for {@link IcceLoss}. */
    public static final class Builder {
        private String name = "ICCE";
        private float t = 4f;
        private int terms;
        private boolean sparseLabel = true;
        private Mode mode = Mode.EXACT_SERIES;

        private Builder() {}

        /** Sets T of Eq. 5 (default 4, the paper's value); T = 0 is cross-entropy. */
        public Builder setT(float t) {
            Checks.check(t >= 0 && t <= 30 && !Float.isNaN(t), "IcceLoss", "T in [0, 30]", t);
            this.t = t;
            return this;
        }

        /** Sets the number of series terms (default {@code ceil(e·T) + 20}). */
        public Builder optTerms(int terms) {
            Checks.positive(terms, "IcceLoss", "terms");
            this.terms = terms;
            return this;
        }

        /** Labels as class indices (default) or one-hot rows. */
        public Builder optSparseLabel(boolean sparseLabel) {
            this.sparseLabel = sparseLabel;
            return this;
        }

        /** Sets how the value is formed (default {@link Mode#EXACT_SERIES}). */
        public Builder optMode(Mode mode) {
            this.mode = Checks.notNull(mode, "IcceLoss", "mode");
            return this;
        }

        /** Sets the loss name used in logs and metrics (default "ICCE"). */
        public Builder optName(String name) {
            this.name = Checks.notNull(name, "IcceLoss", "name");
            return this;
        }

        /** Builds the loss. */
        public IcceLoss build() {
            return new IcceLoss(this);
        }
    }
}
