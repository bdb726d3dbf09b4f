package io.github.prcv2021.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.github.prcv2021.core.Checks;

/**
 * A plain small CNN for 28×28-scale images: per stage one k×k convolution ('same' padding), optional
 * BatchNorm, ReLU and 2×2 max pooling; then flatten, one hidden fully connected ReLU layer and the
 * logits. Different kernel sizes and widths give architecturally distinct models of similar accuracy,
 * as the transfer-attack experiments need (surrogates and held-out targets).
 */
public final class SmallCnn {

    private SmallCnn() {}

    /**
     * Builds the network.
     *
     * @param kernel k, odd
     * @param widths output channels of each stage, at least one
     * @param hidden units of the hidden fully connected layer
     * @param numClasses logits
     * @param batchNorm BatchNorm after each convolution
     */
    public static SequentialBlock build(int kernel, int[] widths, int hidden, int numClasses, boolean batchNorm) {
        Checks.check(kernel > 0 && kernel % 2 == 1, "SmallCnn", "an odd positive kernel size", kernel);
        Checks.check(widths != null && widths.length > 0, "SmallCnn", "at least one stage width",
                widths == null ? "null" : java.util.Arrays.toString(widths));
        Checks.positive(hidden, "SmallCnn", "hidden");
        Checks.positive(numClasses, "SmallCnn", "numClasses");
        SequentialBlock net = new SequentialBlock();
        for (int w : widths) {
            Checks.positive(w, "SmallCnn", "every width");
            net.add(Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                    .setFilters(w).build());
            if (batchNorm) {
                net.add(BatchNorm.builder().build());
            }
            net.add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2)));
        }
        return net.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(hidden).build()).add(Activation.reluBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }
}
