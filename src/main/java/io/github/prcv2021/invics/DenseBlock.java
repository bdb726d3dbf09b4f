package io.github.prcv2021.invics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.prcv2021.core.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * The dense block used as F_k in the coupling (Eq. 8): L 3×3 convolutions, each fed the concatenation of
 * the input and all earlier outputs, LeakyReLU(0.2) after all but the last; the first L − 1 produce
 * {@code growth} channels, the last maps back to the input's channel count and starts at zero, so a fresh
 * coupling is the identity on ζ1. The paper does not give the layout; this is the Invertible Rescaling
 * Net / invertible denoising reading its references [24, 40] use (defaults L = 5, growth 32).
 */
public final class DenseBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final List<Conv2d> convs = new ArrayList<>();

    /**
     * @param channels input and output channels
     * @param layers L ≥ 1
     * @param growth channels of each hidden layer
     */
    public DenseBlock(int channels, int layers, int growth) {
        super(VERSION);
        this.channels = Checks.positive(channels, "DenseBlock", "channels");
        Checks.positive(layers, "DenseBlock", "layers");
        Checks.positive(growth, "DenseBlock", "growth");
        for (int i = 0; i < layers; i++) {
            Conv2d c = Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                    .setFilters(i == layers - 1 ? channels : growth).build();
            convs.add(addChildBlock("conv" + i, c));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Checks.check(x.getShape().dimension() == 4 && x.getShape().get(1) == channels, "DenseBlock.forward",
                "x (N, " + channels + ", H, W)", x.getShape());
        NDManager owner = x.getManager();
        try (NDManager m = owner.newSubManager()) {
            NDArray features = x;
            NDArray out = null;
            for (int i = 0; i < convs.size(); i++) {
                out = convs.get(i).forward(ps, new NDList(features), training).singletonOrThrow();
                out.attach(m);
                if (i < convs.size() - 1) {
                    out = Activation.leakyRelu(out, 0.2f);
                    out.attach(m);
                    features = features.concat(out, 1);
                    features.attach(m);
                }
            }
            out.attach(owner);
            return new NDList(out);
        }
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        long c = s.get(1);
        for (int i = 0; i < convs.size(); i++) {
            Shape in = new Shape(s.get(0), c, s.get(2), s.get(3));
            convs.get(i).initialize(manager, dataType, in);
            c += convs.get(i).getOutputShapes(new Shape[] {in})[0].get(1);
        }
        // zero start of the last layer (the coupling begins as the identity on its first half)
        for (Parameter p : convs.get(convs.size() - 1).getParameters().values()) {
            p.getArray().muli(0);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
