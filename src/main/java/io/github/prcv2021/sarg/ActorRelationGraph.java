package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * One actor relation graph, the paper's Eq. 1–2 (ARG, Wu et al. 2019, which the paper follows):
 * {@code A_ij = f_s(c_i, c_j) exp(f_a(x_i, x_j)) / Σ_j f_s(c_i, c_j) exp(f_a(x_i, x_j))} with the embedded
 * dot product {@code f_a = θ(x_i)ᵀ φ(x_j) / √d_k} (the ARG code's reading; the paper prints the plain dot
 * product) and the position mask {@code f_s = 1[‖c_i − c_j‖ ≤ μ]} on the actors' box centres.
 *
 * <p>Input {@code NDList(X (B, N, f), centres (B, N, 2))}; output {@code A (B, N, N)}, rows summing to 1.
 */
public final class ActorRelationGraph extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float MASKED = -1e9f;

    private final int relationDim;
    private final float distanceThreshold;
    private final Linear theta;
    private final Linear phi;

    private ActorRelationGraph(Builder b) {
        super(VERSION);
        relationDim = b.relationDim;
        distanceThreshold = b.distanceThreshold;
        theta = addChildBlock("theta", Linear.builder().setUnits(relationDim).build());
        phi = addChildBlock("phi", Linear.builder().setUnits(relationDim).build());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Eq. 1 from the embedded features: row-softmax of {@code θφᵀ/√d_k}, with {@code −∞} (here −1e9) where
     * the centres are farther apart than {@code mu}. The diagonal is never masked, so every row is defined.
     *
     * @param thetaX θ(X), (B, N, d_k)
     * @param phiX φ(X), (B, N, d_k)
     * @param centres box centres, (B, N, 2)
     * @param mu the distance threshold μ, in the centres' units
     * @return A, (B, N, N)
     */
    public static NDArray relation(NDArray thetaX, NDArray phiX, NDArray centres, float mu) {
        Checks.rank(thetaX, 3, "ActorRelationGraph", "θ(X)");
        Checks.check(phiX.getShape().equals(thetaX.getShape()), "ActorRelationGraph", "φ(X) of θ(X)'s shape "
                + thetaX.getShape(), phiX.getShape());
        Checks.shape(centres, new Shape(thetaX.getShape().get(0), thetaX.getShape().get(1), 2), "ActorRelationGraph",
                "centres");
        long dk = thetaX.getShape().get(2);
        NDArray logits = thetaX.batchMatMul(phiX.transpose(0, 2, 1)).div((float) Math.sqrt(dk));
        NDArray far = positionMask(centres, mu).logicalNot().toType(logits.getDataType(), false);
        return logits.add(far.mul(MASKED)).softmax(-1);
    }

    /** The position relation {@code f_s} of Eq. 1 as a boolean (B, N, N): true where ‖c_i − c_j‖₂ ≤ μ. */
    public static NDArray positionMask(NDArray centres, float mu) {
        Checks.check(centres.getShape().dimension() == 3 && centres.getShape().get(2) == 2, "ActorRelationGraph",
                "centres of shape (B, N, 2)", centres.getShape());
        NDArray diff = centres.expandDims(2).sub(centres.expandDims(1));
        return diff.square().sum(new int[] {3}).lte(mu * mu);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray x = inputs.get(0);
        NDArray t = theta.forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray p = phi.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(relation(t, p, inputs.get(1), distanceThreshold));
    }

    private static void checkInputs(NDList inputs) {
        Checks.check(inputs.size() == 2, "ActorRelationGraph", "NDList(X (B, N, f), centres (B, N, 2))",
                inputs.size() + " arrays");
        Checks.rank(inputs.get(0), 3, "ActorRelationGraph", "actor features X (B, N, f)");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), x.get(1))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        theta.initialize(manager, dataType, inputShapes[0]);
        phi.initialize(manager, dataType, inputShapes[0]);
    }

    /** The builder. */
    public static final class Builder {
        private int relationDim = 256;
        private float distanceThreshold = 0.2f;

        private Builder() {}

        /** d_k, the width of θ and φ (default 256, the ARG code's). */
        public Builder optRelationDim(int relationDim) {
            this.relationDim = Checks.positive(relationDim, "ActorRelationGraph", "relationDim");
            return this;
        }

        /**
         * μ of the position relation, in the centres' units (default 0.2: ARG uses 0.2 × the feature-map width,
         * i.e. 0.2 for centres normalised by the width).
         */
        public Builder optDistanceThreshold(float mu) {
            this.distanceThreshold = (float) Checks.positive(mu, "ActorRelationGraph", "distanceThreshold");
            return this;
        }

        /** Builds the block. */
        public ActorRelationGraph build() {
            return new ActorRelationGraph(this);
        }
    }
}
