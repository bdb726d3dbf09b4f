package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * ALISTA (Liu et al., 2019), the paper's third estimator: {@code z^{k+1} = h_{θ_k}(z^k − γ_k Wᵀ(D z^k − x))}
 * from {@code z^0 = 0}, where only the scalars {@code γ_k, θ_k} are learned and {@code W (n×m)} is computed
 * from D before training: {@code W = argmin ‖WᵀD‖_F} subject to {@code diag(WᵀD) = 1}
 * ({@link #analyticWeight}, by projected gradient descent; no support selection, which the paper does
 * not mention). Initialisation (not specified by the paper): {@code γ_k = 1/L}, {@code θ_k = λ/L}.
 */
public final class Alista extends UnfoldedEstimator {

    private static final byte VERSION = 1;

    private final float[] analytic;
    private final List<Parameter> steps = new ArrayList<>();
    private final List<Parameter> thresholds = new ArrayList<>();

    private Alista(Builder b) {
        super(VERSION, b);
        try (NDManager manager = NDManager.newBaseManager()) {
            analytic = analyticWeight(manager.create(dictionary, new Shape(n, m)), b.weightIterations).toFloatArray();
        }
        for (int k = 0; k < numLayers; k++) {
            steps.add(weight("gamma_" + (k + 1), new Shape(1), new float[] {1f / lipschitz}));
            thresholds.add(weight("theta_" + (k + 1), new Shape(1), new float[] {lambda / lipschitz}));
        }
    }

    /** A builder: K = 10, λ = 0.5, 2,000 projected-gradient iterations for W. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * ALISTA's analytic weight (Liu et al., 2019, Eq. 15): minimises {@code ‖WᵀD‖_F²} over {@code W (n×m)}
     * subject to {@code d_jᵀ w_j = 1} for every atom, by projected gradient descent from
     * {@code w_j = d_j/‖d_j‖²} with step {@code 1/(2‖D‖₂²)}; the projection adds
     * {@code (1 − d_jᵀw_j) d_j/‖d_j‖²} to each column.
     *
     * @param d the dictionary {@code (n, m)} without zero atoms
     * @param iterations projected-gradient iterations, {@code ≥ 1}
     * @return W {@code (n, m)} on {@code d}'s manager
     */
    public static NDArray analyticWeight(NDArray d, int iterations) {
        SparseCoding.checkDictionary(d, "Alista.analyticWeight");
        Checks.positive(iterations, "Alista.analyticWeight", "iterations");
        float l = SparseCoding.lipschitz(d, 200);
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            NDArray atomNorms = d.square().sum(new int[] {0}, true); // (1, m)
            Checks.check(atomNorms.min().getFloat() > 0, "Alista.analyticWeight", "a dictionary without zero atoms", "a zero atom");
            NDArray scaled = d.div(atomNorms); // d_j / ‖d_j‖²
            NDArray ddt = d.matMul(d.transpose());
            NDArray w = scaled;
            for (int i = 0; i < iterations; i++) {
                try (ai.djl.ndarray.NDScope step = new ai.djl.ndarray.NDScope()) {
                    NDArray g = w.sub(ddt.matMul(w).mul(1f / l)); // W − (1/(2L)) · 2DDᵀW
                    NDArray dot = d.mul(g).sum(new int[] {0}, true);
                    NDArray next = g.add(scaled.mul(dot.neg().add(1f)));
                    ai.djl.ndarray.NDScope.unregister(next);
                    if (w != scaled) {
                        w.close();
                    }
                    w = next;
                }
            }
            return SparseCoding.keep(w == scaled ? w.duplicate() : w);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager manager = x.getManager();
        NDArray dt = dictionary(manager).transpose();
        NDArray w = manager.create(analytic, new Shape(n, m));
        NDArray z = null;
        for (int k = 0; k < numLayers; k++) {
            NDArray r = z == null ? x.neg() : z.matMul(dt).sub(x); // D z − x
            NDArray step = r.matMul(w).mul(store.getValue(steps.get(k), x.getDevice(), training));
            NDArray u = z == null ? step.neg() : z.sub(step);
            z = SparseCoding.softThreshold(u, store.getValue(thresholds.get(k), x.getDevice(), training));
        }
        return new NDList(z);
    }

    @Override
    public String toString() {
        return "Alista(K=" + numLayers + ", n=" + n + ", m=" + m + ")";
    }

    /** Builder for {@link Alista}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private int weightIterations = 2000;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** Projected-gradient iterations for the analytic W (default 2,000). */
        public Builder optWeightIterations(int iterations) {
            this.weightIterations = Checks.positive(iterations, "Alista", "weightIterations");
            return this;
        }

        /** Builds the network. */
        public Alista build() {
            return new Alista(this);
        }
    }
}
