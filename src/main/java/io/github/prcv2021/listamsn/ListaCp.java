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
 * Coupled LISTA, LISTA-CP (Chen et al., 2018), the paper's "Coupled-LISTA" estimator:
 * {@code z^{k+1} = h_{θ_k}(z^k + W_kᵀ(x − D z^k))} from {@code z^0 = 0}, with a matrix {@code W_k (n×m)} and
 * a scalar threshold {@code θ_k} learned per layer and {@code D} fixed. Initialised as ISTA:
 * {@code W_k = D/L}, {@code θ_k = λ/L}.
 */
public final class ListaCp extends UnfoldedEstimator {

    private static final byte VERSION = 1;

    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> thresholds = new ArrayList<>();

    private ListaCp(Builder b) {
        super(VERSION, b);
        float[] w = scaledDictionary(1f / lipschitz);
        for (int k = 0; k < numLayers; k++) {
            weights.add(weight("w_" + (k + 1), new Shape(n, m), w));
            thresholds.add(weight("theta_" + (k + 1), new Shape(1), new float[] {lambda / lipschitz}));
        }
    }

    /** A builder: K = 10, λ = 0.5. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray dt = dictionary(x.getManager()).transpose();
        NDArray z = SparseCoding.softThreshold(x.matMul(store.getValue(weights.get(0), x.getDevice(), training)),
                store.getValue(thresholds.get(0), x.getDevice(), training));
        for (int k = 1; k < numLayers; k++) {
            NDArray r = x.sub(z.matMul(dt));
            z = SparseCoding.softThreshold(z.add(r.matMul(store.getValue(weights.get(k), x.getDevice(), training))),
                    store.getValue(thresholds.get(k), x.getDevice(), training));
        }
        return new NDList(z);
    }

    @Override
    public String toString() {
        return "ListaCp(K=" + numLayers + ", n=" + n + ", m=" + m + ")";
    }

    /** Builder for {@link ListaCp}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Builds the network, initialised as ISTA. */
        public ListaCp build() {
            return new ListaCp(this);
        }
    }
}
