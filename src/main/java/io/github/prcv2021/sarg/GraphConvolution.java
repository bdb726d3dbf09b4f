package io.github.prcv2021.sarg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * One graph-convolution layer, the paper's Eq. 3–4: {@code H' = ReLU(LN(A H W))}, W without bias followed by
 * a layer norm (the ARG code's form of {@code σ(A H W)}).
 *
 * <p>Input {@code NDList(H (B, N, d), A (B, N, N))}; output {@code H' (B, N, units)}.
 */
public final class GraphConvolution extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int units;
    private final Linear weight;
    private final LayerNorm norm;

    private GraphConvolution(Builder b) {
        super(VERSION);
        units = b.units;
        weight = addChildBlock("W", Linear.builder().setUnits(units).optBias(false).build());
        norm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "GraphConvolution", "NDList(H (B, N, d), A (B, N, N))", inputs.size() + " arrays");
        NDArray h = inputs.get(0);
        NDArray a = inputs.get(1);
        Checks.rank(h, 3, "GraphConvolution", "H (B, N, d)");
        Checks.shape(a, new Shape(h.getShape().get(0), h.getShape().get(1), h.getShape().get(1)), "GraphConvolution", "A");
        NDArray ahw = weight.forward(ps, new NDList(a.batchMatMul(h)), training).singletonOrThrow();
        return new NDList(Activation.relu(norm.forward(ps, new NDList(ahw), training).singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape h = inputShapes[0];
        return new Shape[] {new Shape(h.get(0), h.get(1), units)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        weight.initialize(manager, dataType, inputShapes[0]);
        Shape h = inputShapes[0];
        norm.initialize(manager, dataType, new Shape(h.get(0), h.get(1), units));
    }

    /** The builder. */
    public static final class Builder {
        private int units;

        private Builder() {}

        /** The output width (the paper: d = 1024, W ∈ R^{d×d}). */
        public Builder setUnits(int units) {
            this.units = Checks.positive(units, "GraphConvolution", "units");
            return this;
        }

        /** Builds the block. */
        public GraphConvolution build() {
            Checks.check(units > 0, "GraphConvolution.Builder", "setUnits(..) to be called", "no units");
            return new GraphConvolution(this);
        }
    }
}
