package io.github.prcv2021.listamsn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * The Mixture Sparsity Network (the paper's Sect. 3.2, Eqs. 2–6): a mixture-density head on a coarse
 * code {@code ẑ (B, m)}. One linear map without bias (Algorithm 1), {@code o = W_m ẑ ∈ R^{(2m+1)M}}, is
 * split per component i into {@code o^α_i} (scalar), {@code o^μ_i, o^σ_i ∈ R^m}, and mapped to
 * <ul>
 *   <li>{@code α = softmax(o^α)} (Eq. 4; returned as {@code log α} for a stable likelihood),
 *   <li>{@code μ_ij = h_ε(o^μ_ij)}, the soft threshold that keeps the centres sparse (Eq. 3, the
 *       "sparse regulation" of Table 1; {@link Builder#optSparseRegulation} turns it off),
 *   <li>{@code σ_ij = f(o^σ_ij)}, {@code f(t) = t + 1} for {@code t ≥ 0}, {@code γ(eᵗ − 1) + 1} otherwise
 *       (Eq. 5, the modified ELU), floored at {@code σ_min}.
 * </ul>
 * Output: {@code NDList(log α (B, M), μ (B, M, m), σ (B, M, m))}.
 *
 * <p>Not specified by the paper, with the defaults chosen here: γ = 1 (f stays positive only for γ ≤ 1);
 * the floor {@code σ_min = 1e-4} (target codes have exact zeros that μ can hit exactly, and without a floor
 * the likelihood diverges as σ → 0); M = 3; the initialisation of {@code W_m}: by default every component's
 * centre starts as the identity map of ẑ plus N(0, 0.01²) noise and the α and σ outputs start near zero
 * (α uniform, σ ≈ 1), so that joint training starts from the estimator's code; {@link Builder#optIdentityInit}
 * false draws all of {@code W_m} from N(0, 0.01²) instead. {@code W_m} is stored in row form
 * {@code (m, (2m+1)M)}, columns ordered {@code [α (M) | μ (M·m) | σ (M·m)]}.
 */
public final class MixtureSparsityNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int codeSize;
    private final int numComponents;
    private final float shrinkEpsilon;
    private final float eluGamma;
    private final float sigmaFloor;
    private final boolean sparseRegulation;
    private final Parameter weight;

    private MixtureSparsityNetwork(Builder b) {
        super(VERSION);
        this.codeSize = b.codeSize;
        this.numComponents = b.numComponents;
        this.shrinkEpsilon = b.shrinkEpsilon;
        this.eluGamma = b.eluGamma;
        this.sigmaFloor = b.sigmaFloor;
        this.sparseRegulation = b.sparseRegulation;
        boolean identity = b.identityInit;
        int m = codeSize;
        int mm = numComponents;
        weight = addParameter(Parameter.builder().setName("w_m").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(m, (2L * m + 1) * mm)).optInitializer((manager, shape, dataType) -> {
                    NDArray w = manager.randomNormal(0f, 0.01f, shape, dataType);
                    if (!identity) {
                        return w;
                    }
                    float[] v = w.toFloatArray();
                    long cols = shape.get(1);
                    for (int i = 0; i < mm; i++) {
                        for (int j = 0; j < m; j++) {
                            v[(int) (j * cols + mm + (long) i * m + j)] += 1f;
                        }
                    }
                    w.close();
                    return manager.create(v, shape).toType(dataType, false);
                }).build());
    }

    /** A builder: M = 3, ε = 0.01, γ = 1, σ floor 1e-4, sparse regulation on, identity initialisation. */
    public static Builder builder() {
        return new Builder();
    }

    /** The modified ELU of Eq. 5, {@code f(t) = t + 1} for {@code t ≥ 0}, {@code γ(eᵗ − 1) + 1} otherwise. */
    public static NDArray modifiedElu(NDArray t, float gamma) {
        Checks.notNull(t, "modifiedElu", "an input");
        return t.maximum(0f).add(t.minimum(0f).exp().sub(1f).mul(gamma)).add(1f);
    }

    /**
     * The mixture parameters from the linear output {@code o (B, (2m+1)M)} (Eqs. 3–5).
     *
     * @return {@code NDList(log α (B, M), μ (B, M, m), σ (B, M, m))} on {@code o}'s manager
     */
    public NDList mixture(NDArray o) {
        Checks.check(o.getShape().dimension() == 2 && o.getShape().get(1) == (2L * codeSize + 1) * numComponents,
                "MixtureSparsityNetwork", "an output (B, " + (2L * codeSize + 1) * numComponents + ")", o.getShape());
        int mm = numComponents;
        long mc = (long) mm * codeSize;
        NDArray logAlpha = o.get(":, 0:" + mm).logSoftmax(1);
        NDArray oMu = o.get(":, " + mm + ":" + (mm + mc)).reshape(-1, mm, codeSize);
        NDArray mu = sparseRegulation ? SparseCoding.softThreshold(oMu, shrinkEpsilon) : oMu;
        NDArray sigma = modifiedElu(o.get(":, " + (mm + mc) + ":").reshape(-1, mm, codeSize), eluGamma).maximum(sigmaFloor);
        return new NDList(logAlpha, mu, sigma);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray z = inputs.singletonOrThrow();
        return mixture(z.matMul(store.getValue(weight, z.getDevice(), training)));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Checks.check(inputShapes.length == 1 && inputShapes[0].dimension() == 2 && inputShapes[0].get(1) == codeSize,
                "MixtureSparsityNetwork", "codes (B, " + codeSize + ")", inputShapes.length == 1 ? inputShapes[0] : inputShapes.length + " inputs");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long b = inputShapes[0].get(0);
        return new Shape[] {new Shape(b, numComponents), new Shape(b, numComponents, codeSize), new Shape(b, numComponents, codeSize)};
    }

    /** M. */
    public int getNumComponents() {
        return numComponents;
    }

    /** m. */
    public int getCodeSize() {
        return codeSize;
    }

    /** Whether the centres are shrunk by {@code h_ε}. */
    public boolean hasSparseRegulation() {
        return sparseRegulation;
    }

    @Override
    public String toString() {
        return "MixtureSparsityNetwork(m=" + codeSize + ", M=" + numComponents + ", eps=" + shrinkEpsilon
                + (sparseRegulation ? "" : ", no sparse regulation") + ")";
    }

    /** Builder for {@link MixtureSparsityNetwork}. */
    public static final class Builder {
        private int codeSize;
        private int numComponents = 3;
        private float shrinkEpsilon = 0.01f;
        private float eluGamma = 1f;
        private float sigmaFloor = 1e-4f;
        private boolean sparseRegulation = true;
        private boolean identityInit = true;

        private Builder() {}

        /** The code size m (required). */
        public Builder setCodeSize(int m) {
            this.codeSize = Checks.positive(m, "MixtureSparsityNetwork", "codeSize");
            return this;
        }

        /** M, the number of mixture components (default 3; not given by the paper). */
        public Builder optNumComponents(int numComponents) {
            this.numComponents = Checks.positive(numComponents, "MixtureSparsityNetwork", "numComponents");
            return this;
        }

        /** ε of the centres' shrinkage (Eq. 3; default 0.01, the paper's). */
        public Builder optShrinkEpsilon(float epsilon) {
            this.shrinkEpsilon = (float) Checks.nonNegative(epsilon, "MixtureSparsityNetwork", "shrinkEpsilon");
            return this;
        }

        /** γ of the modified ELU (Eq. 5; default 1, not given by the paper; f is positive only for γ ≤ 1). */
        public Builder optEluGamma(float gamma) {
            this.eluGamma = (float) Checks.inRange(gamma, 0, 1, "MixtureSparsityNetwork", "eluGamma");
            return this;
        }

        /** The floor on σ (default 1e-4; our addition, see the class comment). */
        public Builder optSigmaFloor(float floor) {
            this.sigmaFloor = (float) Checks.positive(floor, "MixtureSparsityNetwork", "sigmaFloor");
            return this;
        }

        /** Shrink the centres by {@code h_ε} (default true; false is Table 1's "without"). */
        public Builder optSparseRegulation(boolean sparseRegulation) {
            this.sparseRegulation = sparseRegulation;
            return this;
        }

        /** Start every centre as the identity map of ẑ (default true); false: all of W_m from N(0, 0.01²). */
        public Builder optIdentityInit(boolean identityInit) {
            this.identityInit = identityInit;
            return this;
        }

        /** Builds the block. */
        public MixtureSparsityNetwork build() {
            Checks.check(codeSize > 0, "MixtureSparsityNetwork", "a code size (setCodeSize)", "none");
            return new MixtureSparsityNetwork(this);
        }
    }
}
