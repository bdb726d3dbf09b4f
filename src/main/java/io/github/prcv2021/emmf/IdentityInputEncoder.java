package io.github.prcv2021.emmf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.Arrays;

/**
 * The shared encoder f of the paper (Sect. 3.1, Fig. 1): a fully connected network whose input is the
 * identity {@code I_n}, widths {@code n → w_1 → … → w_m → k} (the paper: 1000, 500, 200, k), ReLU on the
 * hidden layers; its output is the shared representation {@code H_l = f(I_n)} of Eq. 4.
 *
 * <p>Since {@code I_n W_1 = W_1}, the first layer is a learnable {@code (n, w_1)} table plus a bias, looked up
 * by sample index, instead of a product with an n×n identity: input {@code (B)} integer sample indices in
 * [0, n) (all n of them, in order, for Algorithm 1), output {@code (B, k)}. The table and its bias are
 * initialised as PyTorch initialises {@code Linear(n, w_1)}: uniform on ±1/√n.
 *
 * <p>The activation of the code layer is unspecified in the paper ("ReLU activates each layer", while Eq. 4
 * constrains only {@code H_1 … H_{l−1}} to be non-negative): linear by default, ReLU as an option.
 */
public final class IdentityInputEncoder extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int numSamples;
    private final int[] widths;
    private final int codeSize;
    private final boolean reluCode;
    private final Parameter table;
    private final Parameter bias;
    private final SequentialBlock rest;

    /**
     * @param numSamples n, the rows of the identity input
     * @param widths hidden widths {@code w_1 … w_m}, at least one (paper: 1000, 500, 200)
     * @param codeSize k, the width of {@code H_l}
     * @param reluCode whether the code layer is followed by a ReLU
     */
    public IdentityInputEncoder(int numSamples, int[] widths, int codeSize, boolean reluCode) {
        super(VERSION);
        String who = "IdentityInputEncoder";
        this.numSamples = Checks.positive(numSamples, who, "numSamples");
        Checks.check(widths != null && widths.length >= 1, who, "at least one hidden width",
                widths == null ? "null" : Arrays.toString(widths));
        for (int w : widths) {
            Checks.positive(w, who, "every hidden width");
        }
        this.widths = widths.clone();
        this.codeSize = Checks.positive(codeSize, who, "codeSize");
        this.reluCode = reluCode;
        float bound = (float) (1 / Math.sqrt(numSamples));
        this.table = addParameter(Parameter.builder().setName("table").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numSamples, widths[0])).optInitializer(new UniformInitializer(bound)).build());
        this.bias = addParameter(Parameter.builder().setName("tableBias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(widths[0])).optInitializer(new UniformInitializer(bound)).build());
        SequentialBlock net = new SequentialBlock();
        for (int l = 1; l < widths.length; l++) {
            net.add(Linear.builder().setUnits(widths[l]).build()).add(Activation.reluBlock());
        }
        net.add(Linear.builder().setUnits(codeSize).build());
        if (reluCode) {
            net.add(Activation.reluBlock());
        }
        this.rest = addChildBlock("layers", net);
    }

    /** n. */
    public int getNumSamples() {
        return numSamples;
    }

    /** k. */
    public int getCodeSize() {
        return codeSize;
    }

    /** The first layer's table {@code W_1 (n, w_1)}. */
    public Parameter getTable() {
        return table;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        rest.initialize(manager, dataType, new Shape(inputShapes[0].get(0), widths[0]));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray index = inputs.singletonOrThrow();
        Checks.check(index.getShape().dimension() == 1 && !index.getDataType().isFloating(), "IdentityInputEncoder",
                "integer sample indices (B)", index.getDataType() + " " + index.getShape());
        NDArray w = store.getValue(table, index.getDevice(), training);
        NDArray b = store.getValue(bias, index.getDevice(), training);
        NDArray h1 = w.get(index).add(b).getNDArrayInternal().relu();
        return rest.forward(store, new NDList(h1), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), codeSize)};
    }

    @Override
    public String toString() {
        return "IdentityInputEncoder(n=" + numSamples + ", widths=" + Arrays.toString(widths) + ", k=" + codeSize
                + (reluCode ? ", relu code" : "") + ")";
    }
}
