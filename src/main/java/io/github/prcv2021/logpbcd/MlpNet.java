package io.github.prcv2021.logpbcd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.github.prcv2021.core.Checks;
import java.util.List;

/**
 * The ReLU MLP of the paper (Eq. 1) as a DJL block: {@code Linear(d1), ReLU, ..., Linear(dL)}, with
 * no activation after the last layer. DJL's {@link Linear} keeps its weight as {@code (out, in)},
 * the paper's {@code W_l ∈ R^{d_l × d_{l−1}}}, and works on rows: input {@code (N, d0)}, output
 * {@code (N, dL)}.
 */
public final class MlpNet {

    private MlpNet() {}

    /**
     * An uninitialised block for widths {@code d0, d1, ..., dL}, e.g. to load saved weights into.
     *
     * @param layerSizes at least two widths, all positive; {@code d0} is only checked here
     * @return the block
     */
    public static SequentialBlock block(int... layerSizes) {
        checkSizes(layerSizes, "MlpNet.block");
        SequentialBlock block = new SequentialBlock();
        for (int l = 1; l < layerSizes.length; l++) {
            block.add(Linear.builder().setUnits(layerSizes[l]).build());
            if (l < layerSizes.length - 1) {
                block.add(Activation.reluBlock());
            }
        }
        return block;
    }

    /**
     * A block initialised with copies of the given weights and bias vectors.
     *
     * @param manager the owner of the block's parameters
     * @param weights {@code W_1 .. W_L}, {@code W_l} of shape {@code (d_l, d_{l−1})}
     * @param biases {@code b_1 .. b_L}, each with {@code d_l} entries (shape {@code (d_l)} or {@code (d_l, 1)})
     * @return the initialised block, input shape {@code (N, d0)}
     */
    public static SequentialBlock block(NDManager manager, List<NDArray> weights, List<NDArray> biases) {
        Checks.check(weights.size() == biases.size() && !weights.isEmpty(), "MlpNet.block",
                "as many bias vectors as weight matrices (at least one)", weights.size() + " and " + biases.size());
        int[] sizes = new int[weights.size() + 1];
        sizes[0] = (int) weights.get(0).getShape().get(1);
        for (int l = 0; l < weights.size(); l++) {
            Shape w = weights.get(l).getShape();
            Checks.check(w.dimension() == 2 && w.get(1) == sizes[l], "MlpNet.block",
                    "W_" + (l + 1) + " of shape (d_l, " + sizes[l] + ")", w);
            sizes[l + 1] = (int) w.get(0);
            Checks.check(biases.get(l).size() == sizes[l + 1], "MlpNet.block",
                    "b_" + (l + 1) + " with " + sizes[l + 1] + " entries", biases.get(l).getShape());
        }
        SequentialBlock block = block(sizes);
        int l = 0;
        for (Block child : block.getChildren().values()) {
            if (child instanceof Linear) {
                NDArray w = weights.get(l);
                NDArray b = biases.get(l);
                child.setInitializer((m, shape, type) -> copy(m, w, shape, type), "weight");
                child.setInitializer((m, shape, type) -> copy(m, b, shape, type), "bias");
                l++;
            }
        }
        block.initialize(manager, DataType.FLOAT32, new Shape(1, sizes[0]));
        return block;
    }

    private static NDArray copy(NDManager m, NDArray source, Shape shape, DataType type) {
        return Ops.scoped(m, sub -> source.toType(type, true).reshape(shape).duplicate(), source);
    }

    static void checkSizes(int[] layerSizes, String who) {
        Checks.check(layerSizes != null && layerSizes.length >= 2, who,
                "at least two layer sizes d0, ..., dL", layerSizes == null ? "null" : layerSizes.length);
        for (int i = 0; i < layerSizes.length; i++) {
            Checks.check(layerSizes[i] > 0, who, "positive layer sizes", java.util.Arrays.toString(layerSizes));
        }
    }
}
