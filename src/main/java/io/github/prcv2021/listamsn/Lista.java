package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * LISTA (Gregor &amp; LeCun, 2010), the estimator of the paper's Eq. 1 and Algorithm 1:
 * {@code B = W_e x}, {@code Z(1) = h_θ(B)}, {@code Z(t) = h_θ(B + S Z(t−1))} for {@code t = 2..K},
 * {@code ẑ = Z(K)}, with trainable {@code W_e (m×n)}, {@code S (m×m)} and thresholds {@code θ (m)}.
 *
 * <p>Depth: Algorithm 1 writes {@code Z(0) = h_θ(B)} followed by K recurrences; here {@code Z(0)} counts
 * as the first of the K layers, so that a K-layer LISTA at ISTA's initialisation ({@code W_e = Dᵀ/L},
 * {@code S = I − DᵀD/L}, {@code θ = λ/L}) computes exactly K ISTA iterations from zero, the depth the
 * paper's figures compare. Weights are shared across layers as in Algorithm 1 ({@link Builder#optTiedWeights},
 * default true); untied, every layer has its own {@code W_e, S, θ} (the variant of Ablin et al., 2019).
 * Parameters are stored in row form ({@code W_eᵀ (n, m)}, {@code Sᵀ (m, m)}) because signals are rows.
 */
public final class Lista extends UnfoldedEstimator {

    private static final byte VERSION = 1;

    private final boolean tied;
    private final List<Parameter> encoders = new ArrayList<>();
    private final List<Parameter> recurrences = new ArrayList<>();
    private final List<Parameter> thresholds = new ArrayList<>();

    private Lista(Builder b) {
        super(VERSION, b);
        this.tied = b.tied;
        float[] we = scaledDictionary(1f / lipschitz);
        float[] s = numLayers > 1 ? istaRecurrence() : null;
        float[] theta = filled(m, lambda / lipschitz);
        int sets = tied ? 1 : numLayers;
        for (int k = 0; k < sets; k++) {
            String suffix = tied ? "" : "_" + (k + 1);
            encoders.add(weight("we" + suffix, new Shape(n, m), we));
            thresholds.add(weight("theta" + suffix, new Shape(1, m), theta));
            if (numLayers > 1 && (tied || k > 0)) {
                recurrences.add(weight("s" + suffix, new Shape(m, m), s));
            }
        }
    }

    /** A builder: K = 10, λ = 0.5, tied weights. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the layers share {@code W_e, S, θ}. */
    public boolean isTied() {
        return tied;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray b = x.matMul(store.getValue(encoders.get(0), x.getDevice(), training));
        NDArray z = SparseCoding.softThreshold(b, store.getValue(thresholds.get(0), x.getDevice(), training));
        for (int t = 1; t < numLayers; t++) {
            int k = tied ? 0 : t;
            NDArray bk = tied ? b : x.matMul(store.getValue(encoders.get(k), x.getDevice(), training));
            NDArray s = store.getValue(recurrences.get(tied ? 0 : t - 1), x.getDevice(), training);
            z = SparseCoding.softThreshold(bk.add(z.matMul(s)), store.getValue(thresholds.get(k), x.getDevice(), training));
        }
        return new NDList(z);
    }

    @Override
    public String toString() {
        return "Lista(K=" + numLayers + ", n=" + n + ", m=" + m + (tied ? ", tied" : ", untied") + ")";
    }

    /** Builder for {@link Lista}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private boolean tied = true;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Share {@code W_e, S, θ} across layers (default true, the paper's Algorithm 1). */
        public Builder optTiedWeights(boolean tied) {
            this.tied = tied;
            return this;
        }

        /** Builds the network, initialised as ISTA. */
        public Lista build() {
            return new Lista(this);
        }
    }
}
