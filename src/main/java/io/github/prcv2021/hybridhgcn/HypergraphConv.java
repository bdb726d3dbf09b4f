package io.github.prcv2021.hybridhgcn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;

/**
 * One hypergraph convolution, the layer of the paper's Eq. 4 without its activation:
 * {@code X' = Ĥ (X Θ + b)}, with the bias of HGNN's reference code ({@code HGNN_conv}: {@code G·(xΘ + b)}).
 * The operator {@code Ĥ} (n, n) is a constant input, so one layer serves every {@code Ĥ^(k)}.
 *
 * <p>Input {@code NDList(X (n, d_in), Ĥ (n, n))}, output {@code (n, d_out)}. Parameters are initialised
 * as in HGNN's code: uniform in {@code ±1/√d_out}.
 */
public final class HypergraphConv extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outFeatures;
    private final boolean bias;
    private final Parameter weight;
    private final Parameter biasParam;

    private HypergraphConv(int outFeatures, boolean bias) {
        super(VERSION);
        this.outFeatures = Checks.positive(outFeatures, "HypergraphConv", "outFeatures");
        this.bias = bias;
        UniformInitializer init = new UniformInitializer((float) (1 / Math.sqrt(outFeatures)));
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(init).build());
        this.biasParam = bias ? addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optInitializer(init).optShape(new Shape(outFeatures)).build()) : null;
    }

    /**
     * A layer with {@code outFeatures} outputs.
     *
     * @param bias add the bias b before propagating (HGNN's code does)
     */
    public static HypergraphConv create(int outFeatures, boolean bias) {
        return new HypergraphConv(outFeatures, bias);
    }

    /**
     * The functional form {@code Ĥ (X Θ + b)}.
     *
     * @param x (n, d_in)
     * @param operator Ĥ (n, n)
     * @param weight Θ (d_in, d_out)
     * @param bias b (d_out), or null
     */
    public static NDArray hypergraphConv(NDArray x, NDArray operator, NDArray weight, NDArray bias) {
        String who = "HypergraphConv";
        Checks.rank(x, 2, who, "X of shape (n, d)");
        long n = x.getShape().get(0);
        Checks.shape(operator, new Shape(n, n), who, "the operator");
        Checks.check(weight.getShape().dimension() == 2 && weight.getShape().get(0) == x.getShape().get(1), who,
                "weight (" + x.getShape().get(1) + ", d_out)", weight.getShape());
        NDArray xw = x.matMul(weight);
        if (bias != null) {
            xw = xw.add(bias);
        }
        return operator.matMul(xw);
    }

    /** Output width. */
    public int outFeatures() {
        return outFeatures;
    }

    /** Θ (d_in, d_out), once initialised. */
    public Parameter weight() {
        return weight;
    }

    /** b (d_out), or null without bias. */
    public Parameter bias() {
        return biasParam;
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        checkInputs(inputShapes);
        weight.setShape(new Shape(inputShapes[0].get(1), outFeatures));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        Checks.check(inputs.size() == 2, "HypergraphConv", "inputs (X, operator)", inputs.size() + " arrays");
        NDArray x = inputs.get(0);
        NDArray w = store.getValue(weight, x.getDevice(), training);
        NDArray b = bias ? store.getValue(biasParam, x.getDevice(), training) : null;
        return new NDList(hypergraphConv(x, inputs.get(1), w, b));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputs(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), outFeatures)};
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }

    private static void checkInputs(Shape[] s) {
        String who = "HypergraphConv";
        Checks.check(s.length == 2, who, "input shapes (X (n, d), operator (n, n))", s.length + " shapes");
        Checks.check(s[0].dimension() == 2, who, "X of shape (n, d)", s[0]);
        long n = s[0].get(0);
        Checks.check(s[1].equals(new Shape(n, n)), who, "operator (" + n + ", " + n + ")", s[1]);
    }

    @Override
    public String toString() {
        return "HypergraphConv(" + outFeatures + (bias ? ", bias" : "") + ")";
    }
}
